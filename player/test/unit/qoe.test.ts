import { test } from "node:test";
import assert from "node:assert/strict";
import { QoeTracker, beaconBody } from "../../src/qoe.js";

test("startup is from the play request to the first frame presented after it", () => {
  const q = new QoeTracker();
  assert.equal(q.framePresented(50), false, "a frame before any play request is not the start");
  q.playRequested(100);
  q.playRequested(150);
  assert.equal(q.framePresented(340), true);
  assert.equal(q.framePresented(380), false);
  const r = q.report(340);
  assert.equal(r.startup_ms, 240);
  assert.equal(r.page_first_frame_ms, 340);
  assert.equal(r.seq, 0);
  assert.equal(q.report(340).seq, 1);
});

test("before the first frame there is no startup, no watch time and no stall", () => {
  const q = new QoeTracker();
  q.playRequested(10);
  q.waiting(20);
  const r = q.report(5000);
  assert.deepEqual(
    [r.startup_ms, r.page_first_frame_ms, r.watch_ms, r.rebuffer_count, r.rebuffer_ms],
    [-1, -1, 0, 0, 0],
  );
});

test("stalls after the first frame are counted and timed apart from watch time", () => {
  const q = new QoeTracker();
  q.playRequested(0);
  q.framePresented(100);
  q.waiting(1100); // 1000 ms watched
  q.waiting(1150); // the same stall
  q.playing(1400); // 300 ms stalled
  q.paused(2400); // 1000 ms watched
  q.playing(3000);
  q.waiting(3500); // 500 ms watched, a second stall still open
  const r = q.report(3600);
  assert.equal(r.watch_ms, 2500);
  assert.equal(r.rebuffer_count, 2);
  assert.equal(r.rebuffer_ms, 400);
});

test("a pause ends a stall; the end stops the clock and later waits are not stalls", () => {
  const q = new QoeTracker();
  q.playRequested(0);
  q.framePresented(0);
  q.waiting(1000);
  q.paused(1200);
  q.playing(2000);
  q.endedAt(2500);
  q.waiting(2600);
  const r = q.report(9000);
  assert.equal(r.rebuffer_count, 1);
  assert.equal(r.rebuffer_ms, 200);
  assert.equal(r.watch_ms, 1500);
});

test("the first level is not a switch; the first fatal error is the one reported", () => {
  const q = new QoeTracker();
  assert.equal(q.report(0).bitrate_switches, 0);
  q.levelSwitched();
  q.levelSwitched();
  q.levelSwitched();
  q.failed("hls_networkError");
  q.failed("media_error");
  const r = q.report(0);
  assert.equal(r.bitrate_switches, 2);
  assert.equal(r.fatal_error, "hls_networkerror", "lower case, as the API takes codes");
});

test("the beacon body carries the view, the token and the report, nothing else", () => {
  const q = new QoeTracker();
  const body = JSON.parse(beaconBody(q.report(0), "a", "t", "v", "rend-player/0.1.0"));
  assert.deepEqual(Object.keys(body).sort(), [
    "asset_id", "bitrate_switches", "fatal_error", "page_first_frame_ms", "player", "rebuffer_count",
    "rebuffer_ms", "seq", "startup_ms", "token", "view_id", "watch_ms",
  ]);
});
