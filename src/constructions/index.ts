/**
 * Constructions (docs/design.md, "Kinds of claims": `construction`): an algorithm's output with
 * claimed properties, checked by measurements. EBV against the packing bounds (ebv2023) and
 * FedLoGe's sparse ETF classifier (fedloge2024). What a theorem file needs is exported here.
 */
export { bestLowerBound, orthoplexBound, welchBound, type BestBound, type PackingBound, type PackingBoundName } from './packing-bounds.ts';
export { measureVectorSet, type VectorSetMeasurement } from './vector-set.ts';
export {
  ATTAINMENT_TOLERANCE,
  COSINE_ROUNDING,
  ORTHONORMAL_TOLERANCE,
  checkBeats,
  checkOrthonormal,
  checkSimplexAttainment,
  checkWelchChain,
  simplexBoundExcess,
} from './packing-checks.ts';
export { MAX_EBV_N, generateEbv, validateEbvRequest, type EbvFieldNames, type EbvMethod, type EbvRequest, type EbvResult } from './ebv.ts';
export { OFFICIAL_DEFAULT_ALPHA, OFFICIAL_STOP_SLACK, officialEbv, type OfficialEbvOptions, type OfficialEbvResult } from './ebv-official.ts';
export { bestEbv, coherenceSurrogate, type BestEbvOptions, type BestEbvResult, type CoherenceSurrogate } from './ebv-best.ts';
export { orthonormalColumns, randomOrthonormalRows } from './orthonormal.ts';
export { realignRows, sseC, type SseCOptions, type SseCResult } from './sse-c.ts';
export {
  DENSE_ETF_TOLERANCE,
  SSE_C_ANGLE_GAP_TOLERANCE,
  SSE_C_NORM_TOLERANCE,
  checkDenseSimplexEtf,
  checkNearestAngleGap,
  checkRankinBound,
  checkRealignment,
  checkRowNorms,
  checkZeroPattern,
  nearestAngles,
  type NearestAngleStats,
} from './sse-c-checks.ts';
export { decideCheck, ebvClaimChecks, sseCClaimChecks, type ConstructionCheck } from './claims.ts';
