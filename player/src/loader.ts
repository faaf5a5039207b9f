import type {
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderContext,
  LoaderStats,
  HlsConfig,
} from "hls.js";
import type Hls from "hls.js";
import { withToken } from "./bootstrap.js";
import type { PrefetchStore } from "./prefetch.js";

/** What the loader needs from the element: the current token, the prefetched bodies, a refresh. */
export interface LoaderSession {
  token(): string | null;
  readonly prefetched: PrefetchStore;
  /** Fetches a fresh bootstrap now; resolves when the new token is in place. */
  refreshNow(): Promise<void>;
  /** Counts requests answered from the prefetch store (diagnostics). */
  servedFromPrefetch(url: string): void;
}

type AnyLoader = Loader<LoaderContext>;
type LoaderClass = new (config: HlsConfig) => AnyLoader;

/**
 * An hls.js loader that (1) puts the current token into every URL, so requests made after a
 * refresh carry the new token although hls.js resolved them against the first playlist's URL;
 * (2) answers from the prefetch store when the page already fetched the artifact; (3) on a 403,
 * refreshes the bootstrap once and retries, so an expired token never reaches the media element.
 */
export function sessionLoader(hls: typeof Hls, session: LoaderSession): LoaderClass {
  const Inner = hls.DefaultConfig.loader as unknown as LoaderClass;
  return class RendLoader implements AnyLoader {
    private inner: AnyLoader;
    private readonly hlsConfig: HlsConfig;
    context: LoaderContext | null = null;
    private cancelled = false;
    private own: LoaderStats | null = null;

    constructor(config: HlsConfig) {
      this.hlsConfig = config;
      this.inner = new Inner(config);
    }

    get stats(): LoaderStats {
      return this.own ?? this.inner.stats;
    }

    load(
      context: LoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<LoaderContext>,
    ): void {
      context.url = withToken(context.url, session.token());
      this.context = context;
      const fromStore =
        !(Number(context.rangeEnd) > 0 || Number(context.rangeStart) > 0)
          ? session.prefetched.take(context.url)
          : Promise.resolve(null);
      fromStore.then((hit) => {
        if (this.cancelled) {
          return;
        }
        if (hit === null) {
          this.network(context, config, callbacks, false);
          return;
        }
        session.servedFromPrefetch(context.url);
        this.own = prefetchedStats(hit.body.byteLength);
        const data =
          context.responseType === "arraybuffer" ? hit.body : new TextDecoder().decode(hit.body);
        callbacks.onSuccess({ url: context.url, data, code: 200 }, this.own, context, null);
      });
    }

    private network(
      context: LoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<LoaderContext>,
      retried: boolean,
    ): void {
      const wrapped: LoaderCallbacks<LoaderContext> = {
        ...callbacks,
        onError: (error, ctx, details, stats) => {
          if (error.code !== 403 || retried || this.cancelled) {
            callbacks.onError(error, ctx, details, stats);
            return;
          }
          session.refreshNow().then(
            () => {
              if (this.cancelled) {
                return;
              }
              this.inner.destroy();
              this.inner = new Inner(this.hlsConfig);
              context.url = withToken(context.url, session.token());
              this.network(context, config, callbacks, true);
            },
            () => callbacks.onError(error, ctx, details, stats),
          );
        },
      };
      this.inner.load(context, config, wrapped);
    }

    abort(): void {
      this.cancelled = true;
      this.inner.abort();
    }

    destroy(): void {
      this.cancelled = true;
      this.inner.destroy();
    }
  };
}

function prefetchedStats(bytes: number): LoaderStats {
  const now = performance.now();
  // The body was already here: one millisecond keeps hls.js's bandwidth estimate finite.
  const timing = { start: now - 1, first: now - 1, end: now };
  return {
    aborted: false,
    loaded: bytes,
    retry: 0,
    total: bytes,
    chunkCount: 1,
    bwEstimate: 0,
    loading: timing,
    parsing: { start: 0, end: 0 },
    buffering: { start: 0, first: 0, end: 0 },
  };
}
