/**
 * The element's playback phases as a pure reducer: the element feeds it what happened and acts on
 * the effects it returns, so the order of opener, hand-off and HLS is tested without a browser.
 *
 *   idle ──load──▶ bootstrapping ──bootstrapped──▶ opener ──opener-ended / seek past──▶ hls
 *                       │                            │ (no manifest: ended)            │
 *                       └──────────── error ◀────────┴─────────────────────────────────┘
 */
export type Phase = "idle" | "bootstrapping" | "opener" | "hls" | "ended" | "error";

export interface State {
  readonly phase: Phase;
  readonly hasManifest: boolean;
  /** Where HLS takes over from the opener (seconds, on the segment grid). */
  readonly handoffAt: number;
  readonly errorCode: string | null;
}

export type Event =
  | { type: "load" }
  | {
      type: "bootstrapped";
      hasOpener: boolean;
      hasManifest: boolean;
      handoffAt: number;
      startTime: number;
    }
  | { type: "opener-ended" }
  | { type: "seek"; to: number }
  | { type: "ended" }
  | { type: "error"; code: string };

export type Effect =
  | { kind: "fetch-bootstrap" }
  | { kind: "start-opener"; at: number }
  | { kind: "prepare-hls"; at: number }
  | { kind: "handoff"; at: number }
  | { kind: "start-hls"; at: number }
  | { kind: "fail"; code: string };

export interface Step {
  readonly state: State;
  readonly effects: readonly Effect[];
}

export const INITIAL: State = { phase: "idle", hasManifest: false, handoffAt: 0, errorCode: null };

export function reduce(state: State, event: Event): Step {
  if (event.type === "error") {
    return fail(state, event.code);
  }
  switch (state.phase) {
    case "idle":
      return event.type === "load"
        ? step({ ...state, phase: "bootstrapping" }, { kind: "fetch-bootstrap" })
        : step(state);
    case "bootstrapping":
      return event.type === "bootstrapped" ? started(state, event) : step(state);
    case "opener":
      return onOpener(state, event);
    case "hls":
      return event.type === "ended" ? step({ ...state, phase: "ended" }) : step(state);
    case "ended":
      if (event.type === "seek") {
        return state.hasManifest || event.to < state.handoffAt
          ? step({ ...state, phase: state.hasManifest ? "hls" : "opener" })
          : step(state);
      }
      return event.type === "load"
        ? step({ ...INITIAL, phase: "bootstrapping" }, { kind: "fetch-bootstrap" })
        : step(state);
    case "error":
      return event.type === "load"
        ? step({ ...INITIAL, phase: "bootstrapping" }, { kind: "fetch-bootstrap" })
        : step(state);
  }
}

function started(state: State, e: Extract<Event, { type: "bootstrapped" }>): Step {
  if (!e.hasOpener && !e.hasManifest) {
    return fail(state, "no_source");
  }
  const base = { ...state, hasManifest: e.hasManifest, handoffAt: e.handoffAt };
  if (e.hasOpener && (!e.hasManifest || e.startTime < e.handoffAt)) {
    const effects: Effect[] = [{ kind: "start-opener", at: e.startTime }];
    if (e.hasManifest) {
      effects.push({ kind: "prepare-hls", at: e.handoffAt });
    }
    return step({ ...base, phase: "opener" }, ...effects);
  }
  return step({ ...base, phase: "hls" }, { kind: "start-hls", at: e.startTime });
}

function onOpener(state: State, event: Event): Step {
  if (event.type === "opener-ended" || event.type === "ended") {
    return state.hasManifest
      ? step({ ...state, phase: "hls" }, { kind: "handoff", at: state.handoffAt })
      : step({ ...state, phase: "ended" });
  }
  if (event.type === "seek" && state.hasManifest && event.to >= state.handoffAt) {
    return step({ ...state, phase: "hls" }, { kind: "handoff", at: event.to });
  }
  return step(state);
}

function fail(state: State, code: string): Step {
  return step({ ...state, phase: "error", errorCode: code }, { kind: "fail", code });
}

function step(state: State, ...effects: Effect[]): Step {
  return { state, effects };
}

/**
 * Where the opener hands over: the API's `handoff_seconds` when it gave one, else the opener's
 * duration rounded to the nearest whole segment (the worker cuts the opener on the segment grid;
 * its audio may run a frame past it).
 */
export function handoffPoint(
  hinted: number | null,
  openerDuration: number,
  segmentSeconds: number,
): number {
  if (hinted !== null && hinted > 0) {
    return hinted;
  }
  if (!(segmentSeconds > 0) || !Number.isFinite(openerDuration)) {
    return Number.isFinite(openerDuration) ? openerDuration : 0;
  }
  return Math.max(1, Math.round(openerDuration / segmentSeconds)) * segmentSeconds;
}
