import type { ErrorCode } from './generated/types.gen.js';

/**
 * An answer of the Rend API that is not a success: the HTTP status, the API's machine-readable
 * `code` (see `ErrorCode`; a non-JSON answer, e.g. from a proxy, gets `http_<status>`), its message
 * for humans, and `Retry-After` in seconds when the API sent one (429, 503).
 */
export class RendError extends Error {
  override readonly name = 'RendError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** Reads the API's error body `{"error": {"code", "message"}}` from a failed response. */
  static async fromResponse(response: Response): Promise<RendError> {
    const text = await response.text().catch(() => '');
    return RendError.fromBody(response, parseJson(text), text);
  }

  /** Builds the error from a body a generated call already parsed (its `error`). */
  static fromBody(response: Response, body: unknown, text = ''): RendError {
    const retryAfter = retryAfterSeconds(response.headers);
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (error && typeof error.code === 'string') {
      const message = typeof error.message === 'string' ? error.message : error.code;
      return new RendError(response.status, error.code, message, retryAfter);
    }
    const detail = text ? `: ${text.slice(0, 200)}` : '';
    return new RendError(
      response.status,
      `http_${response.status}`,
      `HTTP ${response.status}${detail}`,
      retryAfter,
    );
  }
}

/** `waitUntilPlayable` ended without the asset becoming playable: it failed or was deleted. */
export class AssetNotPlayableError extends Error {
  override readonly name = 'AssetNotPlayableError';

  constructor(
    readonly assetId: string,
    readonly eventType: string,
    readonly failureCode?: string,
  ) {
    super(
      `asset ${assetId} will not become playable: ${eventType}` +
        (failureCode ? ` (${failureCode})` : ''),
    );
  }
}

/** `Retry-After` in seconds, from either of its two forms (delta-seconds or an HTTP date). */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
