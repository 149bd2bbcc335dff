/**
 * What x explains of y: B = S_yx S_xx^{-1} makes the residual y - B x orthogonal to x, and
 * E = S_yy - S_yx S_xx^{-1} S_xy is the residual's second moment, computed here from the samples.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { matmul, transpose } from '../../../src/linalg/matrix.ts';
import { conditionalResidual, regressionOnX } from '../../../src/problems/vae/conditional.ts';
import { momentsOf } from '../../../src/problems/vae/cvae.ts';
import { generateSamples } from '../../../src/problems/vae/data.ts';
import { cvaeModes } from '../../../src/problems/vae/symbols.ts';

const data = { seed: 11, samples: 40, dx: 3, dy: 2, correlation: 1.2, noise: [0.5, 1.5] };

describe('regression of y on x and the conditional residual', () => {
  it('S_xx B^T = S_xy', () => {
    const m = momentsOf(data);
    const lhs = matmul(m.Sxx, transpose(regressionOnX(data)));
    for (let i = 0; i < lhs.data.length; i++) expect(lhs.data[i]).toBeCloseTo(m.Sxy.data[i], 12);
  });

  it('E = mean (y - B x)(y - B x)^T over the samples, and its modes are eigenpairs', () => {
    const { X, Y } = generateSamples(data);
    const B = regressionOnX(data);
    const E = conditionalResidual(data);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let s = 0;
        for (let t = 0; t < X.length; t++) {
          const r = (q: number) => Y[t][q] - X[t].reduce((a, x, c) => a + B.data[q * 3 + c] * x, 0);
          s += (r(i) * r(j)) / X.length;
        }
        expect(E.data[i * 2 + j]).toBeCloseTo(s, 12);
      }
    }
    const { theta, Q } = cvaeModes(data);
    expect(theta[0]).toBeGreaterThanOrEqual(theta[1]);
    const EQ = matmul(E, Q);
    for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) expect(EQ.data[r * 2 + c]).toBeCloseTo(theta[c] * Q.data[r * 2 + c], 12);
  });

  it('names the data set when S_xx is singular', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ncverify-cond-')), 'data.json');
    // The second x column is twice the first: S_xx has rank 1.
    writeFileSync(
      file,
      JSON.stringify({
        x: [
          [1, 2],
          [2, 4],
          [-1, -2],
          [0.5, 1],
        ],
        y: [[1], [0], [2], [1]],
      }),
    );
    expect(() => conditionalResidual({ path: file })).toThrow(InputError);
    expect(() => regressionOnX({ path: file })).toThrow(/data: S_xx is singular/);
  });
});
