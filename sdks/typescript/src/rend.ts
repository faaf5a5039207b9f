import { AssetNotPlayableError, RendError } from './errors.js';
import { subscribeEvents, type EventSubscriptionOptions } from './events.js';
import { createClient, createConfig, type Client } from './generated/client/index.js';
import * as api from './generated/sdk.gen.js';
import type {
  AccountPlaybackAnalytics,
  Asset,
  AssetMetadataPatch,
  AssetPage,
  AssetPlaybackAnalytics,
  Deletion,
  Event,
  EventPage,
  ListAssetsData,
  PlaybackBootstrap,
  Upload,
} from './generated/types.gen.js';
import { retryDelayMs, retryingFetch, sleep, isRetryableStatus, type RetryPolicy } from './retry.js';
import { openFile, toFetchBody, videoContentType, type UploadBody } from './upload.js';

export interface RendOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:4000`. */
  baseUrl: string;
  /** An API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Retries on 429/5xx honouring `Retry-After` (see `RetryPolicy`); `{ maxRetries: 0 }` turns them off. */
  retry?: RetryPolicy;
  /** A `fetch` of your own (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

export interface UploadOptions {
  /** A `video/*` type; `uploadFile` takes it from the file name when left out. */
  contentType?: string;
  /** The body's size in bytes, sent as `Content-Length` (else chunked; Node only). */
  contentLength?: number;
  /** The asset's metadata (`title`, `external_id`, `creator_id`, `passthrough`, `tags`), sent as `X-Rend-Metadata`. */
  metadata?: AssetMetadataPatch;
  signal?: AbortSignal;
}

/** The list filters of `listAssets` (all must hold; `tag` repeated means every one of them). */
export type AssetFilters = Omit<NonNullable<ListAssetsData['query']>, 'limit' | 'cursor'>;

/**
 * `X-Rend-Metadata`'s value: the metadata as JSON in printable ASCII, every other character as a JSON
 * `\uXXXX` escape (header values are bytes; the API refuses anything but printable ASCII there).
 */
