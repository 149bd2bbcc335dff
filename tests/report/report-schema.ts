/**
 * Generates the JSON schema of report.json from the TypeScript type `Report` (src/report/report.ts)
 * with ts-json-schema-generator. The schema is committed as src/report/report.schema.json, which
 * `ncverify report` and `merge` validate every report.json against (with ajv); the test beside
 * this file regenerates it and fails when the committed file no longer matches the types.
 * `npm run build:schema` rewrites the committed file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { REPORT_SCHEMA } from '../../src/report/report.ts';
import { CLAIM_ID } from '../../src/engine/claim.ts';

const root = path.resolve(import.meta.dirname, '../..');
export const SCHEMA_FILE = path.join(root, 'src/report/report.schema.json');

/** The schema generated from the types, as the committed file's text. */
export function generateReportSchema(): string {
  const generator = createGenerator({
    path: path.join(root, 'src/report/report.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'Report',
    expose: 'export',
    topRef: true,
    jsDoc: 'none',
    additionalProperties: false,
    skipTypeCheck: true,
  });
  const schema = generator.createSchema('Report') as { definitions: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
  // What the types cannot say: a claim id has the form defineTheorem enforces (it names files of
  // the report directory, so a crafted "../x" must not pass).
  const id = { type: 'string', pattern: CLAIM_ID.source };
  for (const def of ['ReportClaim', 'MutateResult', 'StudyResult']) schema.definitions[def].properties!.claim = id;
  const plan = schema.definitions.RunPlan.properties!.claims as { items: { properties: Record<string, unknown> } };
  plan.items.properties.id = id;
  // The four verdict forms are told apart by `verdict` (ajv's discriminator): an unknown verdict is
  // one error naming it, and an error inside a result is reported from its own form only.
  const union = schema.definitions.InstanceResult as { anyOf?: unknown[] };
  schema.definitions.InstanceResult = { type: 'object', discriminator: { propertyName: 'verdict' }, required: ['verdict'], oneOf: union.anyOf } as never;
  const out = { $id: `https://ncverify.invalid/schema/${REPORT_SCHEMA}.json`, title: REPORT_SCHEMA, ...schema };
  return JSON.stringify(out, null, 1) + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(SCHEMA_FILE, generateReportSchema());
  process.stdout.write(`wrote ${path.relative(root, SCHEMA_FILE)}\n`);
}
