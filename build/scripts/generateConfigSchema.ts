// `npm run schema`: writes build/config.schema.json from the app's own config schema.
// `--check` only compares, and fails when the committed file is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigJsonSchema } from '../../sync/config/jsonSchema.js';

export const configSchemaFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'config.schema.json');

const text = renderConfigJsonSchema();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(configSchemaFile) ? fs.readFileSync(configSchemaFile, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(`${configSchemaFile} är inaktuell: kör "npm run schema" och checka in resultatet.\n`);
    process.exitCode = 1;
  }
} else {
  fs.writeFileSync(configSchemaFile, text);
  process.stdout.write(`Skrev ${configSchemaFile}\n`);
}
