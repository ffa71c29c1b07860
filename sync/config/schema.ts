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

// Secrets are never written in the config itself: only the name of a file holding them or
// of an environment variable. Relative files resolve against the config file's folder.
const secretFile = nonEmpty;
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'måste vara namnet på en miljövariabel (A–Z, 0–9, _)');

/** http:// is allowed only towards this machine (tests, a local proxy); credentials travel in clear otherwise. */
function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

function requireHttps(url: string, ctx: z.RefinementCtx, key: string, why: string): void {
  if (url.startsWith('http:') && !isLoopbackUrl(url)) {
    ctx.addIssue({ code: 'custom', path: [key], message: `måste vara en https://-adress ${why}` });
  }
}

function exactlyOne(
  value: Record<string, unknown>,
  keys: readonly string[],
  ctx: z.RefinementCtx,
  what: string,
  required: boolean,
): void {
  const present = keys.filter((k) => value[k] !== undefined);
  if (present.length > 1) {
    ctx.addIssue({ code: 'custom', path: [present[1]!], message: `ange bara ett av ${keys.join(' och ')} (${what})` });
  } else if (present.length === 0 && required) {
    ctx.addIssue({ code: 'custom', path: [keys[0]!], message: `saknas: ange ${keys.join(' eller ')} (${what})` });
  }
}

export const webdavSourceSchema = z
  .strictObject({
    type: z.literal('webdav'),
    url: httpUrl,
    username: nonEmpty.optional(),
    passwordFile: secretFile.optional(),
    passwordEnv: envName.optional(),
    bearerTokenFile: secretFile.optional(),
    bearerTokenEnv: envName.optional(),
  })
  .superRefine((v, ctx) => {
    const basic = v.username !== undefined || v.passwordFile !== undefined || v.passwordEnv !== undefined;
    const bearer = v.bearerTokenFile !== undefined || v.bearerTokenEnv !== undefined;
    if (basic && bearer) {
      ctx.addIssue({ code: 'custom', path: ['bearerTokenFile'], message: 'använd antingen username/lösenord eller en bearer-token, inte båda' });
      return;
    }
    if (basic) {
      if (v.username === undefined) ctx.addIssue({ code: 'custom', path: ['username'], message: 'saknas (krävs när ett lösenord anges)' });
      exactlyOne(v, ['passwordFile', 'passwordEnv'], ctx, 'lösenordet läses från en fil eller en miljövariabel', true);
    }
    if (bearer) exactlyOne(v, ['bearerTokenFile', 'bearerTokenEnv'], ctx, 'token läses från en fil eller en miljövariabel', true);
    if (basic || bearer) requireHttps(v.url, ctx, 'url', 'när inloggningsuppgifter skickas');
  });

/** Where our metadata keys come from: documentType → "Dokumenttyp". `title` and `version` fill those fields. */
const metadataColumnsSchema = z.record(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'nyckeln måste vara ett namn som documentType (A–Z, 0–9, _)'),
  nonEmpty,
);

