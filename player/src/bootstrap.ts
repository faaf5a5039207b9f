/**
 * The playback bootstrap as the Rend API returns it (`GET /v1/assets/{id}/playback`), and the
 * token arithmetic on its URLs. Every playback URL carries its token as a path prefix
 * (`/p/<token>/<asset_id>/...`), so swapping the token is a string operation on the path.
 */
export interface Bootstrap {
  assetId: string | null;
  manifestUrl: string | null;
  openerUrl: string | null;
  posterUrl: string | null;
  /** The variant playlist, init segment and segments that follow the opener, in play order. */
  variantPlaylistUrl: string | null;
  initSegmentUrl: string | null;
  segmentHints: string[];
  /** Where the opener ends on the segment grid (seconds); null when the API did not say. */
  handoffSeconds: number | null;
  segmentSeconds: number | null;
  /** Epoch milliseconds; null when the URLs do not expire (e.g. given directly by attributes). */
  expiresAt: number | null;
  /** Where QoE beacons go (`POST /v1/playback/beacons`); null: none are sent. */
  beaconUrl: string | null;
}

export class BootstrapError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const TOKEN_PATH = /\/p\/([^/]+)\//;

/** Parses the API's JSON (snake_case); throws `BootstrapError('invalid_bootstrap')` on junk. */
export function parseBootstrap(json: unknown): Bootstrap {
  if (json === null || typeof json !== "object") {
    throw new BootstrapError("invalid_bootstrap", "the bootstrap is not a JSON object");
  }
  const o = json as Record<string, unknown>;
  const str = (k: string): string | null => (typeof o[k] === "string" ? (o[k] as string) : null);
  const num = (k: string): number | null =>
    typeof o[k] === "number" && Number.isFinite(o[k]) ? (o[k] as number) : null;
  const manifestUrl = str("manifest_url");
  const openerUrl = str("opener_url");
  if (manifestUrl === null && openerUrl === null) {
    throw new BootstrapError("invalid_bootstrap", "the bootstrap names neither a manifest nor an opener");
  }
  const expires = str("expires_at");
  const expiresAt = expires === null ? null : Date.parse(expires);
  if (expiresAt !== null && Number.isNaN(expiresAt)) {
    throw new BootstrapError("invalid_bootstrap", "expires_at is not a date: " + expires);
  }
  const hints = Array.isArray(o.segment_hints)
    ? o.segment_hints.filter((h): h is string => typeof h === "string")
    : [];
  return {
    assetId: str("asset_id"),
    beaconUrl: str("beacon_url"),
    manifestUrl,
    openerUrl,
    posterUrl: str("thumbnail_url"),
    variantPlaylistUrl: str("variant_playlist_url"),
    initSegmentUrl: str("init_segment_url"),
    segmentHints: hints,
    handoffSeconds: num("handoff_seconds"),
    segmentSeconds: num("segment_seconds"),
    expiresAt,
  };
}

/** The token in a playback URL's path prefix, or null when it has none. */
export function tokenOf(url: string): string | null {
  const m = TOKEN_PATH.exec(url);
  return m === null ? null : m[1];
}

/** `url` with its path-prefix token replaced by `token` (unchanged when it has none). */
export function withToken(url: string, token: string | null): string {
  if (token === null) {
    return url;
  }
  return url.replace(TOKEN_PATH, "/p/" + token + "/");
}

/**
 * A key that names the same artifact whatever token its URL carries: the URL with the token
 * taken out (origin kept, query and fragment dropped).
 */
export function artifactKey(url: string): string {
  const noQuery = url.split(/[?#]/, 1)[0];
  return noQuery.replace(TOKEN_PATH, "/p/-/");
}

/**
 * When to fetch a fresh bootstrap: ahead of expiry by a third of the remaining lifetime, at least
 * a second and at most thirty, so a slow refresh still lands before the old token dies.
 */
export function refreshDelayMs(expiresAt: number, now: number): number {
  const remaining = expiresAt - now;
  const margin = Math.min(30_000, Math.max(1_000, remaining / 3));
  return Math.max(0, remaining - margin);
}
