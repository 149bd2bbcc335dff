/** The symmetry option of a certificate for a problem's point: its structured projector when it has one, else its tangents. */
import type { InstanceBase, Problem } from '../problems/problem.ts';
import type { CertifyOptions } from './types.ts';

export function symmetryOptions<I extends InstanceBase>(problem: Problem<I>, instance: I, x: Float64Array): Pick<CertifyOptions, 'symmetries' | 'subspace'> {
  if (problem.symmetrySubspace) return { subspace: problem.symmetrySubspace(instance, x) };
  const tangents = problem.symmetries?.(instance, x);
  return tangents ? { symmetries: tangents } : {};
}
