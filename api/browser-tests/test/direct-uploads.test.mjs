// Issue 20's browser acceptance: direct upload URLs driven by tus-js-client in Debian's Chromium,
// from customer pages on other origins, against a live Rend (no mocks: the real API, worker, S3
// store and PostgreSQL of the embedded mode).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  rend,
  createSession,
  s3,
  sha256File,
  fiftyMegabyteVideo,
  smallVideo,
  customerSite,
  launchChromium,
  uploadPage,
  eventually,
} from "./harness.mjs";

const MiB = 1024 * 1024;
let browser;
let site;
let otherSite;

before(async () => {
  [browser, site, otherSite] = await Promise.all([launchChromium(), customerSite(), customerSite()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await otherSite?.close();
});

const session = async (url) => (await rend(`/v1/uploads/${url}`)).json;

test("a 50 MB upload cut at 40% resumes from the server's offset and becomes one hls_ready asset with the file's bytes", { timeout: 150_000 }, async () => {
  const video = fiftyMegabyteVideo();
  const externalId = `tus-browser-${randomUUID()}`;
  const created = await createSession({ cors_origin: site.origin, new_asset_settings: { external_id: externalId } });
  const tab = await uploadPage(browser, site, video.file);
  try {
    // Every tus request the page sends to the URL; the first PATCH that starts past 40% of the file
    // is cut (the connection reset before an answer), after reading the server's own offset.
    const requests = [];
    let cut = null;
    await tab.page.route(created.url, async (route) => {
      const request = route.request();
      const offset = Number(request.headers()["upload-offset"] ?? NaN);
      requests.push({ method: request.method(), offset });
      if (request.method() === "PATCH" && cut === null && offset >= 0.4 * video.size) {
        cut = { offset, serverOffset: (await session(created.id)).upload.offset };
        await route.abort("connectionreset");
        return;
      }
      await route.continue();
    });

    const outcome = await tab.upload(created.url, { chunkSize: 5 * MiB, retryDelays: [0, 500, 1000, 2000] });

    assert.deepEqual(outcome, { ok: true });
    assert.ok(cut, "a PATCH was cut");
    assert.equal(cut.serverOffset, cut.offset, "the cut PATCH started at the server's offset");
    assert.ok(cut.offset >= 0.4 * video.size && cut.offset < 0.5 * video.size, `cut at ${cut.offset} of ${video.size}`);
    const afterCut = requests.slice(requests.findIndex((r) => r.method === "PATCH" && r.offset === cut.offset) + 1);
    assert.equal(afterCut[0].method, "HEAD", "the client asked the server's offset after the cut");
    assert.deepEqual(afterCut[1], { method: "PATCH", offset: cut.offset }, "and resumed from it, not from 0");
    assert.equal(requests.filter((r) => r.method === "POST").length, 1, "one tus creation: the same upload resumed");
  } finally {
    await tab.close();
  }

  const done = await session(created.id);
  assert.equal(done.status, "asset_created");
  assert.deepEqual(done.upload, { length: video.size, offset: video.size });
  const asset = await eventually("hls_ready", 120_000, async () => {
    const { json } = await rend(`/v1/assets/${created.asset_id}`);
    assert.notEqual(json.playable_state, "failed", JSON.stringify(json));
    return json.playable_state === "hls_ready" && json;
  });
  const { json: listed } = await rend(`/v1/assets?external_id=${externalId}`);
  assert.deepEqual(listed.data.map((a) => a.asset_id), [created.asset_id], "exactly one asset for the session");
  assert.equal(asset.source_byte_size, video.size);
  assert.equal(await s3().sha256(asset.source_object_key), await sha256File(video.file), "the stored source is the file");
});

test("a page on another origin than cors_origin is refused by CORS and sends no byte", { timeout: 150_000 }, async () => {
  const created = await createSession({ cors_origin: site.origin });
  const stranger = await uploadPage(browser, otherSite, smallVideo());
  try {
    const outcome = await stranger.upload(created.url, { retryDelays: null });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.status, null, `the browser showed the page no answer: ${JSON.stringify(outcome)}`);
    assert.ok(stranger.console.some((line) => line.includes("blocked by CORS policy")), stranger.console.join("\n"));
  } finally {
    await stranger.close();
  }
  const refused = await session(created.id);
  assert.equal(refused.status, "waiting");
  assert.deepEqual(refused.upload, { length: null, offset: 0 });

  // The same URL from the session's own origin works: the refusal was the origin's.
  const owner = await uploadPage(browser, site, smallVideo());
  try {
    assert.deepEqual(await owner.upload(created.url, { retryDelays: null }), { ok: true });
  } finally {
    await owner.close();
  }
  assert.equal((await session(created.id)).status, "asset_created");
});

test("an expired session answers 410 to the page's tus client", { timeout: 150_000 }, async () => {
  // timeout_secs' smallest allowed value is 1: the session is waited out, no test hook.
  const created = await createSession({ cors_origin: site.origin, timeout_secs: 1 });
  const wait = Date.parse(created.expires_at) - Date.now() + 250;
  await new Promise((r) => setTimeout(r, Math.max(wait, 0)));
  const tab = await uploadPage(browser, site, smallVideo());
  try {
    const outcome = await tab.upload(created.url, { retryDelays: null });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.status, 410, JSON.stringify(outcome));
    assert.equal(JSON.parse(outcome.body).error.code, "upload_gone");
  } finally {
    await tab.close();
  }
  const expired = await session(created.id);
  assert.equal(expired.status, "timed_out");
  assert.equal(expired.upload.offset, 0);
});

test("cancel after a partial upload leaves no asset and no pending multipart upload", { timeout: 150_000 }, async () => {
  const video = fiftyMegabyteVideo();
  const created = await createSession({ cors_origin: site.origin });
  const tab = await uploadPage(browser, site, video.file);
  try {
    const outcome = await tab.upload(created.url, { chunkSize: 5 * MiB, retryDelays: null, stopAfterBytes: 15 * MiB });
    assert.equal(outcome.stopped, true, JSON.stringify(outcome));
  } finally {
    await tab.close();
  }
  const partial = await session(created.id);
  assert.ok(partial.upload.offset >= 15 * MiB && partial.upload.offset < video.size, JSON.stringify(partial.upload));
  const key = `sources/${created.asset_id}/`;
  const store = s3();
  // The check below can see a pending upload: this one is pending now, with its parts.
  assert.deepEqual(await store.pendingMultipartKeys(key), [`${key}source`]);

  const cancelled = await rend(`/v1/uploads/${created.id}/cancel`, { method: "POST" });
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.json.status, "cancelled");

  assert.deepEqual(await store.pendingMultipartKeys(key), [], "no multipart upload left pending");
  assert.equal(await store.status(`${key}source`), 404, "no source object");
  assert.equal((await rend(`/v1/assets/${created.asset_id}`)).status, 404);
  const { json: assets } = await rend("/v1/assets?limit=100");
  assert.ok(!assets.data.some((a) => a.asset_id === created.asset_id), "no asset in the list");
  const resumed = await fetch(created.url, { method: "HEAD", headers: { "tus-resumable": "1.0.0" } });
  assert.equal(resumed.status, 410, "the URL is gone");
});
