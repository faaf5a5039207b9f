import { test } from "node:test";
import assert from "node:assert/strict";
import { INITIAL, type Event, type State, handoffPoint, reduce } from "../../src/machine.js";

function run(...events: Event[]): { state: State; effects: string[] } {
  let state = INITIAL;
  const effects: string[] = [];
  for (const e of events) {
    const step = reduce(state, e);
    state = step.state;
    effects.push(...step.effects.map((f) => ("at" in f ? `${f.kind}@${f.at}` : f.kind)));
  }
  return { state, effects };
}

const boot = (o: Partial<Extract<Event, { type: "bootstrapped" }>> = {}): Event => ({
  type: "bootstrapped",
  hasOpener: true,
  hasManifest: true,
  handoffAt: 2,
  startTime: 0,
  ...o,
});

test("loading fetches the bootstrap, then plays the opener and prepares HLS at the hand-off", () => {
  const { state, effects } = run({ type: "load" }, boot());
  assert.equal(state.phase, "opener");
  assert.deepEqual(effects, ["fetch-bootstrap", "start-opener@0", "prepare-hls@2"]);
});

test("the opener's end hands over to HLS at the segment boundary, once", () => {
  const { state, effects } = run({ type: "load" }, boot({ handoffAt: 4 }), { type: "opener-ended" }, { type: "opener-ended" });
  assert.equal(state.phase, "hls");
  assert.deepEqual(effects.slice(3), ["handoff@4"]);
});

test("seeking past the opener hands over at once, to where the seek went", () => {
  const { state, effects } = run({ type: "load" }, boot(), { type: "seek", to: 7.5 });
  assert.equal(state.phase, "hls");
  assert.equal(effects.at(-1), "handoff@7.5");
});

test("seeking within the opener stays on the opener", () => {
  const { state, effects } = run({ type: "load" }, boot(), { type: "seek", to: 1 });
  assert.equal(state.phase, "opener");
  assert.equal(effects.length, 3);
});

test("a start time past the opener skips it and starts HLS there", () => {
  const { state, effects } = run({ type: "load" }, boot({ startTime: 9 }));
  assert.equal(state.phase, "hls");
  assert.deepEqual(effects, ["fetch-bootstrap", "start-hls@9"]);
});

test("an opener-only asset plays the opener and ends with it", () => {
  const { state, effects } = run({ type: "load" }, boot({ hasManifest: false }), { type: "opener-ended" });
  assert.equal(state.phase, "ended");
  assert.deepEqual(effects, ["fetch-bootstrap", "start-opener@0"]);
});

test("a manifest without an opener goes straight to HLS", () => {
  const { state } = run({ type: "load" }, boot({ hasOpener: false }));
  assert.equal(state.phase, "hls");
});

test("a bootstrap with neither fails with no_source", () => {
  const { state, effects } = run({ type: "load" }, boot({ hasOpener: false, hasManifest: false }));
  assert.equal(state.phase, "error");
  assert.equal(state.errorCode, "no_source");
  assert.equal(effects.at(-1), "fail");
});

test("an error in any phase fails with its code; load starts over", () => {
  const failed = run({ type: "load" }, boot(), { type: "error", code: "hls_networkError" });
  assert.equal(failed.state.phase, "error");
  assert.equal(failed.state.errorCode, "hls_networkError");
  const again = reduce(failed.state, { type: "load" });
  assert.equal(again.state.phase, "bootstrapping");
  assert.equal(again.state.errorCode, null);
});

test("events out of order are ignored", () => {
  assert.equal(reduce(INITIAL, { type: "opener-ended" }).state, INITIAL);
  assert.equal(reduce(INITIAL, boot()).state, INITIAL);
});

test("HLS ending ends playback; seeking back resumes HLS", () => {
  const ended = run({ type: "load" }, boot(), { type: "opener-ended" }, { type: "ended" });
  assert.equal(ended.state.phase, "ended");
  assert.equal(reduce(ended.state, { type: "seek", to: 0 }).state.phase, "hls");
});

test("the hand-off point is the hinted one, else the opener rounded to whole segments", () => {
  assert.equal(handoffPoint(4, 3.99, 2), 4);
  assert.equal(handoffPoint(null, 2.021, 2), 2);
  assert.equal(handoffPoint(null, 3.98, 2), 4);
  assert.equal(handoffPoint(null, 0.4, 2), 2);
  assert.equal(handoffPoint(null, 2.5, 0), 2.5);
});
