// The API's dev harness page, GET /player?asset_id=…, as a developer opens it: the bundle built
// into the API's jar, the keyless dev bootstrap, playback through the edge.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as rend from "./harness.mjs";

let browser, asset;

before(async () => {
  rend.rendEnv();
  [browser, asset] = await Promise.all([rend.browser(), rend.uploadReady(rend.fixture(4))]);
});

after(async () => {
  await browser?.close();
});

test("the dev player page plays an asset of the dev account from the opener into HLS", async () => {
  const page = await browser.newPage();
  const failed = [];
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("favicon.ico") && failed.push(`${r.status()} ${r.url()}`));
  const { api } = rend.rendEnv();
  await page.goto(`${api}/player?asset_id=${asset}`);
  await page.waitForFunction(() => {
    const el = document.querySelector("rend-player");
    return el && el.phase === "hls" && el.currentTime > 2.5;
  }, null, { timeout: 30_000 });
  assert.deepEqual(failed, []);
  const bad = await page.goto(`${api}/player?asset_id=nope`);
  assert.equal(bad.status(), 400);
  assert.equal((await bad.json()).error.code, "invalid_parameter");
  await page.close();
});
