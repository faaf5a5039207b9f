import { test } from "node:test";
import assert from "node:assert/strict";
import { BootstrapError, artifactKey, parseBootstrap, refreshDelayMs, tokenOf, withToken } from "../../src/bootstrap.js";
import { PrefetchStore } from "../../src/prefetch.js";

const U = "http://edge.test/p/key.1700000000.SIG/0d7e/hls/360p/segment_00001.m4s";

test("the token is the path prefix after /p/", () => {
  assert.equal(tokenOf(U), "key.1700000000.SIG");
  assert.equal(tokenOf("http://edge.test/other/x.m4s"), null);
});

test("swapping the token keeps everything else", () => {
  assert.equal(withToken(U, "new.1.X"), "http://edge.test/p/new.1.X/0d7e/hls/360p/segment_00001.m4s");
  assert.equal(withToken(U, null), U);
  assert.equal(withToken("http://edge.test/x/y", "t"), "http://edge.test/x/y");
});

test("an artifact's key is the same whatever its token", () => {
  assert.equal(artifactKey(U), artifactKey(withToken(U, "other.2.Y") + "?x=1"));
  assert.notEqual(artifactKey(U), artifactKey(U.replace("00001", "00002")));
});

test("a refresh comes a third of the remaining life early, between 1 s and 30 s", () => {
  assert.equal(refreshDelayMs(6_000, 0), 4_000);
  assert.equal(refreshDelayMs(3_600_000, 0), 3_570_000);
  assert.equal(refreshDelayMs(1_500, 0), 500);
  assert.equal(refreshDelayMs(500, 0), 0);
  assert.equal(refreshDelayMs(0, 10_000), 0);
});

test("the API's JSON parses; junk fails with invalid_bootstrap", () => {
  const b = parseBootstrap({
    asset_id: "0d7e",
    manifest_url: "http://e/p/t/0d7e/hls/master.m3u8",
    opener_url: "http://e/p/t/0d7e/opener.mp4",
    thumbnail_url: null,
    segment_hints: ["http://e/p/t/0d7e/hls/360p/segment_00001.m4s", 7],
    variant_playlist_url: "http://e/p/t/0d7e/hls/360p/index.m3u8",
    init_segment_url: "http://e/p/t/0d7e/hls/360p/init.mp4",
    handoff_seconds: 2,
    segment_seconds: 2,
    expires_at: "2026-11-29T15:44:07Z",
  });
  assert.equal(b.expiresAt, Date.UTC(2026, 10, 29, 15, 44, 7));
  assert.deepEqual(b.segmentHints, ["http://e/p/t/0d7e/hls/360p/segment_00001.m4s"]);
  assert.equal(b.handoffSeconds, 2);
  assert.equal(b.posterUrl, null);
  for (const junk of [null, "x", {}, { opener_url: "http://e/o.mp4", expires_at: "soon" }]) {
    assert.throws(() => parseBootstrap(junk), (e: unknown) => e instanceof BootstrapError && e.code === "invalid_bootstrap");
  }
});

test("a prefetched body is handed out once, under any token, and a failed one not at all", async () => {
  const fetched: string[] = [];
  const store = new PrefetchStore(async (url) => {
    fetched.push(url);
    return url.includes("missing")
      ? { ok: false, status: 403, body: new ArrayBuffer(0) }
      : { ok: true, status: 200, body: new TextEncoder().encode(url).buffer as ArrayBuffer };
  });
  store.prefetch(U);
  store.prefetch(withToken(U, "again.2.Z"));
  store.prefetch("http://edge.test/p/t/0d7e/missing.m4s");
  assert.equal(fetched.length, 2);
  const hit = await store.take(withToken(U, "later.3.W"));
  assert.equal(new TextDecoder().decode(hit?.body), U);
  assert.equal(await store.take(U), null);
  assert.equal(await store.take("http://edge.test/p/t/0d7e/missing.m4s"), null);
});
