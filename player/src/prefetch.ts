import { artifactKey } from "./bootstrap.js";

/** A fetched body; the status is kept so a prefetched error is never served as media. */
export interface Prefetched {
  readonly ok: boolean;
  readonly status: number;
  readonly body: ArrayBuffer;
}

export type Fetcher = (url: string) => Promise<Prefetched>;

/**
 * Bodies fetched ahead of playback, keyed by artifact (the token left out, so a refreshed token
 * still finds them). Each body is handed out once and then dropped: the player keeps no copy of
 * the media it has appended. A failed prefetch is forgotten and the loader fetches normally.
 */
export class PrefetchStore {
  private readonly entries = new Map<string, Promise<Prefetched | null>>();
  private readonly fetcher: Fetcher;
  /** Artifacts requested from the network by `prefetch`, in order (for tests and diagnostics). */
  readonly started: string[] = [];

  constructor(fetcher: Fetcher) {
    this.fetcher = fetcher;
  }

  prefetch(url: string): void {
    const key = artifactKey(url);
    if (this.entries.has(key)) {
      return;
    }
    this.started.push(key);
    this.entries.set(
      key,
      this.fetcher(url).then(
        (r) => (r.ok ? r : null),
        () => null,
      ),
    );
  }

  has(url: string): boolean {
    return this.entries.has(artifactKey(url));
  }

  /** The prefetched body of `url`'s artifact, or null (none, or its fetch failed). */
  async take(url: string): Promise<Prefetched | null> {
    const key = artifactKey(url);
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return null;
    }
    this.entries.delete(key);
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The browser's fetch as a `Fetcher` (no credentials: playback URLs carry their own token). */
export const browserFetch: Fetcher = async (url) => {
  const r = await fetch(url, { credentials: "omit", mode: "cors" });
  return { ok: r.ok, status: r.status, body: await r.arrayBuffer() };
};
