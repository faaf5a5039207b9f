// Run by upload-rss.test.mjs in a process of its own, so the figures are this upload's alone: uploads
// a 100 MiB file streamed from disk and prints the process's idle RSS and its peak during the upload
// (Linux /proc/self/status VmRSS and VmHWM; the peak is reset through clear_refs after idling).
import { open, mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, rend } from './live.mjs';

const SIZE = 100 * 1024 * 1024;

function status(field) {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(field + ':'));
  return Number.parseInt(line.split(/\s+/)[1], 10) * 1024;
}

// A file that passes the API's first-bytes sniff (it starts with a real MP4), then zeros to 100 MiB.
async function makeFile(path) {
  const file = await open(path, 'w');
  const head = await readFile(fixture);
  await file.write(head);
  const zeros = new Uint8Array(1024 * 1024);
  let written = head.length;
  while (written < SIZE) {
    const n = Math.min(zeros.length, SIZE - written);
    await file.write(zeros, 0, n);
    written += n;
  }
  await file.close();
}

const dir = await mkdtemp(join(tmpdir(), 'rend-sdk-rss-'));
const path = join(dir, 'hundred-mib.mp4');
const client = rend();
const assets = [];
try {
  await makeFile(path);
  // Idle: the client built and warmed by one small streamed upload, so the figures compare the same
  // loaded code with and without 100 MiB going through it.
  const warm = await client.uploadFile(fixture);
  assets.push(warm.asset_id);
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const idle = status('VmRSS');
  let peakReset = true;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    peakReset = false; // VmHWM then counts from the start: an overestimate, never an underestimate.
  }
  // Where the memory goes (sampled): V8's heap against buffers outside it.
  const highest = { heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    for (const key of Object.keys(highest)) highest[key] = Math.max(highest[key], usage[key]);
  }, 25);
  const started = performance.now();
  const upload = await client.uploadFile(path);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  assets.push(upload.asset_id);
  const peak = status('VmHWM');
  const mib = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
  console.log(
    JSON.stringify({
      file_bytes: SIZE,
      source_byte_size: upload.source_byte_size,
      idle_rss_mib: mib(idle),
      peak_rss_mib: mib(peak),
      peak_above_idle_mib: mib(peak - idle),
      peak_reset: peakReset,
      max_rss_lifetime_mib: mib(process.resourceUsage().maxRSS * 1024),
      sampled_max_heap_total_mib: mib(highest.heapTotal),
      sampled_max_external_mib: mib(highest.external),
      sampled_max_array_buffers_mib: mib(highest.arrayBuffers),
      upload_seconds: Math.round(seconds * 100) / 100,
      mib_per_second: Math.round((SIZE / 1048576 / seconds) * 10) / 10,
    }),
  );
} finally {
  for (const id of assets) await client.deleteAsset(id).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