export const sharepointSourceSchema = z
  .strictObject({
    type: z.literal('sharepoint'),
    tenantId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/, 'måste vara klientorganisationens GUID eller domän (contoso.onmicrosoft.com)'),
    clientId: z.string().regex(/^[0-9A-Fa-f-]{8,64}$/, 'måste vara appens (klientens) GUID'),
    clientSecretFile: secretFile.optional(),
    clientSecretEnv: envName.optional(),
    certificateFile: secretFile.optional(),
    privateKeyFile: secretFile.optional(),
    assertionAlgorithm: z.enum(['PS256', 'RS256']).default('PS256'),
    site: z
      .string()
      .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+:\/[^/\s].*$/, 'måste ha formen värdnamn:/sökväg, till exempel contoso.sharepoint.com:/sites/Ledningssystem'),
    library: nonEmpty,
    folder: z
      .string()
      .regex(/^\/.*/, 'måste börja med / (en mapp i biblioteket, till exempel /Publicerat)')
      .optional(),
    metadataColumns: metadataColumnsSchema.optional(),
    authorityHost: httpUrl.default('https://login.microsoftonline.com'),
    graphBaseUrl: httpUrl.default('https://graph.microsoft.com/v1.0'),
  })
  .superRefine((v, ctx) => {
    const certificate = v.certificateFile !== undefined || v.privateKeyFile !== undefined;
    const secret = v.clientSecretFile !== undefined || v.clientSecretEnv !== undefined;
    if (certificate && secret) {
      ctx.addIssue({ code: 'custom', path: ['certificateFile'], message: 'använd antingen en klienthemlighet eller ett certifikat, inte båda' });
    } else if (certificate) {
      if (v.certificateFile === undefined) ctx.addIssue({ code: 'custom', path: ['certificateFile'], message: 'saknas (krävs tillsammans med privateKeyFile)' });
      if (v.privateKeyFile === undefined) ctx.addIssue({ code: 'custom', path: ['privateKeyFile'], message: 'saknas (krävs tillsammans med certificateFile)' });
    } else {
      exactlyOne(v, ['clientSecretFile', 'clientSecretEnv'], ctx, 'eller certificateFile och privateKeyFile', true);
    }
    requireHttps(v.authorityHost, ctx, 'authorityHost', 'för inloggning');
    requireHttps(v.graphBaseUrl, ctx, 'graphBaseUrl', 'för Microsoft Graph');
  });

export const sourceSchema = z.discriminatedUnion('type', [
  manifestSourceSchema,
  folderSourceSchema,
  webdavSourceSchema,
  sharepointSourceSchema,
]);

export const SOURCE_TYPES = ['manifest', 'folder', 'webdav', 'sharepoint'] as const;

export const libraryIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const libraryConfigSchema = z.strictObject({
  id: z
    .string()
    .regex(libraryIdPattern, 'får bara innehålla A–Z, 0–9, punkt, bindestreck och understreck (högst 64 tecken)'),
  title: nonEmpty.max(120, 'högst 120 tecken'),
  source: sourceSchema,
});

/** Where each PC publishes its status report for the handläggare's fleet view. */
export const statusReportSchema = z
  .strictObject({
    /** A folder (local or UNC) or an http(s) WebDAV collection URL. */
    target: nonEmpty,
    username: nonEmpty.optional(),
    passwordFile: secretFile.optional(),
    passwordEnv: envName.optional(),
    /** The name this PC reports under (default: its host name). */
    pcName: z.string().regex(/^[\p{L}\p{N}._-]{1,64}$/u, 'får bara innehålla bokstäver, siffror, punkt, bindestreck och understreck').optional(),
  })
  .superRefine((v, ctx) => {
    const isUrl = /^https?:\/\//i.test(v.target);
    const credentials = v.username !== undefined || v.passwordFile !== undefined || v.passwordEnv !== undefined;
    if (credentials && !isUrl) ctx.addIssue({ code: 'custom', path: ['username'], message: 'inloggning används bara när target är en http(s)-adress' });
    if (credentials) {
      if (v.username === undefined) ctx.addIssue({ code: 'custom', path: ['username'], message: 'saknas (krävs när ett lösenord anges)' });
      exactlyOne(v, ['passwordFile', 'passwordEnv'], ctx, 'lösenordet läses från en fil eller en miljövariabel', true);
      requireHttps(v.target, ctx, 'target', 'när inloggningsuppgifter skickas');
    }
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
  statusReport: statusReportSchema.optional(),
});

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type LibraryConfig = z.output<typeof libraryConfigSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type ManifestSourceConfig = z.output<typeof manifestSourceSchema>;
export type FolderSourceConfig = z.output<typeof folderSourceSchema>;
export type WebdavSourceConfig = z.output<typeof webdavSourceSchema>;
export type SharepointSourceConfig = z.output<typeof sharepointSourceSchema>;
export type StatusReportConfig = z.output<typeof statusReportSchema>;
