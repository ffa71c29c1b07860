// Per library: is the source reachable and are we allowed to read it (through the
// source type's probe), is the signature key usable and the signature right, and does
// our clock agree with the server's (certificates, tokens and "stale" depend on it).
import type { Config } from '../config/loadConfig.js';
import type { LibraryConfig } from '../config/schema.js';
import { publicKeyFromBase64 } from '../sources/signature.js';
import { errorMessage } from '../errors.js';
import { sourceProbeFor, type ProbeContext, type ProbeOutcome, type ProbeResult } from './sourceProbe.js';
import { check, type CheckResult, type CheckStatus } from './types.js';

export const CLOCK_TOLERANCE_MS = 5 * 60_000;

const FIX: Record<Exclude<ProbeOutcome, 'ok'>, string> = {
  unreachable: 'Kontrollera nätverket, brandväggen, DNS och proxyinställningarna (HTTPS_PROXY/NO_PROXY, se IT-guiden) från den här datorn.',
  unauthorised: 'Kontrollera inloggningsuppgifterna för källan och att kontot som kör LITA Reserv har läsrätt.',
  'not-found': 'Kontrollera adressen eller sökvägen i konfigurationen (och att delningen är ansluten för tjänstens konto).',
  invalid: 'Källan svarar men innehållet går inte att använda; kontakta den som publicerar biblioteket.',
};

export interface SourceCheckResults {
  checks: CheckResult[];
  serverDates: { libraryId: string; date: Date }[];
}

export async function checkLibrarySource(lib: LibraryConfig, ctx: ProbeContext): Promise<SourceCheckResults> {
  const checks: CheckResult[] = [];
  const title = `Källan för "${lib.title}" går att nå och läsa`;
  const keyCheck = checkSignatureKey(lib);
  if (keyCheck) checks.push(keyCheck);
  const probe = sourceProbeFor(lib.source.type);
  if (!probe) {
    checks.push(check(`source.${lib.id}`, 'unknown', title, `doctor kan ännu inte kontrollera källor av typen ${lib.source.type}`));
    return { checks, serverDates: [] };
  }
  let result: ProbeResult;
  try {
    result = await probe(lib.source, ctx);
  } catch (err) {
    result = { outcome: 'unreachable', detail: errorMessage(err) };
  }
  checks.push(
    result.outcome === 'ok'
      ? check(`source.${lib.id}`, 'ok', title, result.detail)
      : check(`source.${lib.id}`, 'fail', title, result.detail, FIX[result.outcome]),
  );
  if (result.signature && keyCheck?.status !== 'fail') {
    const ok = result.signature.outcome === 'ok';
    checks.push(
      check(
        `signature.${lib.id}`,
        ok ? 'ok' : 'fail',
        `Manifestets signatur för "${lib.title}"`,
        result.signature.detail,
        ok ? undefined : 'Kontrollera att publicKey hör till nyckeln biblioteket signeras med, och att manifest.json.sig publiceras bredvid manifestet.',
      ),
    );
  }
  return { checks, serverDates: result.serverDate ? [{ libraryId: lib.id, date: result.serverDate }] : [] };
}

/** A configured publicKey must parse as Ed25519: checked without the network. */
export function checkSignatureKey(lib: LibraryConfig): CheckResult | null {
  if (lib.source.type !== 'manifest' || !('publicKey' in lib.source) || !lib.source.publicKey) return null;
  const title = `Signaturnyckeln för "${lib.title}" är en giltig Ed25519-nyckel`;
  try {
    publicKeyFromBase64(lib.source.publicKey);
    return check(`signature-key.${lib.id}`, 'ok', title, 'publicKey går att läsa');
  } catch (err) {
    return check(
      `signature-key.${lib.id}`,
      'fail',
      title,
      `publicKey går inte att använda: ${errorMessage(err)}`,
      'Klistra in den publika nyckeln från "lita-reserv keygen" (lita-public-key.txt) oförändrad.',
    );
  }
}

export function checkClock(serverDates: readonly { libraryId: string; date: Date }[], now: Date): CheckResult {
  const title = 'Datorns klocka stämmer med källornas';
  if (serverDates.length === 0) {
    return check('clock', 'unknown', title, 'ingen källa angav sin tid (HTTP Date); kontrollera klockan och tidssynkroniseringen själv');
  }
  let worst = serverDates[0]!;
  for (const d of serverDates) if (Math.abs(now.getTime() - d.date.getTime()) > Math.abs(now.getTime() - worst.date.getTime())) worst = d;
  const skewMs = now.getTime() - worst.date.getTime();
  const detail = Math.abs(skewMs) < 1000 ? `ingen märkbar skillnad mot källan för ${worst.libraryId}` : `${describeSkew(skewMs)} källan för ${worst.libraryId}`;
  const status: CheckStatus = Math.abs(skewMs) > CLOCK_TOLERANCE_MS ? 'warn' : 'ok';
  return status === 'ok'
    ? check('clock', 'ok', title, detail)
    : check('clock', 'warn', title, detail, 'Slå på tidssynkronisering (Windows: w32tm /resync; Linux: timedatectl set-ntp true).');
}

function describeSkew(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  const amount = seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} timmar`;
  return `datorn går ${amount} ${ms > 0 ? 'före' : 'efter'}`;
}

/** Probes every library in parallel; results keep the config's order. */
export async function checkSources(config: Config, ctx: ProbeContext): Promise<SourceCheckResults> {
  const results = await Promise.all(config.libraries.map((lib) => checkLibrarySource(lib, ctx)));
  return { checks: results.flatMap((r) => r.checks), serverDates: results.flatMap((r) => r.serverDates) };
}
