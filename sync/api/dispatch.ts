// The one place a call from outside enters the API: check the method name, parse the
// input with the contract's schema, run the handler, and turn any outcome into the
// result envelope. Both bridges use it, so both refuse exactly the same things.
import { UserError, errorMessage } from '../errors.js';
import { isApiMethod, parseApiInput, type ApiError, type ApiMethod, type ApiOutputs, type ApiParsedInput, type ApiResult } from './contract.js';
import { ApiFailure } from './apiFailure.js';
import type { ApiHandlers } from './service.js';

export type InvokeResult = { method: ApiMethod | null; result: ApiResult<ApiOutputs[ApiMethod]> };

export async function invokeApi(
  handlers: ApiHandlers,
  method: unknown,
  input: unknown,
  onInternalError: (method: string, err: unknown) => void = () => undefined,
): Promise<InvokeResult> {
  if (!isApiMethod(method)) {
    return { method: null, result: { ok: false, error: { code: 'not-found', message: `Okänd funktion: ${String(method).slice(0, 60)}` } } };
  }
  const parsed = parseApiInput(method, input);
  if (!parsed.ok) return { method, result: parsed };
  return { method, result: await runHandler(handlers, method, parsed.input, onInternalError) };
}

/** Runs a handler on input already parsed by the contract's schema. */
export async function runHandler<M extends ApiMethod>(
  handlers: ApiHandlers,
  method: M,
  input: ApiParsedInput<M>,
  onInternalError: (method: string, err: unknown) => void = () => undefined,
): Promise<ApiResult<ApiOutputs[M]>> {
  try {
    const handler = handlers[method] as (input: ApiParsedInput<M>) => Promise<ApiOutputs[M]>;
    return { ok: true, value: await handler(input) };
  } catch (err) {
    return { ok: false, error: toApiError(method, err, onInternalError) };
  }
}

function toApiError(method: string, err: unknown, onInternalError: (method: string, err: unknown) => void): ApiError {
  if (err instanceof ApiFailure) return { code: err.code, message: err.message };
  if (err instanceof UserError) return { code: 'unavailable', message: err.message };
  onInternalError(method, err);
  return { code: 'internal', message: `Oväntat fel i ${method}: ${errorMessage(err).slice(0, 300)}` };
}

/** The HTTP status each error code answers with in browser mode. */
export const httpStatusFor: Record<ApiError['code'], number> = {
  'bad-input': 400,
  'not-found': 404,
  busy: 409,
  unavailable: 503,
  internal: 500,
};
