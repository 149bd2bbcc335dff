/**
 * A small report with every verdict, built from real checks (no solve is faked except the
 * inconclusive one, which no cheap real instance produces): a pass and a skip of
 * zhu2021.landscape, a fail of a planted wrong variant of zhu2021.global (the simplex ETF
 * claimed for d = K - 2, rejected before any solve), and a pass relabelled inconclusive, and a
 * fail of zhu2021.global with its optimum overstated by 3% (a violated check with its numbers).
 */
import { checkInstance, claimResult } from '../../src/engine/check.ts';
import type { Theorem } from '../../src/engine/theorem.ts';
import type { UfmCeInstance } from '../../src/problems/ufm-ce/problem.ts';
import type { InstanceResult } from '../../src/engine/verdict.ts';
import type { MutateResult } from '../../src/engine/mutate.ts';
import { claimFormulas } from '../../src/report/formulas.ts';
import { provenance } from '../../src/report/provenance.ts';
import { buildReport, type Report, type ReportClaim } from '../../src/report/report.ts';
import type { PhaseSeries } from '../../src/report/figures/phase.ts';
import { zhu2021Global, zhu2021Landscape } from '../../theorems/zhu2021.ts';
import { dang2023dlnCe } from '../../theorems/dang2023dln.ts';
import { clauseRecords } from '../../src/engine/clauses.ts';
import { huntMap } from '../../src/hunt/map.ts';
import { necessityTable } from '../../src/hunt/necessity.ts';

export const passInstance: UfmCeInstance = { problem: 'ufm-ce', K: 3, n: [2, 2, 2], d: 4, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: false };
/** Imbalanced: outside `balanced`. */
export const skipInstance: UfmCeInstance = { problem: 'ufm-ce', K: 3, n: [2, 3, 2], d: 4, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: false };
/** d = K - 2: the wrong variant claims an ETF of rank K - 1 in dimension K - 2. */
export const failInstance: UfmCeInstance = { problem: 'ufm-ce', K: 4, n: [2, 2, 2, 2], d: 2, lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0, bias: false };

export const wrongVariant: Theorem = {
  ...zhu2021Global,
  id: 'zhu2021.global-wrong',
  statement: 'A planted wrong claim: the simplex ETF for d >= K - 2 <with markup & "quotes">.',
  assumptions: { ...zhu2021Global.assumptions, dimension: 'd >= K - 2' },
};

/** The optimum overstated by 3%: the claimed minimiser no longer attains it (a fail with a violated check and its numbers). */
export const overstatedOptimum: Theorem = {
  ...zhu2021Global,
  id: 'zhu2021.global-overstated',
  predictions: { ...zhu2021Global.predictions, optimum: `1.03 * (${zhu2021Global.predictions.optimum})` },
};

function claimOf(thm: Theorem, results: InstanceResult[], phase?: PhaseSeries[]): ReportClaim {
  return {
    ...claimResult(thm, 11, results, 0.5),
    citation: thm.citation,
    formulas: claimFormulas(thm),
    ...(phase ? { phase } : {}),
    ...(thm.clauses ? { clauses: clauseRecords(thm.clauses) } : {}),
  };
}

/**
 * A real failure map of dang2023dln.ce over lambda x depth (K = 4, n = 1): at depth 1 it passes,
 * at depth 2 it fails below the zero threshold (tests/hunt/map-necessity.test.ts).
 */
export function sampleMap() {
  return huntMap(dang2023dlnCe, {
    axes: ['lambda', 'depth'],
    grid: [2, 2],
    at: { K: 4, nMin: 1, widthOffset: 0 },
    ranges: { lambda: [0.03, 0.6], depth: [1, 2] },
  });
}

export const samplePhase: PhaseSeries = {
  title: 'wNormSq across the zero-solution threshold',
  parameter: 'lambdaW',
  quantity: '||W||^2',
  predictedSwitch: 0.5,
  points: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((t) => ({
    parameter: t,
    predicted: Math.max(0, 1 - 2 * t),
    measured: t === 0.3 ? null : Math.max(0, 1 - 2 * t) + 1e-3,
  })),
};

export function sampleReport(): Report {
  const opts = { seed: 5, recordHistory: true, recordGram: true };
  const pass = checkInstance(zhu2021Landscape, passInstance, 0, opts);
  const skipped = checkInstance(zhu2021Landscape, skipInstance, 1, opts);
  const inconclusive: InstanceResult = {
    ...pass,
    index: 2,
    verdict: 'inconclusive',
    reason: 'no start was certified (relabelled for the report tests)',
    counterexample: undefined,
  };
  const fail = checkInstance(wrongVariant, failInstance, 0, opts);
  const okOnWrong = checkInstance(wrongVariant, passInstance, 1, opts);
  const overstated = checkInstance(overstatedOptimum, passInstance, 0, opts);
  const claims = [
    claimOf(zhu2021Landscape, [pass, skipped, inconclusive]),
    claimOf(wrongVariant, [fail, okOnWrong], [samplePhase]),
    claimOf(overstatedOptimum, [overstated]),
  ];
  const mutations: MutateResult[] = [
    {
      claim: zhu2021Landscape.id,
      seed: 11,
      rejected: 1,
      total: 2,
      variants: [
        {
          name: 'optimum: constant #1 (1) x 1.03',
          description: 'optimum = ...',
          rejected: true,
          reason: 'below the claimed optimum',
          instancesTried: 1,
          verdicts: ['fail'],
          seconds: 0.1,
        },
        {
          name: 'a variant that survives <&>',
          description: 'survives',
          rejected: false,
          reason: 'no instance gave fail',
          instancesTried: 4,
          verdicts: ['pass', 'pass', 'pass', 'pass'],
          seconds: 0.2,
        },
      ],
    },
  ];
  // The wrong variant carries zhu2021.global's clauses, a necessity table and the map of another claim.
  const necessity = [{ ...necessityTable(wrongVariant, { seed: 2, instances: 1 }), claim: wrongVariant.id }];
  const maps = [{ ...sampleMap(), claim: wrongVariant.id }];
  return buildReport('sample', provenance(11, new Date('2026-01-01T00:00:00Z'), 1.5), claims, mutations, { necessity, maps });
}
