import type Hls from "hls.js";
import type { Level } from "hls.js";
import {
  type Bootstrap,
  BootstrapError,
  artifactKey,
  parseBootstrap,
  refreshDelayMs,
  tokenOf,
} from "./bootstrap.js";
import { sessionLoader } from "./loader.js";
import { type Effect, type Event as MachineEvent, INITIAL, type State, handoffPoint, reduce } from "./machine.js";
import { PrefetchStore, browserFetch } from "./prefetch.js";
import { QoeTracker, beaconBody, newViewId } from "./qoe.js";

/** What beacons say sent them. */
const PLAYER = "rend-player/0.1.0";
/** A playing view reports this often, besides its first frame, errors, the end and page hides. */
const BEACON_EVERY_MS = 10_000;
/** How long after the opener's header the player stops waiting for its first frame. */
const FIRST_FRAME_FALLBACK_MS = 300;

/** Media events the element re-dispatches from whichever inner video is showing. */
const FORWARDED = [
  "loadedmetadata", "loadeddata", "play", "playing", "pause", "waiting", "seeking", "seeked",
  "timeupdate", "ended", "ratechange", "volumechange", "progress",
] as const;

const STYLE = `:host{display:inline-block;position:relative;width:640px;aspect-ratio:16/9;background:#000;overflow:hidden}
video{position:absolute;inset:0;width:100%;height:100%;background:transparent}
video.hidden{visibility:hidden}`;

let hlsModule: Promise<typeof Hls> | null = null;

/**
 * hls.js (most of the bundle) loads apart from the element, so the opener's request does not wait
 * for it to download and compile; it is asked for once the opener's header is in, or at play.
 */
function loadHls(): Promise<typeof Hls> {
  hlsModule ??= import("hls.js").then((m) => m.default);
  return hlsModule;
}

/** A function that returns a fresh bootstrap (the API's JSON); the customer's server signs it. */
export type BootstrapSource = () => Promise<unknown>;

/**
 * `<rend-player>`: starts on the asset's opener MP4 (first frame in one request), hands over to
 * the HLS ladder on a segment boundary (two stacked videos: HLS waits under the opener, buffered,
 * paused and already showing its first frame, so uncovering it costs no decode), then plays adaptive HLS through hls.js (native HLS where MSE is missing). Signed
 * URLs are refreshed before they expire.
 */
export class RendPlayer extends HTMLElement {
  static observedAttributes = ["src", "manifest", "opener", "poster", "muted", "controls"];

  /** Returns a fresh bootstrap; defaults to fetching the `src` attribute's URL. */
  fetchBootstrap: BootstrapSource | null = null;

