import { EventSourceParserStream } from 'eventsource-parser/stream';
import { RendError } from './errors.js';
import type { Event } from './generated/types.gen.js';
import { isRetryableStatus, retryDelayMs, sleep, type RetryPolicy } from './retry.js';

export interface EventSubscriptionOptions {
  /** Only this asset's events. */
  assetId?: string;
  /** Replay the events after this sequence first (`0`: the whole log), then go on live. */
  afterSequence?: number;
  /** Resume after this sequence (sent as `Last-Event-ID`; wins over `afterSequence`). */
  lastEventId?: number | string;
  /** Ends the subscription (the iterator returns). */
  signal?: AbortSignal;
  /** Reconnect backoff; the count is of failures in a row without an event in between (default 10). */
  reconnect?: RetryPolicy;
}

interface Connection {
  baseUrl: string;
  headers: () => Headers;
  fetch: typeof fetch;
}

/**
 * The account's lifecycle events from `GET /v1/events`, resumed with `Last-Event-ID` whenever the
 * stream ends or breaks (the API cuts off clients that fall behind; proxies drop idle streams), so the
 * caller sees every event once, in sequence order. An answer that retrying cannot fix (401, 400)
 * throws `RendError`. Written by hand: the generated SSE client stops for good when the server
 * closes the stream and retries a refused key forever.
 */
export async function* subscribeEvents(
  connection: Connection,
  options: EventSubscriptionOptions = {},
): AsyncGenerator<Event, void, undefined> {
  const policy = { maxRetries: 10, ...options.reconnect };
  let lastEventId = options.lastEventId === undefined ? undefined : String(options.lastEventId);
  let failures = 0;
  const signal = options.signal;
  while (!signal?.aborted) {
    const url = new URL('/v1/events', connection.baseUrl);
    if (options.assetId) url.searchParams.set('asset_id', options.assetId);
    if (lastEventId === undefined && options.afterSequence !== undefined) {
      url.searchParams.set('after_sequence', String(options.afterSequence));
    }
    const headers = connection.headers();
    headers.set('accept', 'text/event-stream');
    if (lastEventId !== undefined) headers.set('last-event-id', lastEventId);

    let response: Response | undefined;
    try {
      response = await connection.fetch(url, { headers, signal });
      if (!response.ok) {
        if (!isRetryableStatus(response.status, 'GET')) throw await RendError.fromResponse(response);
        const delay = retryDelayMs(policy, ++failures, response);
        if (delay === undefined) throw await RendError.fromResponse(response);
        await response.body?.cancel().catch(() => undefined);
        await sleep(delay, signal);
        continue;
      }
      const frames = response
        .body!.pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream());
      for await (const frame of frames) {
        if (!frame.data) continue;
        const event = JSON.parse(frame.data) as Event;
        if (frame.id !== undefined) lastEventId = frame.id;
        failures = 0;
        yield event;
      }
    } catch (error) {
      if (error instanceof RendError || signal?.aborted) {
        if (signal?.aborted) return;
        throw error;
      }
      // A broken connection: reconnect below, after a backoff.
    }
    if (signal?.aborted) return;
    const delay = retryDelayMs(policy, ++failures);
    if (delay === undefined) {
      throw new Error(`event stream: ${failures - 1} reconnects in a row failed`);
    }
    await sleep(delay, signal).catch(() => undefined);
  }
}
