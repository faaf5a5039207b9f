// The pieces the upload tests share: the live Rend (REND_API_URL / REND_API_KEY, and its S3 store
// from REND_S3_*: scripts/with-embedded-rend.sh names them), customer sites on other origins
// serving the upload page and tus-js-client's browser build, Debian's Chromium, and the video.
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AwsClient } from "aws4fetch";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..");
const repoDir = resolve(packageDir, "../..");

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run bash scripts/with-embedded-rend.sh api/browser-tests/ci.sh`);
  }
  return value;
}

/** A call to the API with the key, as the customer's server makes it; answers status and JSON. */
export async function rend(path, { method = "GET", body } = {}) {
  const r = await fetch(env("REND_API_URL") + path, {
    method,
    headers: {
      authorization: `Bearer ${env("REND_API_KEY")}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

/** A direct upload session (`POST /v1/uploads`); fails the test unless it is created. */
export async function createSession(settings) {
  const { status, json } = await rend("/v1/uploads", { method: "POST", body: settings });
  if (status !== 201) throw new Error(`POST /v1/uploads: ${status} ${JSON.stringify(json)}`);
  return json;
}

/** The embedded S3 store, signed with its credentials (SigV4, as any S3 client signs). */
export function s3() {
  const client = new AwsClient({
    accessKeyId: env("REND_S3_ACCESS_KEY_ID"),
    secretAccessKey: env("REND_S3_SECRET_ACCESS_KEY"),
    service: "s3",
    region: "us-east-1",
  });
  const bucket = `${env("REND_S3_URL")}/${env("REND_S3_BUCKET")}`;
  return {
    /** SHA-256 (hex) of the stored object, read back over the S3 API. */
    async sha256(key) {
      const r = await client.fetch(`${bucket}/${key}`);
      if (r.status !== 200) throw new Error(`S3 GET ${key}: ${r.status}`);
      const hash = createHash("sha256");
      for await (const chunk of r.body) hash.update(chunk);
      return hash.digest("hex");
    },
    /** The keys of the multipart uploads pending under `prefix` (S3 ListMultipartUploads). */
    async pendingMultipartKeys(prefix) {
      const r = await client.fetch(`${bucket}?uploads&prefix=${encodeURIComponent(prefix)}`);
      const xml = await r.text();
      if (r.status !== 200) throw new Error(`S3 ListMultipartUploads: ${r.status} ${xml}`);
      return [...xml.matchAll(/<Upload>[\s\S]*?<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
    },
    async status(key) {
      return (await client.fetch(`${bucket}/${key}`, { method: "HEAD" })).status;
    },
  };
}

export function sha256File(file) {
  return new Promise((resolveHash, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolveHash(hash.digest("hex")))
      .on("error", reject);
  });
}

/**
 * A real H.264 + AAC video of at least 50 MB (6 s of 1280x720 at a constant 68 Mb/s, made by the
 * embedded jar's bundled ffmpeg in a few seconds), cached in /tmp across runs.
 */
export function fiftyMegabyteVideo() {
  const out = "/tmp/rend-tus-50mb-6s.mp4";
  if (!existsSync(out) || statSync(out).size < 50_000_000) {
    const jar = process.env.REND_DEV_JAR ?? join(repoDir, "dev/target/rend-dev.jar");
    // prettier-ignore
    execFileSync("java", ["-jar", jar, "ffmpeg", "-y", "-v", "error",
      "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=6",
      "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
      "-b:v", "68M", "-minrate", "68M", "-maxrate", "68M", "-bufsize", "25M", "-x264-params", "nal-hrd=cbr",
      "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", out], { stdio: "inherit" });
  }
  const size = statSync(out).size;
  if (size < 50_000_000) throw new Error(`${out} is ${size} bytes, not 50 MB`);
  return { file: out, size };
}

/** A small real video (the 4 s fixture with-embedded-rend.sh made). */
export function smallVideo() {
  return env("REND_FIXTURE");
}

const FILES = {
  "/upload.html": [join(packageDir, "pages/upload.html"), "text/html"],
  "/tus.js": [join(packageDir, "node_modules/tus-js-client/dist/tus.min.js"), "text/javascript"],
};

/** A customer's site on an origin of its own (a port of its own on 127.0.0.1). */
export async function customerSite() {
  const server = createServer((req, res) => {
    const entry = FILES[new URL(req.url, "http://x").pathname];
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": entry[1], "content-length": statSync(entry[0]).size });
    createReadStream(entry[0]).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((r) => server.close(r)) };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox"],
  });
}

/**
 * The upload page of `site` in a fresh context with `file` chosen in its file input; `upload(url,
 * options)` runs tus-js-client there and answers its outcome. `console` collects the page's
 * console lines (Chromium reports CORS refusals there).
 */
export async function uploadPage(browser, site, file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const console = [];
  page.on("console", (m) => console.push(m.text()));
  await page.goto(`${site.origin}/upload.html`);
  await page.setInputFiles("#file", file);
  return {
    page,
    console,
    upload: (url, options) => page.evaluate(([u, o]) => window.uploadTo(u, o), [url, options]),
    close: () => context.close(),
  };
}

/** Polls `probe` every 250 ms until it answers a truthy value, or fails after `ms`. */
export async function eventually(what, ms, probe) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
