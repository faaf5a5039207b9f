/**
 * Quality of experience of one view, as the player saw it, and the beacons that report it
 * (`POST /v1/playback/beacons`). The tracker is pure arithmetic over times on the page's
 * `performance.now()` clock, so its rules are tested without a browser:
 *
 * - startup: from the first play request to the first frame presented after it;
 * - page first frame: that frame's time from the page's navigation start;
 * - rebuffering: every `waiting` after the first frame until `playing` (or a pause), counted and
 *   timed; watch time: time spent playing, stalls excluded;
 * - bitrate switches: level changes after the first level; fatal error: the first one's code.
 */
export interface QoeReport {
  seq: number;
  startup_ms: number;
  page_first_frame_ms: number;
  watch_ms: number;
  rebuffer_count: number;
  rebuffer_ms: number;
  bitrate_switches: number;
  fatal_error: string | null;
}

export class QoeTracker {
  private playRequestedAt: number | null = null;
  private firstFrameAt: number | null = null;
  private stalledSince: number | null = null;
  private playingSince: number | null = null;
  private ended = false;
  private levels = 0;
  private watched = 0;
  private stalls = 0;
  private stalled = 0;
  private fatal: string | null = null;
  private seq = 0;

  /** A play request (the element's `play` event); only the first counts. */
  playRequested(now: number): void {
    this.playRequestedAt ??= now;
    this.ended = false;
  }

  /** A frame was presented at `presentedAt`; true once the first one after a play request is. */
  framePresented(presentedAt: number): boolean {
    if (this.firstFrameAt !== null) {
      return false;
    }
    if (this.playRequestedAt === null) {
      return false;
    }
    this.firstFrameAt = Math.max(presentedAt, this.playRequestedAt);
    this.playingSince ??= this.firstFrameAt;
    return true;
  }

  get started(): boolean {
    return this.firstFrameAt !== null;
  }

  waiting(now: number): void {
    if (this.firstFrameAt === null || this.stalledSince !== null || this.ended) {
      return;
    }
    this.stopWatching(now);
    this.stalledSince = now;
    this.stalls++;
  }

  playing(now: number): void {
    this.endStall(now);
    if (this.firstFrameAt !== null && !this.ended) {
      this.playingSince ??= now;
    }
  }

  paused(now: number): void {
    this.endStall(now);
    this.stopWatching(now);
  }

  endedAt(now: number): void {
    this.paused(now);
    this.ended = true;
  }

  levelSwitched(): void {
    this.levels++;
  }

  /** The first fatal error's code, as a beacon takes it (`[a-z0-9_]`, at most 64). */
  failed(code: string): void {
    this.fatal ??= code.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 64) || "error";
  }

  /** The view so far; each report has the next `seq`. */
  report(now: number): QoeReport {
    const open = (since: number | null): number => (since === null ? 0 : Math.max(0, now - since));
    return {
      seq: this.seq++,
      startup_ms:
        this.firstFrameAt === null || this.playRequestedAt === null
          ? -1
          : Math.round(this.firstFrameAt - this.playRequestedAt),
      page_first_frame_ms: this.firstFrameAt === null ? -1 : Math.round(this.firstFrameAt),
      watch_ms: Math.round(this.watched + open(this.playingSince)),
      rebuffer_count: this.stalls,
      rebuffer_ms: Math.round(this.stalled + open(this.stalledSince)),
      bitrate_switches: Math.max(0, this.levels - 1),
      fatal_error: this.fatal,
    };
  }

  private endStall(now: number): void {
    if (this.stalledSince !== null) {
      this.stalled += Math.max(0, now - this.stalledSince);
      this.stalledSince = null;
    }
  }

  private stopWatching(now: number): void {
    if (this.playingSince !== null) {
      this.watched += Math.max(0, now - this.playingSince);
      this.playingSince = null;
    }
  }
}

/** A fresh view id (RFC 4122 v4). */
export function newViewId(): string {
  return crypto.randomUUID();
}

/**
 * The beacon's body: the report, the view, and the token that authorizes it. Sent as a string,
 * which `sendBeacon` posts as `text/plain`: no CORS preflight from any page.
 */
export function beaconBody(
  report: QoeReport,
  assetId: string,
  token: string,
  viewId: string,
  player: string,
): string {
  return JSON.stringify({ asset_id: assetId, token, view_id: viewId, player, ...report });
}
