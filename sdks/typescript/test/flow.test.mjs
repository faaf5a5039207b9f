// The whole flow against a live embedded Rend: upload, follow SSE to hls_ready, playback through
// the edge, paginated listing, delete.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { after, test } from 'node:test';
import { RendError } from '../dist/index.js';
import { fixture, rend } from './live.mjs';

const client = rend();
const created = [];
after(async () => {
  for (const id of created) await client.deleteAsset(id).catch(() => undefined);
});

test('uploads a file, follows SSE to hls_ready, plays the master through the edge, lists and deletes', async () => {
  const upload = await client.uploadFile(fixture);
  created.push(upload.asset_id);
  assert.equal(upload.source_state, 'uploaded');
  assert.equal(upload.playable_state, 'not_playable');
  assert.equal(upload.source_byte_size, (await stat(fixture)).size);

  const seen = [];
  const started = Date.now();
  for await (const event of client.events({ assetId: upload.asset_id, afterSequence: 0, signal: AbortSignal.timeout(120_000) })) {
    assert.equal(event.asset_id, upload.asset_id);
    seen.push(event);
    if (event.event_type === 'asset.hls_ready' || event.event_type === 'asset.failed') break;
  }
  const types = seen.map((e) => e.event_type);
  console.log(`SSE reached ${types.at(-1)} in ${Date.now() - started} ms: ${types.join(', ')}`);
  assert.equal(types[0], 'asset.created');
  assert.equal(types.at(-1), 'asset.hls_ready');
  const sequences = seen.map((e) => e.sequence);
  assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b), 'events arrive in sequence order');

  const playback = await client.getPlayback(upload.asset_id);
  assert.equal(playback.playable_state, 'hls_ready');
  assert.ok(playback.manifest_url, 'manifest_url is set once HLS is ready');
  const master = await fetch(playback.manifest_url);
  assert.equal(master.status, 200);
  const playlist = await master.text();
  assert.match(playlist, /^#EXTM3U/);
  assert.match(playlist, /#EXT-X-STREAM-INF:.*BANDWIDTH=\d+/);
  const opener = await fetch(playback.opener_url);
  assert.equal(opener.status, 200);
  assert.equal(opener.headers.get('content-type'), 'video/mp4');
  await opener.arrayBuffer();

  const deletion = await client.deleteAsset(upload.asset_id);
  assert.equal(deletion.state, 'deleted');
  const again = await client.deleteAsset(upload.asset_id);
  assert.equal(again.deleted_at, deletion.deleted_at, 'delete is idempotent');
  await assert.rejects(client.getPlayback(upload.asset_id), (error) => {
    assert.ok(error instanceof RendError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'asset_not_found');
    return true;
  });
  assert.ok((await client.getAsset(upload.asset_id)).deleted_at);
  const gone = await fetch(playback.manifest_url);
  assert.equal(gone.status, 410, 'URLs issued before the delete stop working at the edge');
  await gone.arrayBuffer();
});

test('uploads a Node Readable without a length and waits until playable', async () => {
  const upload = await client.upload(createReadStream(fixture), { contentType: 'video/mp4' });
  created.push(upload.asset_id);
  assert.equal(upload.source_byte_size, (await stat(fixture)).size);
  const opener = await client.waitUntilPlayable(upload.asset_id, { until: 'opener_ready', timeoutMs: 120_000 });
  assert.ok(['opener_ready', 'hls_ready'].includes(opener.playable_state));
  const asset = await client.waitUntilPlayable(upload.asset_id, { timeoutMs: 120_000 });
  assert.equal(asset.playable_state, 'hls_ready');
  assert.ok(asset.duration_seconds > 3, `duration ${asset.duration_seconds}`);
});

