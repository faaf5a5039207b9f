// Token refresh against a Rend whose playback tokens live 5 s (REND_PLAYBACK_TOKEN_TTL_SECS=5):
// a minute of playback must cross a dozen expiries without a stall or a 403.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as rend from "../browser/harness.mjs";

let site, browser, asset;

before(async () => {
  rend.rendEnv();
  [site, browser, asset] = await Promise.all([rend.customerSite(), rend.browser(), rend.uploadReady(rend.fixture(64), 240_000)]);
  const boot = await rend.bootstrap(asset);
  const ttl = (Date.parse(boot.expires_at) - Date.now()) / 1000;
  if (ttl > 10) {
    throw new Error(`this test needs a Rend with REND_PLAYBACK_TOKEN_TTL_SECS=5; its tokens live ${ttl.toFixed(0)} s`);
  }
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test("60 s of playback with 5 s tokens: refreshed ahead of expiry, no stall, no 403", { timeout: 150_000 }, async () => {
  const page = await browser.newPage();
  const responses = [];
  page.on("response", (r) => responses.push({ url: r.url(), status: r.status() }));
  await page.goto(`${site.origin}/pages/play.html?asset=${asset}&autoplay=&muted=&max-buffer=4`);
  await page.waitForFunction(() => window.__player.currentTime > 60, null, { timeout: 120_000, polling: 500 });
  const log = await page.evaluate(() => window.__log);
  const stats = await page.evaluate(() => window.__player.stats);

  const refreshes = log.events.filter((e) => e.type === "rend-tokenrefresh");
  const playing = log.events.find((e) => e.type === "playing");
  const stalls = log.events.filter((e) => /waiting|stalled|error/.test(e.type) && e.t > playing.t);
  const forbidden = responses.filter((r) => r.status === 403);
  const media = responses.filter((r) => r.url.includes("/p/"));
  const tokens = new Set(media.map((r) => /\/p\/([^/]+)\//.exec(r.url)[1]));
  const summary = { played_s: 60, refreshes: refreshes.length, distinct_tokens_on_media_requests: tokens.size, media_requests: media.length, stalls: stalls.length, responses_403: forbidden.length, retried_after_403: stats.retriedAfter403 };
  console.log(JSON.stringify(summary));
  assert.ok(refreshes.length >= 10, JSON.stringify(summary));
  assert.ok(tokens.size >= 10, JSON.stringify(summary));
  assert.deepEqual(stalls, []);
  assert.deepEqual(forbidden, []);
  assert.equal(stats.retriedAfter403, 0);
  await page.close();
});
