// QoE beacons: <rend-player> on a customer page reports its view to the API named in the
// bootstrap (sendBeacon, text/plain: no preflight from another origin), and the asset's analytics
// give it back. The page measures startup with the same two hooks the player documents (the
// element's `play` event, the first frame presented after it) and the figures must agree.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as rend from "./harness.mjs";

let site, browser, asset;

before(async () => {
  rend.rendEnv();
  // An asset of its own: the other browser tests' views must not count here.
  [site, browser, asset] = await Promise.all([rend.customerSite(), rend.browser(), rend.uploadReady(rend.fixture(4))]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test("a scripted playback is exactly one view, with the startup time the page measured", async () => {
  const boot = await rend.bootstrap(asset);
  assert.ok(boot.beacon_url, "the embedded mode names its beacon URL in bootstraps");
  const page = await browser.newPage();
  const beacons = [];
  page.on("request", (r) => {
    if (r.url() === boot.beacon_url) beacons.push({ type: r.headers()["content-type"], body: JSON.parse(r.postData()) });
  });
  await page.goto(`${site.origin}/pages/play.html?asset=${asset}&autoplay=&muted=`);
  await page.waitForFunction(() => window.__player.currentTime > 2, null, { timeout: 30_000 });
  const log = await page.evaluate(() => window.__log);
  const play = log.events.find((e) => e.type === "play");
  const first = log.frames.find((f) => f.video === "opener" && f.presentationTime >= play.t);
  const measured = first.presentationTime - play.t;
  // Leaving the page sends the view's last beacon.
  await page.goto("about:blank");
  await page.close();

  // The first frame's beacon, seen on the wire (the page-hide one leaves as the page goes).
  assert.ok(beacons.length >= 1, `beacons seen: ${beacons.length}`);
  assert.ok(beacons.every((b) => b.type.startsWith("text/plain")), "sendBeacon with a string: text/plain");
  assert.equal(new Set(beacons.map((b) => b.body.view_id)).size, 1, "one view");
  assert.equal(beacons[0].body.seq, 0);
  assert.ok(beacons[0].body.watch_ms < 500, `watch_ms at the first frame: ${beacons[0].body.watch_ms}`);

  // The view's last beacon, sent at page hide, carries the time watched: over 2 s.
  let qoe;
  const deadline = Date.now() + 20_000;
  do {
    await new Promise((r) => setTimeout(r, 250));
    qoe = (await rend.analytics(asset)).qoe;
  } while ((qoe.views < 1 || qoe.watch_ms < 1500) && Date.now() < deadline);
  console.log(`startup: page ${measured.toFixed(1)} ms, beacon ${beacons[0].body.startup_ms} ms, analytics p50 ${qoe.startup_ms_p50} ms`);
  assert.equal(qoe.views, 1);
  assert.ok(Math.abs(qoe.startup_ms_p50 - measured) <= 20, `analytics ${qoe.startup_ms_p50} ms vs page ${measured} ms`);
  assert.equal(qoe.startup_ms_p95, qoe.startup_ms_p50);
  assert.ok(qoe.watch_ms >= 1500, `watch_ms ${qoe.watch_ms}: the page-hide beacon arrived`);
  assert.equal(qoe.rebuffer_count, 0);
  assert.equal(qoe.views_with_fatal_error, 0);
});