export function metadataHeader(metadata: AssetMetadataPatch): string {
  return JSON.stringify(metadata).replace(
    /[^\x20-\x7e]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

export interface WaitOptions {
  /** `hls_ready` (default) or `opener_ready` (the opener MP4 plays already). */
  until?: 'opener_ready' | 'hls_ready';
  /** Give up after this long (default 10 minutes); rejects with a `TimeoutError`. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

type Result<T> = { data?: T; error?: unknown; response?: Response };

/**
 * A Rend API client: the generated operations with errors turned into `RendError`, plus the
 * hand-written parts generation cannot give (streamed uploads, resumable SSE, pagination
 * iterators, retries, `waitUntilPlayable`).
 */
export class Rend {
  /** The generated client, for calls this class does not wrap (pass it as `client` to any generated function). */
  readonly client: Client;
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof fetch;
  readonly #ownFetch: boolean;

  constructor(options: RendOptions) {
    if (!options.baseUrl) throw new TypeError('Rend: baseUrl is required');
    if (!options.apiKey) throw new TypeError('Rend: apiKey is required');
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#retry = options.retry ?? {};
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#ownFetch = options.fetch !== undefined;
    this.client = createClient(
      createConfig({
        baseUrl: this.#baseUrl,
        auth: () => this.#apiKey,
        fetch: retryingFetch(this.#retry, this.#fetch) as typeof fetch,
      }),
    );
  }

  /** Uploads bytes from a stream, a Node `Readable`, a `Blob` or a buffer; a stream is sent once, never buffered. */
  async upload(body: UploadBody, options: UploadOptions = {}): Promise<Upload> {
    const fetchBody = toFetchBody(body);
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'video/mp4' };
    if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength);
    if (options.metadata !== undefined) headers['x-rend-metadata'] = metadataHeader(options.metadata);
    const call = () =>
      api.createVideo({
        client: this.client,
        body: fetchBody.body as never,
        bodySerializer: null,
        headers,
        signal: options.signal,
        // A stream cannot follow a redirect, and undici keeps every chunk sent while one is possible.
        redirect: 'error',
        ...({ duplex: 'half' } as object),
      });
    return fetchBody.stream ? this.#unwrap(call()) : this.#withRetries('POST', call, options.signal);
  }

  /**
   * Uploads a file streamed from disk (Node): memory stays flat whatever the file's size. Retries on
   * 429/503 by reopening the file.
   */
  async uploadFile(path: string, options: UploadOptions = {}): Promise<Upload> {
    const contentType = options.contentType ?? videoContentType(path);
    for (let attempt = 1; ; attempt++) {
      const { size, stream } = await openFile(path, { reuseBuffers: !this.#ownFetch });
      const result = await api.createVideo({
        client: this.client,
        body: stream as never,
        bodySerializer: null,
        headers: {
          'content-type': contentType,
          'content-length': String(size),
          ...(options.metadata !== undefined ? { 'x-rend-metadata': metadataHeader(options.metadata) } : {}),
        },
        signal: options.signal,
        // A stream cannot follow a redirect, and undici keeps every chunk sent while one is possible.
        redirect: 'error',
        ...({ duplex: 'half' } as object),
      });
      await stream.cancel().catch(() => undefined);
      const response = result.response as Response | undefined;
      if (response && !response.ok && isRetryableStatus(response.status, 'POST')) {
        const delay = retryDelayMs(this.#retry, attempt, response);
        if (delay !== undefined) {
          await sleep(delay, options.signal);
          continue;
        }
      }
      return this.#unwrap(Promise.resolve(result as Result<Upload>));
    }
  }

  getAsset(assetId: string): Promise<Asset> {
    return this.#unwrap(api.getAsset({ client: this.client, path: { asset_id: assetId } }));
  }

  /**
   * One page of the account's assets, newest first, optionally filtered; pass `next_cursor` as
   * `cursor` for the next, with the same filters.
   */
  listAssets(query: ListAssetsData['query'] = {}): Promise<AssetPage> {
    return this.#unwrap(api.listAssets({ client: this.client, query }));
  }

  /** Changes an asset's metadata (JSON merge patch: absent keeps, `null` clears). */
  updateAsset(assetId: string, patch: AssetMetadataPatch): Promise<Asset> {
    return this.#unwrap(
      api.updateAsset({
        client: this.client,
        path: { asset_id: assetId },
        body: patch,
        headers: { 'content-type': 'application/merge-patch+json' },
      }),
    );
  }

  /** Every asset of the account (that passes `filters`), newest first, fetching pages of `pageSize` as the loop goes. */
  async *assets(options: { pageSize?: number; filters?: AssetFilters } = {}): AsyncGenerator<Asset, void, undefined> {
    for await (const page of this.assetPages(options)) yield* page.data;
  }

  /** The account's assets (that pass `filters`) a page at a time. */
  async *assetPages(options: { pageSize?: number; filters?: AssetFilters } = {}): AsyncGenerator<AssetPage, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.listAssets({ ...options.filters, limit: options.pageSize, cursor });
      yield page;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  /** One page of an asset's lifecycle events after `after_sequence`. */
  listAssetEvents(assetId: string, query: { after_sequence?: number; limit?: number } = {}): Promise<EventPage> {
    return this.#unwrap(api.listAssetEvents({ client: this.client, path: { asset_id: assetId }, query }));
  }

  /** Every lifecycle event of an asset so far, polling page after page. */
  async *assetEvents(assetId: string, options: { afterSequence?: number; pageSize?: number } = {}): AsyncGenerator<Event, void, undefined> {
    let after = options.afterSequence ?? 0;
    for (;;) {
      const page = await this.listAssetEvents(assetId, { after_sequence: after, limit: options.pageSize });
      yield* page.data;
      if (page.data.length === 0 || page.next_after_sequence <= after) return;
      after = page.next_after_sequence;
    }
  }

  /** Lifecycle events as they happen (SSE), resumed with `Last-Event-ID` across reconnects. */
  events(options: EventSubscriptionOptions = {}): AsyncGenerator<Event, void, undefined> {
    const connection = {
      baseUrl: this.#baseUrl,
      headers: () => new Headers({ authorization: `Bearer ${this.#apiKey}` }),
      fetch: this.#fetch,
    };
    return subscribeEvents(connection, options);
  }

  /** Signed playback URLs (`404 asset_not_playable` until the opener is published). */
  getPlayback(assetId: string): Promise<PlaybackBootstrap> {
    return this.#unwrap(api.getPlayback({ client: this.client, path: { asset_id: assetId } }));
  }

  /** Deletes an asset (idempotent). */
  deleteAsset(assetId: string): Promise<Deletion> {
    return this.#unwrap(api.deleteAsset({ client: this.client, path: { asset_id: assetId } }));
  }

  getAssetPlaybackAnalytics(
    assetId: string,
    query: { from?: string; to?: string; granularity?: 'minute' | 'hour' | 'day' } = {},
  ): Promise<AssetPlaybackAnalytics> {
    return this.#unwrap(api.getAssetPlaybackAnalytics({ client: this.client, path: { asset_id: assetId }, query }));
  }

  getAccountPlaybackAnalytics(query: { from?: string; to?: string; limit?: number } = {}): Promise<AccountPlaybackAnalytics> {
    return this.#unwrap(api.getAccountPlaybackAnalytics({ client: this.client, query }));
  }

  /**
   * Waits until the asset reaches `hls_ready` (or `opener_ready`), following its events over SSE
   * from the start of its log (so an event that came before the call is not missed), then returns
   * the asset. Rejects with `AssetNotPlayableError` when it fails or is deleted.
   */
  async waitUntilPlayable(assetId: string, options: WaitOptions = {}): Promise<Asset> {
    const until = options.until ?? 'hls_ready';
    const targets = until === 'opener_ready' ? ['asset.opener_ready', 'asset.hls_ready'] : ['asset.hls_ready'];
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 600_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const stream = this.events({ assetId, afterSequence: 0, signal });
    for await (const event of stream) {
      if (targets.includes(event.event_type)) return this.getAsset(assetId);
      if (event.event_type === 'asset.failed' || event.event_type === 'asset.deleted') {
        const code = (event.payload as { error_code?: string; code?: string }).error_code;
        throw new AssetNotPlayableError(assetId, event.event_type, code);
      }
    }
    if (timeout.aborted && !options.signal?.aborted) {
      throw new DOMException(`asset ${assetId} did not reach ${until} in time`, 'TimeoutError');
    }
    throw options.signal?.reason ?? new Error('waitUntilPlayable was aborted');
  }

  async #withRetries<T>(method: string, call: () => Promise<Result<T>>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const result = await call();
      const response = result.response;
      if (response && !response.ok && isRetryableStatus(response.status, method)) {
        const delay = retryDelayMs(this.#retry, attempt, response);
        if (delay !== undefined) {
          await sleep(delay, signal);
          continue;
        }
      }
      return this.#unwrap(Promise.resolve(result));
    }
  }

  async #unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
    const result = await pending;
    if (result.response?.ok) return result.data as T;
    if (!result.response) throw result.error ?? new Error('request failed');
    throw RendError.fromBody(result.response, result.error);
  }
}
