/**
 * `ncverify threshold ID`: predicted vs measured switch points of a threshold claim, by bisection
 * on certified solutions (src/engine/threshold.ts); for an asymptotic claim (src/engine/asymptotic.ts)
 * the deviation along its sequence with the fitted rate. Exit code 1 when a configuration
 * disagrees, shows no switch, or (asymptotic) does not shrink: a finding; 0 otherwise.
 */
import { checkAsymptotic, type AsymptoticRow } from '../engine/asymptotic.ts';
import type { AsymptoticStudy, ThresholdStudy } from '../engine/study.ts';
import { locateSwitch, type ThresholdRow } from '../engine/threshold.ts';
import { expired, type TimeBudget } from '../engine/budget.ts';
import { EXIT } from './failure.ts';
import { TIMEOUT_OPTION, commandLimits, stoppedLine } from './limits.ts';
import { InputError } from '../errors.ts';
import { catalogue } from '../../theorems/index.ts';
import { intFlag, parse } from './args.ts';

type Out = (line: string) => void;

export function thresholdCommand(argv: string[], out: Out): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, digits: { type: 'string' }, ...TIMEOUT_OPTION }, 'threshold');
  const { budget } = commandLimits(values);
  if (positionals.length !== 1) {
    throw new InputError('ncverify threshold', `name one threshold or asymptotic study (${catalogue.studies.map((s) => s.id).join(', ')})`);
  }
  const found = catalogue.study(String(positionals[0]), 'threshold');
  if (found.kind === 'asymptotic') return asymptotic(found, Boolean(values.json), out, budget);
  const study: ThresholdStudy = found;
  const digits = intFlag(values.digits, '--digits', 1) ?? 6;
  const relTol = 10 ** -digits;
  if (!values.json) {
    out(`${study.id}: ${study.property} iff ${study.parameter} > t*; bisection to ${relTol} relative on certified solutions`);
    out(
      `${'configuration'.padEnd(52)} ${'predicted t*'.padStart(14)} ${'measured'.padStart(14)} ${'rel. error'.padStart(10)} ${'resolution'.padStart(10)}  outcome`,
    );
  }
  // The budget is looked at before each configuration (a bisection in this thread cannot be interrupted).
  const rows: ThresholdRow[] = [];
  let notRun = 0;
  for (const c of study.configurations) {
    if (expired(budget)) {
      notRun++;
      continue;
    }
    const r = locateSwitch(study, c, { relTol });
    if (!values.json) out(rowLine(r));
    rows.push(r);
  }
  if (values.json) out(JSON.stringify({ claim: study.id, parameter: study.parameter, property: study.property, rows }, null, 1));
  else {
    const agree = rows.filter((r) => r.outcome === 'agree').length;
    out(`${agree}/${rows.length} configurations agree with the prediction`);
    for (const r of rows.filter((x) => x.outcome !== 'agree')) out(`  ${r.configuration}: ${r.detail}`);
    if (budget && notRun > 0) out(stoppedLine(budget, `${notRun} of ${study.configurations.length} configurations not run`));
  }
  if (!rows.every((r) => r.outcome === 'agree')) return EXIT.fail;
  return notRun > 0 ? EXIT.stopped : EXIT.ok;
}

function asymptotic(study: AsymptoticStudy, json: boolean, out: Out, budget?: TimeBudget): number {
  const rows: AsymptoticRow[] = [];
  let notRun = 0;
  if (!json) out(`${study.id}: ${study.deviation} -> 0 as ${study.parameter} runs along its sequence, claimed O((${study.rate})^${study.claimedExponent})`);
  for (const c of study.configurations) {
    if (expired(budget)) {
      notRun++;
      continue;
    }
    const r = checkAsymptotic(study, c);
    rows.push(r);
    if (!json) out(`${r.configuration.padEnd(44)} ${r.verdict.toUpperCase().padEnd(13)} fitted exponent ${r.fittedExponent.toFixed(2)}  ${r.detail}`);
  }
  if (json) out(JSON.stringify({ claim: study.id, parameter: study.parameter, rate: study.rate, rows }, null, 1));
  else if (budget && notRun > 0) out(stoppedLine(budget, `${notRun} of ${study.configurations.length} configurations not run`));
  if (rows.some((r) => r.verdict === 'fail')) return EXIT.fail;
  return notRun > 0 ? EXIT.stopped : EXIT.ok;
}

function rowLine(r: ThresholdRow): string {
  const u = r.uncertifiedProbes > 0 ? ` (${r.uncertifiedProbes}/${r.probes} probes uncertified)` : '';
  return `${r.configuration.padEnd(52)} ${r.predicted.toPrecision(10).padStart(14)} ${r.measured.toPrecision(10).padStart(14)} ${r.relativeError.toExponential(1).padStart(10)} ${r.resolution.toExponential(1).padStart(10)}  ${r.outcome}${u}`;
}
