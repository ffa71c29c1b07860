// Retrying what is worth retrying: network errors, timeouts, 5xx, 408 and 429, with
// exponential backoff and full jitter, honouring Retry-After. Anything else fails at once.

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this fails the attempt instead of stalling the whole sync. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

export interface RetryableInfo {
  retryable: boolean;
  /** Server-requested wait (Retry-After), when it gave one. */
  retryAfterMs?: number | undefined;
}

export type Classifier = (err: unknown) => RetryableInfo;

export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  classify: Classifier,
  policy: RetryPolicy,
  options: { signal?: AbortSignal | undefined; onRetry?: (err: unknown, delayMs: number, attempt: number) => void } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const info = classify(err);
      if (!info.retryable || attempt >= policy.retries || options.signal?.aborted) throw err;
      let delay = backoffDelay(attempt, policy);
      if (info.retryAfterMs !== undefined) {
        if (info.retryAfterMs > policy.maxRetryAfterMs) throw err;
        delay = Math.max(delay, info.retryAfterMs);
      }
      options.onRetry?.(err, delay, attempt + 1);
      await sleep(delay, options.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
