/** Symbolic and root-finding tools for theorem predictions written as math expression strings. */
export { derivative, errorText, evaluateExpr, evaluateExprs, exprSymbols, listConstants, parseExpr, perturbConstant, toLatex } from './expr.ts';
export type { ConstantInfo, Scope } from './expr.ts';
export { bracket, brent, nerdamerSolve, setNerdamerCandidateHookForTests } from './roots.ts';
export type { BrentResult, NerdamerSolveResult, RejectedRoot } from './roots.ts';
export { stationaryPoint } from './stationary.ts';
export type { StationaryPoint } from './stationary.ts';
