// uploadFile streams from a ring of reused buffers: the bytes that arrive must be the file's, in
// order. Rend keeps no digest of a source, so the receiver here is a loopback HTTP listener that
// hashes what it gets (a byte sink, not a stand-in for Rend's behaviour).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rend } from '../dist/index.js';

test('uploadFile sends exactly the file\'s bytes, in order, with its Content-Length', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rend-sdk-integrity-'));
  const path = join(dir, 'random.mp4');
  const content = randomBytes(21 * 1024 * 1024 + 12345); // many ring turns and a short last chunk
  await writeFile(path, content);
  const server = http.createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sha256: hash.digest('hex'), bytes, content_length: req.headers['content-length'], content_type: req.headers['content-type'] }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new Rend({ baseUrl: `http://127.0.0.1:${server.address().port}`, apiKey: 'k' });
    const answer = await client.uploadFile(path);
    assert.equal(answer.bytes, content.length);
    assert.equal(answer.content_length, String(content.length));
    assert.equal(answer.content_type, 'video/mp4');
    assert.equal(answer.sha256, createHash('sha256').update(content).digest('hex'));
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