test('lists every asset across pages with the async iterator', async () => {
  const fresh = [];
  for (let i = 0; i < 3; i++) {
    const upload = await client.upload(new Blob([await import('node:fs/promises').then((fs) => fs.readFile(fixture))]), { contentType: 'video/mp4' });
    created.push(upload.asset_id);
    fresh.push(upload.asset_id);
  }
  const pages = [];
  for await (const page of client.assetPages({ pageSize: 2 })) pages.push(page);
  assert.ok(pages.length >= 2, `${pages.length} pages`);
  assert.ok(pages.every((p) => p.data.length <= 2));
  assert.equal(pages.at(-1).next_cursor ?? null, null);
  const listed = [];
  for await (const asset of client.assets({ pageSize: 2 })) listed.push(asset.asset_id);
  assert.equal(new Set(listed).size, listed.length, 'no asset twice');
  assert.deepEqual(listed.slice(0, 3), [...fresh].reverse(), 'newest first');
  assert.deepEqual(pages.flatMap((p) => p.data.map((a) => a.asset_id)), listed);

  await client.deleteAsset(fresh[1]);
  const remaining = [];
  for await (const asset of client.assets({ pageSize: 1 })) remaining.push(asset.asset_id);
  assert.ok(!remaining.includes(fresh[1]), 'a deleted asset is not listed');
  assert.ok(remaining.includes(fresh[0]) && remaining.includes(fresh[2]));
});

test('a bad key is a typed error carrying status and code, on calls and on the event stream', async () => {
  const bad = rend({ apiKey: 'not-a-key' });
  await assert.rejects(bad.listAssets(), (error) => {
    assert.ok(error instanceof RendError, String(error));
    assert.equal(error.status, 401);
    assert.equal(error.code, 'unauthorized');
    assert.ok(error.message.length > 0);
    return true;
  });
  await assert.rejects(bad.uploadFile(fixture), (error) => error instanceof RendError && error.code === 'unauthorized');
  const stream = bad.events({ signal: AbortSignal.timeout(10_000) });
  await assert.rejects(stream.next(), (error) => error instanceof RendError && error.status === 401 && error.code === 'unauthorized');
});

test('bad input is a typed error with the API code', async () => {
  await assert.rejects(client.upload(new Uint8Array(0), { contentType: 'video/mp4' }), (error) => error instanceof RendError && error.status === 400 && error.code === 'empty_body');
  await assert.rejects(client.upload(new TextEncoder().encode('hello, not a video at all'), { contentType: 'video/mp4' }), (error) => error instanceof RendError && error.status === 422 && error.code === 'not_a_video');
  await assert.rejects(client.getAsset('00000000-0000-4000-8000-000000000000'), (error) => error instanceof RendError && error.status === 404 && error.code === 'asset_not_found');
});

test('metadata round-trips through upload, updateAsset, filters and events', async () => {
  const tag = `t-${Date.now()}`;
  const upload = await client.uploadFile(fixture, {
    metadata: { title: 'Café 🎬', external_id: `ext-${tag}`, creator_id: 'sdk-ts', tags: [tag, 'ünï'] },
  });
  created.push(upload.asset_id);
  assert.equal(upload.title, 'Café 🎬');
  assert.deepEqual(upload.tags, [tag, 'ünï']);
  const patched = await client.updateAsset(upload.asset_id, { title: null, passthrough: 'p' });
  assert.equal(patched.title, null);
  assert.equal(patched.passthrough, 'p');
  assert.equal(patched.external_id, `ext-${tag}`);
  const listed = [];
  for await (const asset of client.assets({ pageSize: 1, filters: { tag: [tag, 'ünï'], creator_id: 'sdk-ts' } })) {
    listed.push(asset.asset_id);
  }
  assert.deepEqual(listed, [upload.asset_id]);
  const page = await client.listAssetEvents(upload.asset_id);
  const updated = page.data.find((e) => e.event_type === 'asset.updated');
  assert.equal(updated.payload.metadata.passthrough, 'p');
  await assert.rejects(
    client.updateAsset(upload.asset_id, { title: 'x'.repeat(513) }),
    (error) => error instanceof RendError && error.status === 400 && error.code === 'invalid_parameter',
  );
});