  private readonly opener: HTMLVideoElement;
  private readonly hlsVideo: HTMLVideoElement;
  private state: State = INITIAL;
  private hls: Hls | null = null;
  private boot: Bootstrap | null = null;
  private currentToken: string | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshing: Promise<void> | null = null;
  private hlsWanted = false;
  private hlsStarting = false;
  /** Bumped by teardown, so a late hls.js import does not attach to a torn-down player. */
  private generation = 0;
  /** HLS sits on its first frame at the hand-off point (confirmed by a presented frame). */
  private parked = false;
  private lastOpenerFrame = 0;
  /**
   * Work that waits for the opener's first frame: hls.js (~600 kB to parse and compile) and the
   * HLS prefetch would otherwise take the main thread and the connection while the opener is
   * being fetched and decoded, and put its first frame ~100 ms later.
   */
  private afterFirstFrame: Array<() => void> | null = [];
  private firstFrameFallback: ReturnType<typeof setTimeout> | null = null;
  private readonly store = new PrefetchStore(browserFetch);
  private qoe = new QoeTracker();
  private viewId = newViewId();
  private beaconTimer: ReturnType<typeof setInterval> | null = null;
  /** Diagnostics: how often, and what, the player fetched, refreshed and reported. */
  readonly stats = { refreshes: 0, servedFromPrefetch: [] as string[], retriedAfter403: 0, beacons: 0 };

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.opener = document.createElement("video");
    this.hlsVideo = document.createElement("video");
    for (const v of [this.opener, this.hlsVideo]) {
      v.playsInline = true;
      v.setAttribute("part", v === this.opener ? "video opener" : "video hls");
      for (const type of FORWARDED) {
        v.addEventListener(type, () => this.forward(v, type));
      }
    }
    // hls.js starts with playback, not with the page: until then the bootstrap's hints are the
    // whole prefetch (a few segments), however long the viewer waits.
    this.opener.addEventListener("play", () => this.onceOpenerShown(() => this.wantHls()));
    this.opener.addEventListener("playing", () => this.alignHls());
    this.opener.addEventListener("loadedmetadata", () => this.openerMetadata());
    // Where no frame is presented (preload="metadata", a hidden tab, no requestVideoFrameCallback)
    // the deferred work goes ahead soon after the opener's header or on an error.
    this.opener.addEventListener("loadedmetadata", () => {
      this.firstFrameFallback ??= setTimeout(() => this.openerShown(), FIRST_FRAME_FALLBACK_MS);
    });
    this.opener.addEventListener("error", () => this.openerShown());
    this.opener.addEventListener("ended", () => this.dispatch({ type: "opener-ended" }));
    this.opener.addEventListener("error", () => this.openerFailed());
    this.hlsVideo.addEventListener("ended", () => this.dispatch({ type: "ended" }));
    for (const type of ["loadeddata", "progress", "canplay"]) {
      this.hlsVideo.addEventListener(type, () => this.alignHls());
    }
    if ("requestVideoFrameCallback" in this.hlsVideo) {
      this.hlsVideo.requestVideoFrameCallback(this.parkOnFirstFrame);
      this.opener.requestVideoFrameCallback(this.watchOpenerEnd);
    }
    root.append(style, this.hlsVideo, this.opener);
    this.watchQoe();
  }

  connectedCallback(): void {
    window.addEventListener("pagehide", this.pageHidden);
    document.addEventListener("visibilitychange", this.pageHidden);
    if (this.state.phase === "idle" && this.hasSource()) {
      queueMicrotask(() => this.dispatch({ type: "load" }));
    }
  }

  disconnectedCallback(): void {
    window.removeEventListener("pagehide", this.pageHidden);
    document.removeEventListener("visibilitychange", this.pageHidden);
    this.teardown();
    this.state = INITIAL;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === "muted") {
      this.opener.muted = this.hlsVideo.muted = value !== null;
    } else if (name === "controls") {
      this.activeVideo.controls = value !== null;
    } else if (name === "poster") {
      this.opener.poster = value ?? "";
    } else if (old !== value && this.isConnected && this.hasSource()) {
      this.load();
    }
  }

  /** (Re)starts from a fresh bootstrap. */
  load(): void {
    this.teardown();
    this.state = INITIAL;
    this.dispatch({ type: "load" });
  }

  play(): Promise<void> {
    return this.activeVideo.play();
  }

  pause(): void {
    this.activeVideo.pause();
  }

  /** The inner video that is showing: the opener until the hand-off, then the HLS one. */
  get activeVideo(): HTMLVideoElement {
    return this.state.phase === "hls" || this.state.phase === "ended" && this.state.hasManifest
      ? this.hlsVideo
      : this.opener;
  }

  get phase(): string {
    return this.state.phase;
  }

  get handoffAt(): number {
    return this.state.handoffAt;
  }

  get tokenExpiresAt(): number | null {
    return this.boot?.expiresAt ?? null;
  }

  get hlsInstance(): Hls | null {
    return this.hls;
  }

  get currentTime(): number {
    return this.activeVideo.currentTime;
  }

  set currentTime(t: number) {
    if (this.state.phase === "opener" && t >= this.state.handoffAt) {
      this.dispatch({ type: "seek", to: t });
    } else {
      this.activeVideo.currentTime = t;
    }
  }

  get duration(): number {
    return this.hls !== null || this.hlsVideo.src !== "" ? this.hlsVideo.duration : this.opener.duration;
  }

  get paused(): boolean {
    return this.activeVideo.paused;
  }

  get muted(): boolean {
    return this.hasAttribute("muted");
  }

  set muted(on: boolean) {
    this.toggleAttribute("muted", on);
  }

  private hasSource(): boolean {
    return this.hasAttribute("src") || this.hasAttribute("manifest") || this.hasAttribute("opener")
      || this.fetchBootstrap !== null;
  }

  private dispatch(event: MachineEvent): void {
    const before = this.state.phase;
    const step = reduce(this.state, event);
    this.state = step.state;
    if (before !== this.state.phase) {
      this.emit("rend-statechange", { phase: this.state.phase, from: before });
    }
    for (const effect of step.effects) {
      this.run(effect);
    }
  }

  private run(effect: Effect): void {
    switch (effect.kind) {
      case "fetch-bootstrap":
        this.bootstrapNow();
        return;
      case "start-opener":
        this.startOpener(effect.at);
        return;
      case "prepare-hls":
        if (!this.opener.paused) {
          this.onceOpenerShown(() => this.wantHls());
        }
        return;
      case "start-hls":
        this.showHls();
        this.startHls(effect.at);
        if (this.hasAttribute("autoplay")) {
          this.autoplay(this.hlsVideo);
        }
        return;
      case "handoff":
        this.handoff(effect.at);
        return;
      case "fail":
        this.emit("rend-error", { code: effect.code });
        return;
    }
  }

  private async bootstrapNow(): Promise<void> {
    try {
      const boot = await this.nextBootstrap();
      this.accept(boot);
      this.dispatch({
        type: "bootstrapped",
        hasOpener: boot.openerUrl !== null,
        hasManifest: boot.manifestUrl !== null,
        handoffAt: boot.handoffSeconds ?? boot.segmentSeconds ?? 2,
        startTime: Number(this.attr("start-time") ?? 0) || 0,
      });
      // The opener comes first on the wire: the rest once its header (faststart moov) is in.
      if (this.attr("preload") !== "none") {
        if (this.state.phase === "opener") {
          this.onceOpenerShown(() => {
            this.prefetch(boot);
            void loadHls().catch(() => undefined);
          });
        } else {
          this.prefetch(boot);
        }
      }
    } catch (e) {
      this.dispatch({ type: "error", code: e instanceof BootstrapError ? e.code : "bootstrap_failed" });
    }
  }

  private async nextBootstrap(): Promise<Bootstrap> {
    if (this.fetchBootstrap !== null) {
      return parseBootstrap(await this.fetchBootstrap());
    }
    const src = this.attr("src");
    if (src !== null) {
      const r = await fetch(src, { credentials: "same-origin" });
      if (!r.ok) {
        throw new BootstrapError("bootstrap_failed", `GET ${src}: ${r.status}`);
      }
      return parseBootstrap(await r.json());
    }
    return parseBootstrap({
      manifest_url: this.attr("manifest"),
      opener_url: this.attr("opener"),
      thumbnail_url: this.attr("poster"),
    });
  }

  /** Takes a (fresh) bootstrap's token and expiry; schedules the next refresh. */
  private accept(boot: Bootstrap): void {
    this.boot = boot;
    this.currentToken = tokenOf(boot.manifestUrl ?? boot.openerUrl ?? "");
    if (this.refreshTimer !== null) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
    }
    const canRefresh = this.fetchBootstrap !== null || this.hasAttribute("src");
    if (boot.expiresAt !== null && canRefresh) {
      const delay = refreshDelayMs(boot.expiresAt, Date.now());
      this.refreshTimer = setTimeout(() => void this.refreshNow().catch(() => undefined), delay);
    }
  }

  /** Fetches a fresh bootstrap and swaps the token for every later request. */
  refreshNow(): Promise<void> {
    if (this.refreshing === null) {
      this.refreshing = this.nextBootstrap()
        .then((boot) => {
          this.accept(boot);
          this.stats.refreshes++;
          this.emit("rend-tokenrefresh", { expiresAt: boot.expiresAt });
        })
        .catch((e) => {
          // Try again soon: the old token may still have a little life in it.
          this.refreshTimer = setTimeout(() => void this.refreshNow().catch(() => undefined), 1000);
          throw e;
        })
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  private prefetch(boot: Bootstrap): void {
    const urls = [boot.manifestUrl, boot.variantPlaylistUrl, boot.initSegmentUrl, ...boot.segmentHints];
    for (const url of urls) {
      if (url !== null) {
        this.store.prefetch(url);
      }
    }
  }

  /** Runs `work` once the opener has presented its first frame (at once if it has). */
  private onceOpenerShown(work: () => void): void {
    if (this.afterFirstFrame === null) {
      work();
    } else {
      this.afterFirstFrame.push(work);
    }
  }

  private openerShown(): void {
    const waiting = this.afterFirstFrame;
    if (waiting === null) {
      return;
    }
    this.afterFirstFrame = null;
    if (this.firstFrameFallback !== null) {
      clearTimeout(this.firstFrameFallback);
      this.firstFrameFallback = null;
    }
    // After this frame's paint, not inside its callback; not for a player torn down meanwhile.
    const generation = this.generation;
    setTimeout(() => {
      if (generation === this.generation) {
        waiting.forEach((work) => work());
      }
    }, 0);
  }

  private startOpener(at: number): void {
    const boot = this.boot as Bootstrap;
    this.opener.preload = preloadOf(this.attr("preload"));
    this.opener.controls = this.hasAttribute("controls");
    // The opener's request first: asked for after the poster, it started ~5-10 ms later.
    this.opener.src = boot.openerUrl as string;
    this.opener.poster = this.attr("poster") ?? boot.posterUrl ?? "";
    this.lastOpenerFrame = 0;
    if ("requestVideoFrameCallback" in this.opener) {
      this.opener.requestVideoFrameCallback(this.watchOpenerEnd);
    }
    if (at > 0) {
      this.opener.currentTime = at;
    }
    if (this.hasAttribute("autoplay")) {
      this.autoplay(this.opener);
    }
  }

  private openerMetadata(): void {
    const boot = this.boot;
    if (boot !== null && boot.handoffSeconds === null && this.state.phase === "opener") {
      const at = handoffPoint(null, this.opener.duration, boot.segmentSeconds ?? 2);
      this.state = { ...this.state, handoffAt: at };
    }
  }

  /** Starts HLS under the opener once the opener plays. */
  private wantHls(): void {
    if (this.state.phase !== "opener" || !this.state.hasManifest || this.hlsWanted) {
      return;
    }
    this.hlsWanted = true;
    this.startHls(this.state.handoffAt);
  }

  private startHls(at: number): void {
    if (this.hlsStarting || this.hls !== null || this.hlsVideo.src !== "") {
      return;
    }
    this.hlsStarting = true;
    const generation = this.generation;
    loadHls().then(
      (Hls) => {
        if (generation === this.generation) {
          this.attachHls(Hls, at);
        }
      },
      () => this.dispatch({ type: "error", code: "hls_unavailable" }),
    );
  }

  private attachHls(Hls: typeof import("hls.js").default, at: number): void {
    const boot = this.boot as Bootstrap;
    const manifest = boot.manifestUrl as string;
    if (!Hls.isSupported() && this.hlsVideo.canPlayType("application/vnd.apple.mpegurl") !== "") {
      this.hlsVideo.src = manifest;
      this.hlsVideo.addEventListener("loadedmetadata", () => (this.hlsVideo.currentTime = at), { once: true });
      return;
    }
    const maxBuffer = Number(this.attr("max-buffer") ?? 30) || 30;
    const hls = new Hls({
      autoStartLoad: false,
      startPosition: at,
      maxBufferLength: maxBuffer,
      maxMaxBufferLength: maxBuffer * 2,
      backBufferLength: 30,
      loader: sessionLoader(Hls, {
        token: () => this.currentToken,
        prefetched: this.store,
        refreshNow: () => {
          this.stats.retriedAfter403++;
          return this.refreshNow();
        },
        servedFromPrefetch: (url) => this.stats.servedFromPrefetch.push(artifactKey(url)),
      }),
    });
    this.hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
      const start = startLevel(data.levels, boot.variantPlaylistUrl);
      if (start >= 0) {
        hls.startLevel = start;
      }
      hls.startLoad(at);
    });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) {
        this.dispatch({ type: "error", code: "hls_" + data.type });
      }
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_e, data) => this.emit("rend-levelswitch", { level: data.level }));
    hls.attachMedia(this.hlsVideo);
    hls.loadSource(manifest);
  }

  /**
   * While HLS waits under the opener, parks it on the first frame at or after the hand-off point.
   * An encode with B-frames starts each segment's pictures a frame or two after the segment's
   * nominal start; parked on the nominal start the video would sit in that gap until hls.js's gap
   * controller nudges it (a visible stall of ~200 ms).
   */
  private alignHls(): void {
    if (this.state.phase !== "opener") {
      return;
    }
    const v = this.hlsVideo;
    const at = this.state.handoffAt;
    const inWindow = v.currentTime >= at - 0.001 && v.currentTime - at < 0.5;
    if (!inWindow) {
      const start = firstFrameAt(v.buffered, at);
      if (start !== null) {
        this.parked = false;
        v.currentTime = start;
      }
      return;
    }
    // "Playing" at rate 0: Chromium starts the renderer (audio sink, clock) now rather than at the
    // hand-off, where starting it froze the picture for ~50 ms. The clock does not move.
    if (this.parked && v.paused && v.readyState >= 3 && !this.opener.paused) {
      v.playbackRate = 0;
      void v.play().catch(() => undefined);
    }
  }

  /**
   * The picture HLS shows while parked is its first frame at or after the parking time; when that
   * frame lies later (the ladder's video starts a little after the segment's nominal start, e.g.
   * by its B-frame delay), parking there instead means the clock starts on that frame at the
   * hand-off rather than holding it until the clock catches up.
   */
  private readonly parkOnFirstFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
    const v = this.hlsVideo;
    if (this.state.phase !== "opener" && this.state.phase !== "bootstrapping") {
      return;
    }
    const late = meta.mediaTime - v.currentTime;
    if (v.paused && late > 0.001 && meta.mediaTime - this.state.handoffAt < 0.5) {
      v.currentTime = meta.mediaTime;
    } else if (v.paused && Math.abs(late) <= 0.001) {
      this.parked = true;
      this.alignHls();
    }
    v.requestVideoFrameCallback(this.parkOnFirstFrame);
  };

  /**
   * Hands over when the opener presents its last frame rather than at its `ended` event, which
   * comes a frame or two later: HLS's clock takes a few tens of ms to start, and starting it now
   * lands its first frame about when the opener's last one would have left the screen.
   */
  private readonly watchOpenerEnd = (_now: number, meta: VideoFrameCallbackMetadata): void => {
    const v = this.opener;
    if (v.getAttribute("src") !== null) {
      this.openerShown();
    }
    const frame = meta.mediaTime - this.lastOpenerFrame;
    this.lastOpenerFrame = meta.mediaTime;
    if (
      this.state.phase === "opener" &&
      this.parked &&
      frame > 0 &&
      frame < 0.1 &&
      meta.mediaTime + 1.5 * frame >= this.state.handoffAt
    ) {
      this.dispatch({ type: "opener-ended" });
      return;
    }
    if (v.getAttribute("src") !== null || this.state.phase === "idle") {
      v.requestVideoFrameCallback(this.watchOpenerEnd);
    }
  };

  private handoff(at: number): void {
    this.startHls(at);
    const v = this.hlsVideo;
    const parked = v.currentTime >= at && v.currentTime - at < 0.5;
    const target = parked ? v.currentTime : (firstFrameAt(v.buffered, at) ?? at);
    if (Math.abs(v.currentTime - target) > 0.001 && v.readyState > 0) {
      v.currentTime = target;
    }
    const playing = !this.opener.paused || this.opener.ended;
    v.muted = this.opener.muted;
    v.volume = this.opener.volume;
    v.playbackRate = this.opener.playbackRate;
    if (playing && v.paused) {
      void v.play().catch(() => undefined);
    } else if (!playing && !v.paused) {
      v.pause();
    }
    this.showHls();
    this.emit("rend-handoff", { at, openerEndedAt: this.opener.currentTime });
    this.opener.removeAttribute("src");
    this.opener.load();
  }

  private showHls(): void {
    this.hlsVideo.controls = this.hasAttribute("controls");
    this.opener.classList.add("hidden");
    this.opener.controls = false;
  }

  private openerFailed(): void {
    if (this.state.phase !== "opener" || this.opener.getAttribute("src") === null) {
      return;
    }
    // Most likely an expired token on a late range request: refresh and resume where it was.
    const at = this.opener.currentTime;
    const wasPlaying = !this.opener.paused;
    this.refreshNow().then(
      () => {
        this.opener.src = (this.boot as Bootstrap).openerUrl as string;
        this.opener.currentTime = at;
        if (wasPlaying) {
          void this.opener.play().catch(() => undefined);
        }
      },
      () => this.dispatch({ type: "error", code: "opener_failed" }),
    );
  }

  private autoplay(v: HTMLVideoElement): void {
    v.play().catch((e: unknown) => {
      if (e instanceof DOMException && e.name === "NotAllowedError" && !v.muted) {
        this.muted = true;
        void v.play().catch(() => undefined);
      }
    });
  }

  private forward(from: HTMLVideoElement, type: string): void {
    if (from !== this.activeVideo || (from === this.opener && type === "ended" && this.state.hasManifest)) {
      return;
    }
    this.dispatchEvent(new Event(type));
  }

  private emit(type: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private attr(name: string): string | null {
    return this.getAttribute(name);
  }

  /** The element's own (forwarded) media events and its errors feed the view's QoE. */
  private watchQoe(): void {
    const now = (): number => performance.now();
    this.addEventListener("play", () => this.qoe.playRequested(now()));
    this.addEventListener("playing", () => this.qoe.playing(now()));
    this.addEventListener("pause", () => this.qoe.paused(now()));
    this.addEventListener("waiting", () => this.qoe.waiting(now()));
    this.addEventListener("ended", () => {
      this.qoe.endedAt(now());
      this.sendBeacon();
    });
    this.addEventListener("rend-levelswitch", () => this.qoe.levelSwitched());
    this.addEventListener("rend-error", (e) => {
      this.qoe.failed((e as CustomEvent<{ code: string }>).detail.code);
      this.sendBeacon();
    });
    this.armFirstFrame();
  }

  /** Watches both videos for the view's first frame (whichever is showing presents it). */
  private armFirstFrame(): void {
    for (const v of [this.opener, this.hlsVideo]) {
      if ("requestVideoFrameCallback" in v) {
        const view = this.viewId;
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
          if (view !== this.viewId || this.qoe.started) {
            return;
          }
          if (v === this.activeVideo && this.qoe.framePresented(meta.presentationTime)) {
            this.sendBeacon();
            this.beaconTimer = setInterval(() => {
              if (!this.paused) {
                this.sendBeacon();
              }
            }, BEACON_EVERY_MS);
            return;
          }
          v.requestVideoFrameCallback(onFrame);
        };
        v.requestVideoFrameCallback(onFrame);
      }
    }
  }

  private readonly pageHidden = (e: Event): void => {
    if (e.type === "pagehide" || document.visibilityState === "hidden") {
      this.sendBeacon();
    }
  };

  /** Reports the view so far to the bootstrap's beacon URL, unless `beacons="off"`. */
  private sendBeacon(): void {
    const boot = this.boot;
    if (
      boot === null || boot.beaconUrl === null || boot.assetId === null || this.currentToken === null
      || this.attr("beacons") === "off" || typeof navigator.sendBeacon !== "function"
    ) {
      return;
    }
    const body = beaconBody(this.qoe.report(performance.now()), boot.assetId, this.currentToken, this.viewId, PLAYER);
    if (navigator.sendBeacon(boot.beaconUrl, body)) {
      this.stats.beacons++;
    }
  }

  /** Ends the view (its last beacon, when it started or failed) and begins the next one's. */
  private endView(): void {
    if (this.qoe.started) {
      this.qoe.paused(performance.now());
      this.sendBeacon();
    }
    if (this.beaconTimer !== null) {
      clearInterval(this.beaconTimer);
      this.beaconTimer = null;
    }
    this.qoe = new QoeTracker();
    this.viewId = newViewId();
    this.armFirstFrame();
  }

  private teardown(): void {
    this.endView();
    if (this.refreshTimer !== null) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
    }
    this.hls?.destroy();
    this.hls = null;
    this.hlsWanted = false;
    this.hlsStarting = false;
    this.generation++;
    this.parked = false;
    this.afterFirstFrame = [];
    if (this.firstFrameFallback !== null) {
      clearTimeout(this.firstFrameFallback);
      this.firstFrameFallback = null;
    }
    this.store.clear();
    for (const v of [this.opener, this.hlsVideo]) {
      v.removeAttribute("src");
      v.load();
    }
    this.opener.classList.remove("hidden");
  }
}

/** The level whose playlist the bootstrap hinted (and prefetched), or -1. */
function startLevel(levels: Level[], variant: string | null): number {
  if (variant === null) {
    return -1;
  }
  const want = artifactKey(variant);
  return levels.findIndex((l) => artifactKey(l.uri ?? l.url[0]) === want);
}

function preloadOf(value: string | null): "none" | "metadata" | "auto" {
  return value === "none" || value === "metadata" ? value : "auto";
}

/** The start of the buffered range that holds `at` or begins just after it (within 0.5 s). */
function firstFrameAt(buffered: TimeRanges, at: number): number | null {
  for (let i = 0; i < buffered.length; i++) {
    const start = buffered.start(i);
    if (start <= at + 1e-3 && buffered.end(i) > at) {
      return at;
    }
    if (start > at && start - at < 0.5) {
      return start;
    }
  }
  return null;
}
