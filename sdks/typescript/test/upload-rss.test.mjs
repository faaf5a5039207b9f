// Acceptance: a 100 MiB file uploads streamed from disk with the client's peak RSS less than 32 MiB
// above its idle RSS, measured in a child process of its own.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import './live.mjs';

test('uploads 100 MiB streamed from disk with peak RSS less than 32 MiB above idle', async () => {
  const child = fileURLToPath(new URL('./rss-upload-child.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', child], {
    env: process.env,
    timeout: 240_000,
  });
  const figures = JSON.parse(stdout.trim().split('\n').at(-1));
  console.log(`100 MiB upload: ${JSON.stringify(figures)}`);
  assert.equal(figures.source_byte_size, figures.file_bytes, 'the API stored every byte');
  assert.ok(figures.peak_rss_mib > 0 && figures.idle_rss_mib > 0);
  assert.ok(
    figures.peak_above_idle_mib < 32,
    `peak RSS ${figures.peak_rss_mib} MiB is ${figures.peak_above_idle_mib} MiB above idle ${figures.idle_rss_mib} MiB`,
  );
});
