// The SSE helper against a live Rend: resume with Last-Event-ID after a broken connection, and
// retries that honour Retry-After on a real 429 (too_many_event_streams).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { apiKey, apiUrl, fixture, rend } from './live.mjs';

const created = [];
const cleanup = rend();
after(async () => {
  for (const id of created) await cleanup.deleteAsset(id).catch(() => undefined);
});

// A fetch whose first event stream breaks right after its second event frame, as a dropped
// connection would; it records the Last-Event-ID of every connection.
function breakingFetch(connections) {
  return async (input, init) => {
    const response = await fetch(input, init);
    connections.push(new Headers(init?.headers).get('last-event-id'));
    if (connections.length > 1 || !response.body) return response;
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let text = '';
    let passed = 0;
    const reader = response.body.getReader();
    const body = new ReadableStream({
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        text += decoder.decode(value, { stream: true });
        // Find the end of the second frame that carries data.
        let end = -1;
        let frames = 0;
        for (let at = 0; (at = text.indexOf('\n\n', at)) !== -1; at += 2) {
          const frame = text.slice(text.lastIndexOf('\n\n', at - 1) + 2, at);
          if (frame.includes('data:') && ++frames === 2) {
            end = at + 2;
            break;
          }
        }
        if (end === -1) {
          // Pass what came so far (a pull that enqueues nothing is not called again).
          controller.enqueue(encoder.encode(text.slice(passed)));
          passed = text.length;
          return;
        }
        controller.enqueue(encoder.encode(text.slice(passed, end)));
        await reader.cancel();
        controller.error(new TypeError('connection reset (test)'));
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

test('resumes the event stream after a broken connection with Last-Event-ID, with no gap or duplicate', async () => {
  const client = rend();
  const upload = await client.uploadFile(fixture);
  created.push(upload.asset_id);
  await client.waitUntilPlayable(upload.asset_id, { timeoutMs: 120_000 });

  const connections = [];
  const breaking = rend({ fetch: breakingFetch(connections) });
  const received = [];
  for await (const event of breaking.events({ assetId: upload.asset_id, afterSequence: 0, signal: AbortSignal.timeout(60_000) })) {
    received.push(event);
    if (event.event_type === 'asset.hls_ready') break;
  }
  const logged = [];
  for await (const event of client.assetEvents(upload.asset_id)) {
    logged.push(event);
    if (event.event_type === 'asset.hls_ready') break;
  }
  console.log(`connections' Last-Event-ID: ${JSON.stringify(connections)}; events: ${received.map((e) => e.sequence).join(',')}`);
  assert.equal(connections.length, 2, 'one reconnect');
  assert.equal(connections[0], null);
  assert.equal(connections[1], String(received[1].sequence), 'resumed after the last event received');
  assert.deepEqual(received.map((e) => e.sequence), logged.map((e) => e.sequence), 'every event once, in order');
});

test('retries a 429 too_many_event_streams after its Retry-After, then streams', async () => {
  const upload = await rend().uploadFile(fixture);
  created.push(upload.asset_id);
  // Hold the account's event streams until the API refuses one (REND_MAX_SSE_PER_KEY, 100 by default).
  const holders = [];
  let refused;
  for (let i = 0; i < 300 && !refused; i++) {
    const controller = new AbortController();
    const response = await fetch(`${apiUrl}/v1/events`, {
      headers: { authorization: `Bearer ${apiKey}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (response.status === 429) refused = response;
    else holders.push(controller);
  }
  assert.ok(refused, 'the API refused an event stream once the account held enough');
  const refusal = await refused.json();
  assert.equal(refusal.error.code, 'too_many_event_streams');
  const retryAfter = Number(refused.headers.get('retry-after'));
  assert.ok(retryAfter >= 1, `Retry-After ${retryAfter}`);

  const attempts = [];
  const recording = rend({
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      attempts.push({ at: Date.now(), status: response.status });
      // Free one slot half a second after the first refusal: the retry must still wait Retry-After.
      if (response.status === 429 && attempts.length === 1) setTimeout(() => holders.pop().abort(), 500);
      return response;
    },
  });
  const started = Date.now();
  const stream = recording.events({ assetId: upload.asset_id, afterSequence: 0, signal: AbortSignal.timeout(60_000) });
  const first = await stream.next();
  await stream.return();
  for (const holder of holders) holder.abort();
  console.log(`event stream attempts: ${JSON.stringify(attempts.map((a) => ({ status: a.status, after_ms: a.at - started })))}`);
  assert.equal(first.value.event_type, 'asset.created');
  assert.equal(attempts[0].status, 429);
  assert.equal(attempts.at(-1).status, 200);
  assert.ok(attempts[1].at - attempts[0].at >= retryAfter * 1000 - 50, 'waited Retry-After before retrying');
});

test('a bad key on the event stream is not retried', async () => {
  const attempts = [];
  const bad = rend({ apiKey: 'not-a-key', fetch: async (i, init) => { attempts.push(1); return fetch(i, init); } });
  await assert.rejects(bad.events().next(), (e) => e.code === 'unauthorized' && e.status === 401);
  assert.equal(attempts.length, 1);
});
