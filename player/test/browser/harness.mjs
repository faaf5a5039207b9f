// Shared by the browser tests and the bench: a live Rend (REND_API_URL/REND_API_KEY), an asset on
// it, a "customer site" on another origin (a tiny static server that also plays the customer's
// server: it signs bootstraps with the API key), and Debian's Chromium through playwright-core.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const playerDir = resolve(here, "../..");
export const repoDir = resolve(playerDir, "..");

export function rendEnv() {
  const api = process.env.REND_API_URL;
  const key = process.env.REND_API_KEY;
  if (!api || !key) {
    throw new Error(
      "REND_API_URL and REND_API_KEY must name a live Rend: bash scripts/with-embedded-rend.sh player/ci.sh",
    );
  }
  return { api, key, fixture: process.env.REND_FIXTURE };
}

async function api(path, init = {}) {
  const { api: base, key } = rendEnv();
  const r = await fetch(base + path, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) },
  });
  const text = await r.text();
  if (!r.ok) {
    throw new Error(`${init.method ?? "GET"} ${path}: ${r.status} ${text}`);
  }
  return JSON.parse(text);
}

/** A fixture of `seconds` made by the embedded jar's bundled ffmpeg (cached per length). */
export function fixture(seconds) {
  const { fixture: given } = rendEnv();
  if (seconds === 4 && given) {
    return given;
  }
  const out = `/tmp/rend-player-fixture-${seconds}s.mp4`;
  try {
    execFileSync("test", ["-s", out]);
  } catch {
    const jar = process.env.REND_DEV_JAR ?? join(repoDir, "dev/target/rend-dev.jar");
    execFileSync("java", ["-jar", jar, "fixture", out, String(seconds)], { stdio: "ignore" });
  }
  return out;
}

/** Uploads `file` and waits for hls_ready; returns the asset id. */
export async function uploadReady(file, timeoutMs = 120_000) {
  const body = await readFile(file);
  const created = await api("/v1/videos", {
    method: "POST",
    headers: { "content-type": "video/mp4" },
    body,
  });
  const id = created.asset_id ?? created.id;
  const deadline = Date.now() + timeoutMs;
  let after = 0;
  while (Date.now() < deadline) {
    const page = await api(`/v1/assets/${id}/events?after_sequence=${after}&limit=100`);
    const events = page.events ?? page.data ?? [];
    for (const e of events) {
      after = Math.max(after, e.sequence);
      const type = e.type ?? e.event_type;
      if (type === "asset.hls_ready") return id;
      if (type === "asset.failed") throw new Error(`asset ${id} failed: ${JSON.stringify(e)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`asset ${id} not hls_ready within ${timeoutMs} ms`);
}

export async function bootstrap(id) {
  return api(`/v1/assets/${id}/playback`);
}

/** The asset's playback analytics (requests and the players' QoE) over the last day. */
export async function analytics(id) {
  return api(`/v1/assets/${id}/analytics/playback`);
}

const TYPES = { ".js": "text/javascript", ".html": "text/html", ".map": "application/json", ".mjs": "text/javascript" };

/**
 * The customer's site on its own origin: `/dist/*` (the built player), `/pages/*` (test pages),
 * `/bootstrap/<asset>` (the customer's server asking Rend for a bootstrap with its API key).
 */
export async function customerSite() {
  const counts = { bootstraps: 0 };
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      if (url.pathname.startsWith("/bootstrap/")) {
        counts.bootstraps++;
        const body = await bootstrap(url.pathname.slice("/bootstrap/".length));
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(body));
        return;
      }
      const base = url.pathname.startsWith("/dist/") ? playerDir : join(playerDir, "test/browser");
      const file = resolve(base, "." + url.pathname);
      if (!file.startsWith(base)) throw new Error("outside");
      const s = await stat(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": s.size });
      createReadStream(file).pipe(res);
    } catch (e) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(String(e));
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, counts, close: () => new Promise((r) => server.close(r)) };
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--autoplay-policy=no-user-gesture-required", "--no-sandbox"],
  });
}
