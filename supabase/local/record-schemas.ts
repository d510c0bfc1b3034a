// Prints the SQL that stores the draft schemas (src/domain/versions/drafts.ts, as JSON Schema) in
// private.reference_record_schemas, where the server checks drafts against them. The device's zod
// schemas are the definition: after changing one, put this output in a new migration
// (`npm run -s db:record-schemas > supabase/migrations/<timestamp>_record_schemas.sql`);
// tests/db/reference-versions-drafts.test.ts fails until the database holds what the schemas say.
import { recordJsonSchemas } from '../../src/domain/versions/drafts';

/** The JSON Schema keywords private.json_schema_problem understands; anything else is refused here. */
export const SUPPORTED_KEYWORDS = new Set([
  '$schema',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'anyOf',
  'oneOf',
]);

function unsupported(schema: unknown, path: string, out: string[]): string[] {
  if (typeof schema !== 'object' || schema === null) return out;
  for (const [key, value] of Object.entries(schema)) {
    if (!SUPPORTED_KEYWORDS.has(key)) out.push(`${path}/${key}`);
    if (key === 'properties')
      for (const [name, sub] of Object.entries(value as object)) unsupported(sub, `${path}/properties/${name}`, out);
    else if (key === 'anyOf' || key === 'oneOf')
      (value as unknown[]).forEach((sub, i) => unsupported(sub, `${path}/${key}/${i}`, out));
    else if (['items', 'additionalProperties', 'propertyNames'].includes(key))
      unsupported(value, `${path}/${key}`, out);
  }
  return out;
}

export function recordSchemasSql(): string {
  const schemas = recordJsonSchemas();
  const problems = Object.entries(schemas).flatMap(([kind, schema]) => unsupported(schema, kind, []));
  if (problems.length > 0)
    throw new Error(`the server's JSON Schema check does not know these keywords: ${problems.join(', ')}`);
  const rows = Object.entries(schemas).map(
    ([kind, schema]) => `  ('${kind}', $json$${JSON.stringify(schema)}$json$::jsonb)`,
  );
  return `insert into private.reference_record_schemas (kind, json_schema) values\n${rows.join(',\n')}\non conflict (kind) do update set json_schema = excluded.json_schema;\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(recordSchemasSql());
