// build/config.schema.json: up to date with the zod schema, and agreeing with it: a JSON
// Schema validator (ajv) accepts and rejects the same configs the app does.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { renderConfigJsonSchema } from '../../sync/config/jsonSchema.js';
import { configSchema } from '../../sync/config/schema.js';
import { repoRoot } from '../helpers/cli.js';

const schemaFile = path.join(repoRoot, 'build', 'config.schema.json');

const example = {
  dataDir: 'data',
  mirrorDir: 'Styrande dokument',
  libraries: [
    {
      id: 'ledningssystem',
      title: 'Ledningssystem',
      source: { type: 'manifest', url: 'https://docs.example.org/reserv/manifest.json', publicKey: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=' },
    },
    { id: 'akut', title: 'Akutens rutiner', source: { type: 'folder', path: '//fileserver/styrande/akut' } },
  ],
  schedule: { intervalMinutes: 30 },
  safety: { maxDeletePercent: 10, maxDeleteCount: 50 },
  staleAfterHours: 24,
};

const cases: { name: string; config: unknown }[] = [
  { name: 'the example from the contract', config: example },
  { name: 'only the required keys', config: { libraries: [example.libraries[1]] } },
  { name: 'an unknown top-level key', config: { ...example, mirorDir: 'x' } },
  { name: 'an unknown source key', config: { libraries: [{ id: 'a', title: 'A', source: { type: 'folder', path: 'x', recursive: true } }] } },
  { name: 'an unknown source type', config: { libraries: [{ id: 'a', title: 'A', source: { type: 'ftp', path: 'x' } }] } },
  { name: 'no libraries', config: { libraries: [] } },
  { name: 'a bad library id', config: { libraries: [{ id: '../x', title: 'A', source: { type: 'folder', path: 'x' } }] } },
  { name: 'a fractional interval', config: { ...example, schedule: { intervalMinutes: 1.5 } } },
  { name: 'a zero stale limit', config: { ...example, staleAfterHours: 0 } },
  { name: 'a string where a number belongs', config: { ...example, safety: { maxDeleteCount: '50' } } },
  { name: 'an ftp URL', config: { libraries: [{ id: 'a', title: 'A', source: { type: 'manifest', url: 'ftp://x/manifest.json' } }] } },
  { name: 'an unsupported language', config: { ...example, language: 'de' } },
];

describe('build/config.schema.json', () => {
  it('is what "npm run schema" generates now (run it and commit the file if this fails)', () => {
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('accepts and rejects the same configs as the app', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, formats: { uri: true } });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
    for (const c of cases) {
      const app = configSchema.safeParse(c.config).success;
      expect(validate(c.config), `${c.name}: JSON Schema ${JSON.stringify(validate.errors)}`).toBe(app);
    }
    // Both kinds of outcome are covered, so agreement is not trivial.
    expect(cases.filter((c) => configSchema.safeParse(c.config).success)).toHaveLength(2);
  });

  it('documents every top-level key and every library field, with defaults', () => {
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as {
      properties: Record<string, { description?: string; default?: unknown }>;
    };
    for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
    expect(schema.properties.staleAfterHours!.default).toBe(24);
    expect(schema.properties.schedule!.default).toEqual({ intervalMinutes: 30 });
    const text = fs.readFileSync(schemaFile, 'utf8');
    for (const described of ['Bibliotekets id', 'manifest.json.sig', 'UNC']) expect(text).toContain(described);
  });
});
