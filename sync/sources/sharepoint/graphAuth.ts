// App-only sign-in to Microsoft Entra ID (OAuth 2.0 client credentials) for Microsoft
// Graph: with a client secret, or with a certificate whose private key signs a JWT client
// assertion (node:crypto only). Tokens are opaque to us, cached until five minutes before
// `expires_in` runs out, and shared by every source in the process that signs in the same
// way. Secrets, assertions and tokens never reach a message or a log.
import crypto from 'node:crypto';
import type { SharepointSourceConfig } from '../../config/schema.js';
import type { Logger } from '../../log/logger.js';
import type { HttpClient} from '../../net/http.js';
import { displayUrl, readBody } from '../../net/http.js';
import { readConfiguredFile, readSecret } from '../secrets.js';
import { SourceAccessError } from '../types.js';

const REFRESH_MARGIN_MS = 5 * 60_000;
const ASSERTION_LIFETIME_S = 600;

interface CachedToken {
  token: string;
  expiresAt: number;
}

const cache = new Map<string, CachedToken>();

export interface ClientAssertionInput {
  tenantId: string;
  clientId: string;
  audience: string;
  certPem: string;
  keyPem: string;
  alg: 'PS256' | 'RS256';
  now?: number;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** The signed JWT Entra ID accepts instead of a secret (x5t#S256 for PS256, x5t for RS256). */
export function buildClientAssertion(input: ClientAssertionInput): string {
  const der = new crypto.X509Certificate(input.certPem).raw;
  const header =
    input.alg === 'PS256'
      ? { alg: 'PS256', typ: 'JWT', 'x5t#S256': b64url(crypto.createHash('sha256').update(der).digest()) }
      : { alg: 'RS256', typ: 'JWT', x5t: b64url(crypto.createHash('sha1').update(der).digest()) };
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  const payload = {
    aud: input.audience,
    iss: input.clientId,
    sub: input.clientId,
    jti: crypto.randomUUID(),
    nbf: now,
    iat: now,
    exp: now + ASSERTION_LIFETIME_S,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const key = crypto.createPrivateKey(input.keyPem);
  const signature =
    input.alg === 'PS256'
      ? crypto.sign('sha256', Buffer.from(signingInput), { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : crypto.sign('sha256', Buffer.from(signingInput), key);
  return `${signingInput}.${b64url(signature)}`;
}

export class GraphTokenProvider {
  private readonly tokenUrl: string;
  private readonly scope: string;

  constructor(
    private readonly config: SharepointSourceConfig,
    private readonly http: HttpClient,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    const authority = config.authorityHost.replace(/\/+$/, '');
    this.tokenUrl = `${authority}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
    this.scope = `${new URL(config.graphBaseUrl).origin}/.default`;
  }

  /** A valid access token; `force` fetches a new one (after Graph answered 401). */
  async token(signal?: AbortSignal, force = false): Promise<string> {
    const form = await this.credentialForm();
    const key = crypto.createHash('sha256').update(JSON.stringify([this.tokenUrl, this.config.clientId, form.fingerprint])).digest('hex');
    const cached = cache.get(key);
    if (!force && cached && cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) return cached.token;
    const fresh = await this.request(form.fields(), signal);
    cache.set(key, fresh);
    return fresh.token;
  }

  private async credentialForm(): Promise<{ fingerprint: string; fields: () => Record<string, string> }> {
    const c = this.config;
    const base = { grant_type: 'client_credentials', client_id: c.clientId, scope: this.scope };
    if (c.certificateFile !== undefined && c.privateKeyFile !== undefined) {
      const certPem = await readConfiguredFile(c.certificateFile, 'certificateFile', 'certifikatet (PEM)');
      const keyPem = await readSecret({ file: c.privateKeyFile, keys: ['privateKeyFile', 'privateKeyFile'], what: 'den privata nyckeln (PEM)' }, this.env);
      return {
        fingerprint: crypto.createHash('sha256').update(certPem).update(keyPem).digest('hex'),
        fields: () => {
          let assertion: string;
          try {
            assertion = buildClientAssertion({ tenantId: c.tenantId, clientId: c.clientId, audience: this.tokenUrl, certPem, keyPem, alg: c.assertionAlgorithm });
          } catch (err) {
            throw new SourceAccessError(
              `Certifikatet (${c.certificateFile}) eller den privata nyckeln (${c.privateKeyFile}) går inte att använda: ${(err as Error).message}`,
            );
          }
          return { ...base, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion };
        },
      };
    }
    const secret = await readSecret({ file: c.clientSecretFile, env: c.clientSecretEnv, keys: ['clientSecretFile', 'clientSecretEnv'], what: 'klienthemligheten' }, this.env);
    return {
      fingerprint: crypto.createHash('sha256').update(secret).digest('hex'),
      fields: () => ({ ...base, client_secret: secret }),
    };
  }

  private async request(fields: Record<string, string>, signal?: AbortSignal): Promise<CachedToken> {
    const started = Date.now();
    const res = await this.http.request(
      this.tokenUrl,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(fields).toString(), signal },
      [200, 400, 401, 403],
    );
    const text = (await readBody(res, 1024 * 1024, 'Svaret från inloggningstjänsten')).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // reported below as an unusable answer
    }
    if (res.status !== 200) {
      this.log.warn('token request refused', { status: res.status, error: body.error, traceId: body.trace_id, correlationId: body.correlation_id });
      const description = typeof body.error_description === 'string' ? body.error_description.split(/\r?\n/)[0]!.slice(0, 300) : '';
      throw new SourceAccessError(
        `Inloggningen hos ${displayUrl(this.tokenUrl)} nekades (${String(body.error ?? res.status)}${description ? `: ${description}` : ''}). ` +
          'Kontrollera tenantId, clientId och hemligheten eller certifikatet.',
      );
    }
    const token = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof token !== 'string' || token === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new Error(`Inloggningstjänsten ${displayUrl(this.tokenUrl)} gav inget användbart svar`);
    }
    return { token, expiresAt: started + expiresIn * 1000 };
  }
}

/** Forgets cached tokens (tests; a changed credential gets a new cache entry anyway). */
export function clearTokenCache(): void {
  cache.clear();
}
