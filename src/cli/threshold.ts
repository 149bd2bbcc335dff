/**
 * `ncverify threshold ID`: predicted vs measured switch points of a threshold claim, by bisection
 * on certified solutions (src/engine/threshold.ts); for an asymptotic claim (src/engine/asymptotic.ts)
 * the deviation along its sequence with the fitted rate. Exit code 1 when a configuration
 * disagrees, shows no switch, or (asymptotic) does not shrink: a finding; 0 otherwise.
 */
import { checkAsymptotic, type AsymptoticRow, type AsymptoticStudy } from '../engine/asymptotic.ts';
import { runThresholdStudy, type ThresholdRow, type ThresholdStudy } from '../engine/threshold.ts';
import { InputError } from '../errors.ts';
import { asymptoticStudies, thresholdStudies } from '../../theorems/index.ts';
import { intFlag, parse } from './args.ts';

type Out = (line: string) => void;

export function thresholdCommand(argv: string[], out: Out): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, digits: { type: 'string' } }, 'threshold');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const studies = thresholdStudies as readonly ThresholdStudy<any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const sweeps = asymptoticStudies as readonly AsymptoticStudy<any>[];
  const known = [...studies.map((s) => s.claim), ...sweeps.map((s) => s.claim)];
  if (positionals.length !== 1) throw new InputError('ncverify threshold', `name one claim with a threshold or asymptotic study (${known.join(', ')})`);
  const sweep = sweeps.find((s) => s.claim === positionals[0]);
  if (sweep) return asymptotic(sweep, Boolean(values.json), out);
  const study = studies.find((s) => s.claim === positionals[0]);
  if (!study) throw new InputError('ncverify threshold', `no threshold or asymptotic study for "${positionals[0]}" (known: ${known.join(', ')})`);
  const digits = intFlag(values.digits, '--digits', 1) ?? 6;
  const relTol = 10 ** -digits;
  if (!values.json) {
    out(`${study.claim}: ${study.property} iff ${study.parameter} > t*; bisection to ${relTol} relative on certified solutions`);
    out(`${'configuration'.padEnd(52)} ${'predicted t*'.padStart(14)} ${'measured'.padStart(14)} ${'rel. error'.padStart(10)} ${'resolution'.padStart(10)}  outcome`);
  }
  const rows = runThresholdStudy(study, { relTol, onRow: values.json ? undefined : (r) => out(rowLine(r)) });
  if (values.json) out(JSON.stringify({ claim: study.claim, parameter: study.parameter, property: study.property, rows }, null, 1));
  else {
    const agree = rows.filter((r) => r.outcome === 'agree').length;
    out(`${agree}/${rows.length} configurations agree with the prediction`);
    for (const r of rows.filter((x) => x.outcome !== 'agree')) out(`  ${r.configuration}: ${r.detail}`);
  }
  return rows.every((r) => r.outcome === 'agree') ? 0 : 1;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function asymptotic(study: AsymptoticStudy<any>, json: boolean, out: Out): number {
  const rows: AsymptoticRow[] = [];
  if (!json) out(`${study.claim}: ${study.deviation} -> 0 as ${study.parameter} runs along its sequence, claimed O((${study.rate})^${study.claimedExponent})`);
  for (const c of study.configurations) {
    const r = checkAsymptotic(study, c);
    rows.push(r);
    if (!json) out(`${r.configuration.padEnd(44)} ${r.verdict.toUpperCase().padEnd(13)} fitted exponent ${r.fittedExponent.toFixed(2)}  ${r.detail}`);
  }
  if (json) out(JSON.stringify({ claim: study.claim, parameter: study.parameter, rate: study.rate, rows }, null, 1));
  return rows.some((r) => r.verdict === 'fail') ? 1 : 0;
}

function rowLine(r: ThresholdRow): string {
  const u = r.uncertifiedProbes > 0 ? ` (${r.uncertifiedProbes}/${r.probes} probes uncertified)` : '';
  return `${r.configuration.padEnd(52)} ${r.predicted.toPrecision(10).padStart(14)} ${r.measured.toPrecision(10).padStart(14)} ${r.relativeError.toExponential(1).padStart(10)} ${r.resolution.toExponential(1).padStart(10)}  ${r.outcome}${u}`;
}
