// Verifies the rend-signature header of a webhook request: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
// t + "." + body)>, with one v1 per signing secret while a rotation overlaps.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far `t` may be from this machine's clock (seconds) before a request is refused as a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface VerifyWebhookOptions {
  /** Seconds; default {@link WEBHOOK_TOLERANCE_SECONDS}. */
  toleranceSeconds?: number;
  /** The current time in unix seconds (for tests); default the clock. */
  now?: number;
}

/**
 * Whether `signatureHeader` (the request's `rend-signature`) signs `body` — the raw bytes as
 * received, before any JSON parsing — with `secret`, at a time within the tolerance. Every `v1` is
 * compared in constant time.
 */
export function verifyWebhook(
  body: string | Uint8Array,
  signatureHeader: string | null | undefined,
  secret: string,
  options: VerifyWebhookOptions = {},
): boolean {
  if (!signatureHeader) return false;
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of signatureHeader.split(',')) {
    const item = part.trim();
    if (item.startsWith('t=')) {
      if (!/^\d+$/.test(item.slice(2))) return false;
      t = Number(item.slice(2));
    } else if (item.startsWith('v1=')) {
      signatures.push(item.slice(3));
    }
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (t === undefined || Math.abs(now - t) > tolerance) return false;
  const expected = createHmac('sha256', secret)
    .update(`${t}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
  let match = false;
  for (const signature of signatures) {
    const given = Buffer.from(signature, 'hex');
    if (given.length === expected.length && timingSafeEqual(given, expected)) match = true;
  }
  return match;
}
