/**
 * Upload bodies are streamed, never buffered: Hono's bodyLimit would hold a chunked body in memory to count
 * it, and a 95 MB upload does not fit a Worker's 128 MB. Here the declared Content-Length is checked before
 * anything is read, and the bytes are counted as they pass; past the limit the stream errors.
 */

/**
 * The largest upload accepted: below the 100 MB request-body limit of Cloudflare's Free and Pro plans
 * (Business 200 MB, Enterprise 500 MB), with room for headers. The CLI sends far smaller parts (docs/ingest.md).
 */
export const MAX_UPLOAD_BYTES = 95 * 1024 * 1024;

export class PayloadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`upload larger than ${maxBytes} bytes`);
  }
}

/**
 * The body, erroring with PayloadTooLargeError once more than `maxBytes` have passed.
 * @example const limited = limitStream(request.body, MAX_UPLOAD_BYTES);
 */
export function limitStream(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (next.done) {
        controller.close();
        return;
      }
      seen += next.value.byteLength;
      if (seen > maxBytes) {
        await reader.cancel().catch(() => undefined);
        controller.error(new PayloadTooLargeError(maxBytes));
        return;
      }
      controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
