// Generates the JSON Schemas of the documented file formats from the zod schemas, so the
// documentation cannot drift from the validation: `npm run schema` writes them, and a unit test
// fails when the committed files differ from fresh output.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CaseFile } from '../../domain/case-file';
import { PartiesFile } from '../../domain/parties';

export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schemas');

function render(schema: z.ZodType, id: string, title: string): string {
  // io 'input': the schema describes what a person writes (fields with defaults may be left out).
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' });
  return `${JSON.stringify({ $id: id, title, ...json }, null, 2)}\n`;
}

/** File name (in schemas/) → contents. */
export function generateSchemas(): Record<string, string> {
  return {
    'case-file.schema.json': render(CaseFile, 'case-file.schema.json', 'Ärendeflöde: ärendefil'),
    'parties.schema.json': render(PartiesFile, 'parties.schema.json', 'Ärendeflöde: partregister'),
  };
}

if (require.main === module) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, text] of Object.entries(generateSchemas())) {
    writeFileSync(path.join(SCHEMA_DIR, name), text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(SCHEMA_DIR, name))}\n`);
  }
}
