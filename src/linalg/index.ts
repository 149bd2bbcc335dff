/** Dense float64 linear algebra for ncverify: matrices, Jacobi eigen/SVD, Lanczos. */

export type { Mat } from './matrix.ts';
export {
  mat,
  zeros,
  eye,
  fromRows,
  toRows,
  clone,
  transpose,
  matmul,
  matmulTN,
  matmulNT,
  rowGram,
  colGram,
  add,
  sub,
  scale,
  frobNorm,
  frobDot,
  maxAbs,
  relFrobDiff,
  centering,
  centerColumns,
  rowNorms,
  colNorms,
  cosineMatrix,
  diag,
  diagOf,
  trace,
  isFiniteMat,
  symmetrize,
  column,
  setColumn,
} from './matrix.ts';
export type { SymmetricEigen, Svd } from './eigen.ts';
export { symmetricEigen, svd, psdSqrt, pinv, nuclearNorm, rank } from './eigen.ts';
export type { LanczosOptions, LanczosResult } from './lanczos.ts';
export { lanczosExtremeEigen, tridiagEigen } from './lanczos.ts';
