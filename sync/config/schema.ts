// The config contract (PRODUCT.md "Config"): one zod schema that validates the file,
// supplies defaults and is exported as JSON Schema for IT. Pure: no Node imports.
import { z } from 'zod';

const httpUrl = z
  .string()
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'måste vara en http:// eller https://-adress');

const nonEmpty = z.string().trim().min(1, 'får inte vara tom');

export const manifestSourceSchema = z.strictObject({
  type: z.literal('manifest'),
  url: httpUrl,
  publicKey: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'måste vara en base64-kodad Ed25519-nyckel')
    .optional(),
});

export const folderSourceSchema = z.strictObject({
  type: z.literal('folder'),
  path: nonEmpty,
});

export const sourceSchema = z.discriminatedUnion('type', [manifestSourceSchema, folderSourceSchema]);

export const libraryIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const libraryConfigSchema = z.strictObject({
  id: z
    .string()
    .regex(libraryIdPattern, 'får bara innehålla A–Z, 0–9, punkt, bindestreck och understreck (högst 64 tecken)'),
  title: nonEmpty.max(120, 'högst 120 tecken'),
  source: sourceSchema,
});

export const configSchema = z.strictObject({
  dataDir: nonEmpty.default('data'),
  mirrorDir: nonEmpty.default('Styrande dokument'),
  libraries: z.array(libraryConfigSchema).min(1, 'minst ett bibliotek behövs'),
  schedule: z
    .strictObject({
      intervalMinutes: z.number().int().min(1).max(24 * 60).default(30),
    })
    .default({ intervalMinutes: 30 }),
  safety: z
    .strictObject({
      maxDeletePercent: z.number().min(0).max(100).default(10),
      maxDeleteCount: z.number().int().min(0).default(50),
    })
    .default({ maxDeletePercent: 10, maxDeleteCount: 50 }),
  staleAfterHours: z.number().positive().max(24 * 365).default(24),
  network: z
    .strictObject({
      timeoutSeconds: z.number().positive().max(600).default(30),
      retries: z.number().int().min(0).max(10).default(4),
      concurrency: z.number().int().min(1).max(32).default(4),
    })
    .default({ timeoutSeconds: 30, retries: 4, concurrency: 4 }),
  language: z.enum(['sv', 'en']).default('sv'),
});

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type LibraryConfig = z.output<typeof libraryConfigSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type ManifestSourceConfig = z.output<typeof manifestSourceSchema>;
export type FolderSourceConfig = z.output<typeof folderSourceSchema>;
