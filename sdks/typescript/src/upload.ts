/** What `Rend.upload` streams: a web stream, a Node `Readable` (any async iterable of bytes), or bytes in memory. */
export type UploadBody =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Blob
  | ArrayBuffer
  | Uint8Array;

const CHUNK = 512 * 1024;
const RING = 6;

/**
 * A pull-based web stream over an async iterable (a Node `Readable`, a generator): it reads one
 * chunk each time fetch asks for one, so only a few chunks are ever in memory however large the
 * source. (`Readable.toWeb` buffers ahead without bound on some Node versions.)
 */
export function iterableToStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 1 },
  );
}

/** Turns any upload body into what fetch sends; `stream` is true when the body can be sent once only. */
export function toFetchBody(body: UploadBody): { body: BodyInit; stream: boolean } {
  if (body instanceof ReadableStream) return { body, stream: true };
  if (body instanceof Blob || body instanceof ArrayBuffer || body instanceof Uint8Array) {
    return { body: body as BodyInit, stream: false };
  }
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    return { body: iterableToStream(body), stream: true };
  }
  throw new TypeError('upload body must be a ReadableStream, an async iterable of bytes, a Blob or bytes');
}

/**
 * A file opened for one upload attempt: its size and a stream that reads it chunk by chunk, on demand.
 *
 * With `reuseBuffers` the chunks are views of a ring of `RING` buffers, reused in turn, instead of a
 * fresh buffer per chunk: Node frees a chunk's memory only at a GC, which V8 starts late for memory
 * outside its heap, so fresh chunks let a 100 MB upload grow the process by 30-40 MB of garbage. It
 * is safe only for a consumer that is done with a chunk before it reads `RING - 2` more, which is what
 * Node's own fetch (undici) does: it writes a chunk to the socket and waits for it to drain before it
 * reads the next. A `fetch` of the caller's, which might keep chunks, gets fresh buffers.
 */
export async function openFile(
  path: string,
  options: { reuseBuffers?: boolean } = {},
): Promise<{ size: number; stream: ReadableStream<Uint8Array> }> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    let position = 0;
    let chunks = 0;
    const ring = options.reuseBuffers ? Array.from({ length: RING }, () => new Uint8Array(CHUNK)) : [];
    let closed = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const buffer = options.reuseBuffers ? ring[chunks++ % RING] : new Uint8Array(CHUNK);
            const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
            if (bytesRead === 0) {
              await close();
              controller.close();
              return;
            }
            position += bytesRead;
            controller.enqueue(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
          } catch (error) {
            await close().catch(() => undefined);
            controller.error(error);
          }
        },
        async cancel() {
          await close();
        },
      },
      { highWaterMark: 1 },
    );
    return { size, stream };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The `content-type` for a file name, from its extension; `video/mp4` when unknown. */
export function videoContentType(path: string): string {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    mp4: 'video/mp4',
    m4v: 'video/mp4',
    mov: 'video/quicktime',
    webm: 'video/webm',
    mkv: 'video/x-matroska',
    avi: 'video/x-msvideo',
    ts: 'video/mp2t',
    mpg: 'video/mpeg',
    mpeg: 'video/mpeg',
    ogv: 'video/ogg',
  };
  return types[ext] ?? 'video/mp4';
}
