// Checks every IPC call before the API sees it: it must come from our own page (the main
// frame of our window, loaded from lita://app/), name a method of the contract, and carry
// input the contract's schema accepts. Pure: no electron import at run time.
import { isApiMethod, parseApiInput, type ApiError, type ApiMethod, type ApiParsedInput } from '../sync/api/contract.js';
import { isAppUrl } from './windowOptions.js';

export const API_CHANNEL = 'lita:api';
export const EVENT_CHANNEL = 'lita:sync-event';

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string | undefined;
  /** Whether that frame is its page's main frame (no iframes may call). */
  isMainFrame: boolean;
  /** webContents id of the sender. */
  webContentsId: number;
}

export type ValidatedCall<M extends ApiMethod = ApiMethod> =
  | { ok: true; method: M; input: ApiParsedInput<M> }
  | { ok: false; error: ApiError };

export function isTrustedSender(sender: SenderInfo, trustedWebContentsIds: ReadonlySet<number>): boolean {
  return sender.isMainFrame && trustedWebContentsIds.has(sender.webContentsId) && sender.frameUrl !== undefined && isAppUrl(sender.frameUrl);
}

export function validateIpcCall(sender: SenderInfo, trustedWebContentsIds: ReadonlySet<number>, method: unknown, input: unknown): ValidatedCall {
  if (!isTrustedSender(sender, trustedWebContentsIds)) {
    return { ok: false, error: { code: 'bad-input', message: 'Förbjudet: anropet kommer inte från LITA Reservs eget fönster.' } };
  }
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'not-found', message: `Okänd funktion: ${String(method).slice(0, 60)}` } };
  }
  const parsed = parseApiInput(method, input);
  return parsed.ok ? { ok: true, method, input: parsed.input } : parsed;
}
