/**
 * `node bin/run-ts.js bench/certificate-symmetry.ts [--dense]`: what a certificate costs next to
 * the solve it certifies, on a 15 000-variable ufm-ce instance (K = 4, n = 49 per class, d = 75:
 * 2775 rotation tangents, just inside ufmCeSymmetries' size cap). The certificate projects the
 * rotation orbit off its Newton steps; with the structured projector (src/linalg/rotation-orbit.ts)
 * it needs no basis. `--dense` also times the Gram-Schmidt basis of the 2775 full-length tangents
 * that certificates built before, and compares the two certificates' distance estimates.
 */
import { certify } from '../src/certify/certificate.ts';
import { ufmCe } from '../src/problems/ufm-ce/problem.ts';
import { solveMultistart } from '../src/solvers/multistart.ts';

const inst = ufmCe.parse({ problem: 'ufm-ce', K: 4, n: [49, 49, 49, 49], d: 75, lambdaW: 0.005, lambdaH: 0.005, lambdaB: 0, bias: true }, 'bench');
const obj = ufmCe.objective(inst);
let t = performance.now();
const [run] = solveMultistart(ufmCe, inst, { starts: 1, seed: 1, objective: obj });
const solveSeconds = (performance.now() - t) / 1000;
t = performance.now();
const fast = certify(obj, run.x, { seed: 1, subspace: ufmCe.symmetrySubspace!(inst, run.x) });
const certSeconds = (performance.now() - t) / 1000;
const out: Record<string, unknown> = {
  variables: obj.size,
  tangents: (inst.d * (inst.d - 1)) / 2 + 1,
  solveSeconds,
  certificateSeconds: certSeconds,
  ratio: certSeconds / solveSeconds,
  stationarity: fast.stationarity,
  distanceEstimate: fast.distanceEstimate,
};
if (process.argv.includes('--dense')) {
  t = performance.now();
  const dense = certify(obj, run.x, { seed: 1, symmetries: ufmCe.symmetries!(inst, run.x) });
  out.denseCertificateSeconds = (performance.now() - t) / 1000;
  out.denseDistanceEstimate = dense.distanceEstimate;
  out.denseStationarity = dense.stationarity;
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
