// The webhook verification helper, offline: a signature made here the way Rend makes it.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { verifyWebhook } from '../dist/index.js';

const body = '{"event_id":"e","event_type":"asset.created","sequence":7}';
const t = 1_800_000_000;
const sign = (secret, at = t, payload = body) =>
  createHmac('sha256', secret).update(`${at}.${payload}`).digest('hex');

test('a signature verifies with its secret within 300 s', () => {
  const header = `t=${t},v1=${sign('whsec_a')}`;
  assert.equal(verifyWebhook(body, header, 'whsec_a', { now: t }), true);
  assert.equal(verifyWebhook(Buffer.from(body), header, 'whsec_a', { now: t + 300 }), true);
});

test('a tampered body, another secret or a t outside 300 s fails', () => {
  const header = `t=${t},v1=${sign('whsec_a')}`;
  assert.equal(verifyWebhook(body.replace('7', '8'), header, 'whsec_a', { now: t }), false);
  assert.equal(verifyWebhook(body, header, 'whsec_b', { now: t }), false);
  assert.equal(verifyWebhook(body, header, 'whsec_a', { now: t + 301 }), false);
  assert.equal(verifyWebhook(body, header, 'whsec_a', { now: t - 301 }), false);
  assert.equal(verifyWebhook(body, `t=${t + 1},v1=${sign('whsec_a')}`, 'whsec_a', { now: t }), false);
  assert.equal(verifyWebhook(body, undefined, 'whsec_a', { now: t }), false);
  assert.equal(verifyWebhook(body, `v1=${sign('whsec_a')}`, 'whsec_a', { now: t }), false);
});

test('during a rotation either secret verifies', () => {
  const header = `t=${t},v1=${sign('whsec_new')},v1=${sign('whsec_old')}`;
  assert.equal(verifyWebhook(body, header, 'whsec_new', { now: t }), true);
  assert.equal(verifyWebhook(body, header, 'whsec_old', { now: t }), true);
  assert.equal(verifyWebhook(body, header, 'whsec_other', { now: t }), false);
});
