import { retryAfterSeconds } from './errors.js';

/** How failed requests are retried: 429 and 503 always (the API did no work), other 5xx and network errors only for requests that are safe to repeat (GET, HEAD, DELETE). */
export interface RetryPolicy {
  /** Retries after the first attempt (default 4; 0 turns retries off). */
  maxRetries?: number;
  /** First backoff, doubled each retry with full jitter (default 250 ms). */
  baseDelayMs?: number;
  /** Cap of the backoff (default 8 s). A longer `Retry-After` is honoured up to `maxRetryAfterMs`. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this ends the retries: the error goes to the caller (default 60 s). */
  maxRetryAfterMs?: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE']);

/** Whether an answer with this status to this method may be retried. */
export function isRetryableStatus(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  return status >= 500 && IDEMPOTENT.has(method.toUpperCase());
}

/** Whether a network failure of this method may be retried (the request may have been applied). */
export function isRetryableNetworkError(error: unknown, method: string): boolean {
  if (error instanceof Error && error.name === 'AbortError') return false;
  return IDEMPOTENT.has(method.toUpperCase());
}

/**
 * The wait before retry number `attempt` (1-based), or `undefined` when the policy says stop.
 * `Retry-After` wins over the backoff when it is longer.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  response?: Response,
): number | undefined {
  const maxRetries = policy.maxRetries ?? 4;
  if (attempt > maxRetries) return undefined;
  const base = policy.baseDelayMs ?? 250;
  const cap = policy.maxDelayMs ?? 8000;
  const backoff = Math.random() * Math.min(cap, base * 2 ** (attempt - 1));
  const retryAfter = response ? retryAfterSeconds(response.headers) : undefined;
  if (retryAfter === undefined) return backoff;
  const retryAfterMs = retryAfter * 1000;
  if (retryAfterMs > (policy.maxRetryAfterMs ?? 60_000)) return undefined;
  return Math.max(backoff, retryAfterMs);
}

export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A `fetch` that retries by the policy. A request whose body is a stream is sent once (a stream
 * cannot be replayed); `Rend.uploadFile` retries by reopening the file instead.
 */
export function retryingFetch(
  policy: RetryPolicy,
  fetchImpl: typeof fetch = globalThis.fetch,
): (request: Request) => Promise<Response> {
  return async (request: Request) => {
    const replayable = request.body === null;
    for (let attempt = 1; ; attempt++) {
      const current = replayable ? request.clone() : request;
      let response: Response;
      try {
        response = await fetchImpl(current);
      } catch (error) {
        const delay = retryDelayMs(policy, attempt);
        if (!replayable || delay === undefined || !isRetryableNetworkError(error, request.method)) {
          throw error;
        }
        await sleep(delay, request.signal);
        continue;
      }
      if (!replayable || !isRetryableStatus(response.status, request.method)) return response;
      const delay = retryDelayMs(policy, attempt, response);
      if (delay === undefined) return response;
      await response.body?.cancel().catch(() => undefined);
      await sleep(delay, request.signal);
    }
  };
}
