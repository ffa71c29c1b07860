// Outgoing HTTP through a proxy, configured the way servers and scripts expect:
// HTTPS_PROXY, HTTP_PROXY and NO_PROXY (lower-case names win, as in curl). Node's fetch does
// not read them, nor the Windows system proxy (WinINET/PAC), so the CLI and the service
// install undici's EnvHttpProxyAgent as the global dispatcher at start.
// Plain-http targets are sent to the proxy as absolute-URI requests rather than CONNECT
// tunnels: many corporate proxies allow CONNECT to port 443 only.
// undici is imported only when a proxy is configured: importing the package installs its own
// dispatcher behind Node's fetch, and mixing it with the bundled one fails under load.
import { ConfigError } from '../errors.js';
import { displayUrl, useFetchTransport } from './http.js';

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() ? value.trim() : undefined;
}

/** The proxy settings in the environment, or null when none is set. Bad URLs name their variable. */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProxySettings | null {
  const settings: ProxySettings = {};
  for (const [key, name] of [['httpProxy', 'HTTP_PROXY'], ['httpsProxy', 'HTTPS_PROXY']] as const) {
    const value = pick(env, name);
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`${name} är ingen giltig adress (väntade t.ex. http://proxy.example.org:8080)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`${name}: bara http:// och https://-proxyer stöds (inte ${url.protocol})`);
    }
    settings[key] = value;
  }
  const noProxy = pick(env, 'NO_PROXY');
  if (noProxy) settings.noProxy = noProxy;
  return settings.httpProxy || settings.httpsProxy ? settings : null;
}

/** One line for doctor and logs: which proxy is used, without credentials. */
export function describeProxy(settings: ProxySettings | null): string {
  if (!settings) return 'ingen proxy (HTTPS_PROXY/HTTP_PROXY är inte satta)';
  const parts: string[] = [];
  if (settings.httpsProxy) parts.push(`https via ${displayUrl(settings.httpsProxy)}`);
  if (settings.httpProxy) parts.push(`http via ${displayUrl(settings.httpProxy)}`);
  if (settings.noProxy) parts.push(`utom ${settings.noProxy}`);
  return parts.join(', ');
}

/**
 * Installs the proxy for every fetch in this process. The dispatcher comes from undici 6,
 * the major version bundled with Node 20 and 22's fetch; under another runtime it is left
 * alone (and the caller says so) rather than mixing incompatible dispatchers.
 */
export async function configureProxyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ installed: boolean; settings: ProxySettings | null; reason?: string }> {
  const settings = proxySettingsFromEnv(env);
  if (!settings) return { installed: false, settings };
  const bundled = process.versions.undici;
  if (bundled && !bundled.startsWith('6.')) {
    return { installed: false, settings, reason: `den här Node-versionens fetch (undici ${bundled}) stöds inte för proxy` };
  }
  const { EnvHttpProxyAgent, setGlobalDispatcher } = await import('undici');
  const agent = withoutExperimentalWarning(
    () =>
      new EnvHttpProxyAgent({
        ...(settings.httpProxy ? { httpProxy: settings.httpProxy } : {}),
        ...(settings.httpsProxy ? { httpsProxy: settings.httpsProxy } : {}),
        noProxy: settings.noProxy ?? '',
        proxyTunnel: false,
      } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]),
  );
  setGlobalDispatcher(agent);
  useFetchTransport();
  return { installed: true, settings };
}

/**
 * undici flags EnvHttpProxyAgent "experimental" with a process warning that would land on
 * stderr of every command IT runs; that one warning (code UNDICI-EHPA) is held back.
 */
function withoutExperimentalWarning<T>(make: () => T): T {
  const original = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const options = rest[0] as { code?: string } | string | undefined;
    const code = typeof options === 'object' ? options?.code : rest[1];
    if (code === 'UNDICI-EHPA') return;
    return (original as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return make();
  } finally {
    process.emitWarning = original;
  }
}
