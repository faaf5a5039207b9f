// A real MCP client session (the official SDK's Client over StdioClientTransport, spawning
// src/server.js) against a live Rend (scripts/with-embedded-rend.sh): list tools, upload, wait
// until playable, get playback and fetch the master through the edge, list, analytics, delete.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import * as sdk from '@rend/sdk';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/with-embedded-rend.sh`);
  return value;
}
const apiUrl = required('REND_API_URL');
const apiKey = required('REND_API_KEY');
const fixture = required('REND_FIXTURE');
const server = fileURLToPath(new URL('../src/server.js', import.meta.url));

function session(env) {
  const client = new Client({ name: 'rend-mcp-test', version: '0.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [server],
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'pipe',
  });
  return { client, transport };
}

let client;
let stderr = '';
before(async () => {
  const s = session({ REND_API_URL: apiUrl, REND_API_KEY: apiKey });
  s.transport.stderr.on('data', (chunk) => (stderr += chunk));
  await s.client.connect(s.transport);
  client = s.client;
});
after(async () => {
  await client?.close();
  assert.ok(!stderr.includes(apiKey), 'the API key never reaches the server\'s log');
});

async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  return result;
}

test('lists the Rend tools with their input schemas', async () => {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name).sort();
  assert.deepEqual(names, [
    'delete_asset',
    'get_asset',
    'get_asset_playback_analytics',
    'get_playback',
    'list_assets',
    'upload_video',
    'wait_until_playable',
  ]);
  // Each tool names the spec operation it calls; the generated SDK has a function for each.
  const operations = tools.map((t) => t._meta?.['so.rend/operationId']);
  for (const operation of operations) assert.equal(typeof sdk[operation], 'function', `${operation} is an operation of the spec`);
  const upload = tools.find((t) => t.name === 'upload_video');
  assert.deepEqual(upload.inputSchema.required, ['path']);
  assert.ok(tools.every((t) => t.description && t.description.length > 20));
});

test('uploads, waits until playable, plays through the edge, lists and deletes over MCP', async () => {
  const started = Date.now();
  const upload = await call('upload_video', { path: fixture });
  assert.ok(!upload.isError, JSON.stringify(upload.content));
  const assetId = upload.structuredContent.asset_id;
  assert.equal(upload.structuredContent.playable_state, 'not_playable');
  assert.equal(JSON.parse(upload.content[0].text).asset_id, assetId);

  const ready = await call('wait_until_playable', { asset_id: assetId, timeout_seconds: 120 });
  assert.ok(!ready.isError, JSON.stringify(ready.content));
  assert.equal(ready.structuredContent.playable_state, 'hls_ready');
  console.log(`upload → hls_ready over MCP in ${Date.now() - started} ms`);

  const playback = await call('get_playback', { asset_id: assetId });
  assert.ok(!playback.isError, JSON.stringify(playback.content));
  const master = await fetch(playback.structuredContent.manifest_url);
  assert.equal(master.status, 200);
  assert.match(await master.text(), /^#EXTM3U[\s\S]*#EXT-X-STREAM-INF:/);

  const asset = await call('get_asset', { asset_id: assetId });
  assert.equal(asset.structuredContent.asset_id, assetId);
  assert.ok(asset.structuredContent.duration_seconds > 3);

  const page = await call('list_assets', { limit: 1 });
  assert.ok(!page.isError);
  assert.equal(page.structuredContent.data.length, 1);
  assert.equal(page.structuredContent.data[0].asset_id, assetId, 'newest first');

  // The embedded mode has no ClickHouse: the tool error carries the API's code.
  const analytics = await call('get_asset_playback_analytics', { asset_id: assetId, granularity: 'hour' });
  if (analytics.isError) {
    assert.equal(analytics.structuredContent.error.code, 'analytics_not_configured');
    assert.equal(analytics.structuredContent.error.status, 503);
  } else {
    assert.equal(analytics.structuredContent.asset_id, assetId);
  }

  const deleted = await call('delete_asset', { asset_id: assetId });
  assert.equal(deleted.structuredContent.state, 'deleted');
  const gone = await call('get_playback', { asset_id: assetId });
  assert.equal(gone.isError, true);
  assert.equal(gone.structuredContent.error.code, 'asset_not_found');
  assert.equal(gone.structuredContent.error.status, 404);
  assert.match(gone.content[0].text, /^asset_not_found \(HTTP 404\)/);
});

test('bad input is a tool error with a code, not a crash', async () => {
  const missing = await call('upload_video', { path: '/nonexistent/video.mp4' });
  assert.equal(missing.isError, true);
  assert.equal(missing.structuredContent.error.code, 'file_unreadable');
  const badId = await call('get_asset', { asset_id: 'not-a-uuid' });
  assert.equal(badId.isError, true);
  const unknown = await call('get_asset', { asset_id: '00000000-0000-4000-8000-000000000000' });
  assert.equal(unknown.structuredContent.error.code, 'asset_not_found');
});

test('a bad key surfaces as unauthorized', async () => {
  const s = session({ REND_API_URL: apiUrl, REND_API_KEY: 'not-a-key' });
  await s.client.connect(s.transport);
  try {
    const result = await s.client.callTool({ name: 'list_assets', arguments: {} });
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent.error.code, 'unauthorized');
    assert.equal(result.structuredContent.error.status, 401);
  } finally {
    await s.client.close();
  }
});

test('the server refuses to start without its settings', () => {
  const run = spawnSync(process.execPath, [server], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /REND_API_URL/);
});
