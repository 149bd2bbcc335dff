/**
 * Thrampoulidis, Kini, Vakilian, Behnia. "Imbalance Trouble: Revisiting Neural-Collapse Geometry."
 * NeurIPS 2022. Catalogue section: seli2022 (../shared/theorems.md).
 *
 * Checked here: the lambda -> 0 limit of ridge-regularised CE without bias, as an asymptotic
 * claim (src/core/asymptotic.ts): along lambda = 10^-2 ... 10^-32 the certified UFM-Z minimiser
 * (lambdaZ = lambda, the class-level problem; W W^T is proportional to (M M^T)^{1/2},
 * M = Z_bar D^{1/2}, by Hong & Ling's factorisation) is normalised and compared with the SELI
 * classifier Gram (C D C)^{1/2} [derived]. The paper claims convergence; the catalogue observes a
 * rate of about 1/log(1/lambda) [derived]. The SELI reference values (STEP imbalance) are
 * checked in tests/theorems/seli2022.test.ts against the closed form.
 *
 * Not yet encoded: the UF-SVM itself as a solved problem (src/problems/uf-svm.ts) and the
 * feature-side claims (H^T H = (Z^T Z)^{1/2}, W h_k = e_k - 1/K).
 */
import type { AsymptoticStudy } from '../src/core/asymptotic.ts';
import { psdSqrt } from '../src/linalg/eigen.ts';
import { centering, diag, frobNorm, mat, matmul, matmulNT, type Mat } from '../src/linalg/matrix.ts';
import { solveUfmZ } from '../src/problems/ufm-z.ts';

/** SELI classifier Gram (C D C)^{1/2} for class counts n. */
export function seliClassifierGram(n: readonly number[]): Mat {
  const K = n.length;
  const C = centering(K);
  return psdSqrt(matmul(matmul(C, diag(n)), C));
}

function normalised(A: Mat): Mat {
  const f = frobNorm(A);
  return mat(A.rows, A.cols, A.data.map((v) => v / f));
}

export interface SeliConfig {
  readonly kA: number;
  readonly kB: number;
  readonly R: number;
}

/** Ridge CE (no bias) classifier Gram -> SELI as lambda -> 0, STEP imbalance n = R (majority), 1 (minority). */
export const seliRidgeLimit: AsymptoticStudy<SeliConfig> = {
  claim: 'seli2022.ridge-limit',
  parameter: 'lambda',
  rate: '1/log(1/lambda)',
  claimedExponent: 1,
  deviation: '|| W W^T / ||W W^T||_F - (C D C)^{1/2} / ||.||_F ||_F',
  configurations: [{ kA: 5, kB: 5, R: 10 }, { kA: 5, kB: 5, R: 100 }, { kA: 3, kB: 2, R: 5 }, { kA: 2, kB: 4, R: 20 }],
  describe: (c) => `STEP k_A=${c.kA} k_B=${c.kB} R=${c.R}`,
  sequence: () => [1e-2, 1e-4, 1e-8, 1e-16, 1e-32],
  evaluate(c, lambda) {
    const n = [...Array<number>(c.kA).fill(c.R), ...Array<number>(c.kB).fill(1)];
    const K = n.length;
    const s = solveUfmZ({ problem: 'ufm-z', K, n, lambdaZ: lambda, lambdaB: 0, bias: false });
    const M = mat(K, K);
    for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) M.data[i * K + k] = s.Zbar.data[i * K + k] * Math.sqrt(n[k]);
    const G = normalised(psdSqrt(matmulNT(M, M)));
    const S = normalised(seliClassifierGram(n));
    let dev = 0;
    for (let i = 0; i < K * K; i++) dev += (G.data[i] - S.data[i]) ** 2;
    return { t: lambda, rate: 1 / Math.log(1 / lambda), deviation: Math.sqrt(dev), certified: s.certified };
  },
};

export const asymptoticStudies = [seliRidgeLimit];
