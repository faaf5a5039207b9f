// Time to first frame from navigation, on one page from a "customer" origin, against one warm
// edge, in one run: <rend-player> (opener + prefetch), plain hls.js on the master playlist, and a
// bare <video src=opener.mp4>. Each sample is a fresh browser context (empty HTTP cache); the
// variants take turns so drift in the machine's load hits all three alike. Prints JSON.
//
//   bash scripts/with-embedded-rend.sh node bench/player/run.mjs [RUNS]
//   REND_BENCH_CONTEXT=warm|tab bash scripts/with-embedded-rend.sh node bench/player/run.mjs [RUNS]
import { createServer } from "node:http";
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import { dirname, join } from "node:path";
import * as rend from "../../player/test/browser/harness.mjs";

const runs = Number(process.argv[2] ?? 20);
const dist = join(rend.playerDir, "dist/rend-player.js");
const hlsjs = join(rend.playerDir, "node_modules/hls.js/dist/hls.min.js");

// The bootstrap is rendered into the page by the customer's server (as a real site would), so no
// variant pays a bootstrap round trip and all three start from the same signed URLs. The server
// asks Rend for it before each sample rather than while the page is requested: the API call is the
// customer's server time, not the player's, and would otherwise add its 50-100 ms to every variant.
const PAGES = {
  rend: (b) => `<script type="module" src="/rend-player.js"></script>
<rend-player id="p" autoplay muted preload="auto"></rend-player>
<script type="module">
const el = document.getElementById("p");
el.fetchBootstrap = async () => BOOT;
const v = el.shadowRoot.querySelector("video[part~=opener]");
v.requestVideoFrameCallback((now, m) => (window.__ttff = m.presentationTime));
el.load();
</script>`,
  hlsjs: () => `<video id="v" muted autoplay playsinline></video>
<script src="/hls.min.js"></script>
<script>
const v = document.getElementById("v");
v.requestVideoFrameCallback((now, m) => (window.__ttff = m.presentationTime));
const hls = new Hls();
hls.attachMedia(v);
hls.loadSource(BOOT.manifest_url);
</script>`,
  mp4: () => `<video id="v" muted autoplay playsinline></video>
<script>
const v = document.getElementById("v");
v.requestVideoFrameCallback((now, m) => (window.__ttff = m.presentationTime));
v.src = BOOT.opener_url;
</script>`,
};

async function site() {
  const files = { "/hls.min.js": readFileSync(hlsjs) };
  for (const f of readdirSync(dirname(dist)).filter((f) => f.endsWith(".js"))) {
    files["/" + f] = readFileSync(join(dirname(dist), f)); // the module and its hls.js chunk
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (files[url.pathname]) {
      res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
      res.end(files[url.pathname]);
      return;
    }
    const variant = url.pathname.slice(1);
    if (variant === "blank") {
      res.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" });
      res.end("<!doctype html><title>blank</title>");
      return;
    }
    if (!PAGES[variant]) {
      res.writeHead(404).end();
      return;
    }
    const boot = site.boot;
    res.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" });
    res.end(`<!doctype html><meta charset="utf-8"><script>const BOOT = ${JSON.stringify(boot)};</script>
<style>body{margin:0} video,rend-player{width:640px;height:360px}</style>${PAGES[variant](boot)}`);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

// REND_BENCH_CONTEXT=fresh (default): a new browser context per sample, so every sample also pays
// for a new renderer process and media pipeline. =warm: one context, a new page per sample with the
// HTTP cache disabled (CDP), so a sample is what a viewer's tab pays on a browser already running.
// =tab: one tab that goes to a blank page of the site and then to the sample's page, HTTP cache
// disabled: a viewer following a link within the customer's site.
const mode = process.env.REND_BENCH_CONTEXT ?? "fresh";
if (!["fresh", "warm", "tab"].includes(mode)) {
  throw new Error(`REND_BENCH_CONTEXT=${mode}: use fresh, warm or tab`);
}
const SETUPS = {
  fresh: "fresh browser context per sample",
  warm: "one browser context, a new page per sample, HTTP cache disabled",
  tab: "one tab navigating from a blank page of the site to each sample's page, HTTP cache disabled",
};
let shared = null;
let tab = null;

async function uncachedPage(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return page;
}

async function sample(browser, origin, variant) {
  if (mode !== "fresh") {
    shared ??= await browser.newContext();
  }
  const context = shared ?? (await browser.newContext());
  const page = mode === "tab" ? (tab ??= await uncachedPage(context)) : mode === "warm" ? await uncachedPage(context) : await context.newPage();
  if (mode === "tab") {
    await page.goto(`${origin}/blank`);
  }
  site.boot = await rend.bootstrap(asset);
  await page.goto(`${origin}/${variant}`);
  const ttff = await page.waitForFunction(() => window.__ttff, null, { timeout: 20_000 }).then((h) => h.jsonValue());
  const timing = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    const ms = (x) => Math.round(x);
    return {
      document: [ms(n.requestStart), ms(n.responseEnd), ms(n.domInteractive)],
      resources: performance.getEntriesByType("resource").map((e) => [e.name.split("?")[0].split("/").slice(-2).join("/"), ms(e.startTime), ms(e.responseEnd)]),
    };
  });
  if (process.env.REND_BENCH_TRACE) {
    // Per sample, in ms from navigation start: document [request, response end, interactive] and
    // each resource [name, start, response end].
    console.error(variant, Math.round(ttff), JSON.stringify(timing));
  }
  if (mode === "warm") {
    await page.close();
  } else if (mode === "fresh") {
    await context.close();
  }
  return { ttff, fromDocument: ttff - timing.document[1] };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { runs: s.length, median_ms: round(q(0.5)), p95_ms: round(q(0.95)), min_ms: round(s[0]), max_ms: round(s.at(-1)) };
};
const round = (x) => Math.round(x * 10) / 10;

const asset = await rend.uploadReady(rend.fixture(12));
const customer = await site();
const browser = await rend.browser();
try {
  for (const variant of Object.keys(PAGES)) await sample(browser, customer.origin, variant); // warm the edge
  const times = { rend: [], hlsjs: [], mp4: [] };
  const fromDocument = { rend: [], hlsjs: [], mp4: [] };
  for (let i = 0; i < runs; i++) {
    for (const variant of Object.keys(PAGES)) {
      const s = await sample(browser, customer.origin, variant);
      times[variant].push(s.ttff);
      fromDocument[variant].push(s.fromDocument);
    }
  }
  const result = {
    bench: "player-ttff",
    git_sha: execFileSync("git", ["rev-parse", "HEAD"], { cwd: rend.repoDir }).toString().trim(),
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, load_avg_1m: os.loadavg()[0], node: process.version, chromium: browser.version() },
    setup: `embedded Rend on loopback, warm edge, ${SETUPS[mode]}, bootstrap signed before each sample and rendered into the page, 12 s fixture, time = first frame's presentationTime from navigation start (from_document: from the document's responseEnd)`,
    rend_player_prefetch: stats(times.rend),
    plain_hlsjs_master: stats(times.hlsjs),
    bare_video_opener_mp4: stats(times.mp4),
    from_document: { rend_player_prefetch: stats(fromDocument.rend), plain_hlsjs_master: stats(fromDocument.hlsjs), bare_video_opener_mp4: stats(fromDocument.mp4) },
  };
  result.ratios = {
    hlsjs_over_rend_median: round(result.plain_hlsjs_master.median_ms / result.rend_player_prefetch.median_ms),
    rend_over_bare_mp4_median: round(result.rend_player_prefetch.median_ms / result.bare_video_opener_mp4.median_ms),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  customer.close();
}
