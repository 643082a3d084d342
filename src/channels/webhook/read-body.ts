import { SwitchboardError } from '../../core/errors.js';
import type { WebhookErrorCode } from './errors.js';

/**
 * Reads a request body as the exact bytes received, refusing more than `maxBytes`.
 *
 * A declared `Content-Length` above the limit is refused before reading anything; a body that
 * streams past the limit is cancelled as soon as it does, so an oversized request never gets
 * buffered whole. The bytes are returned untouched: signatures are computed over them.
 *
 * @throws SwitchboardError `WEBHOOK_PAYLOAD_TOO_LARGE` above the limit; `WEBHOOK_MALFORMED_BODY`
 *   when the body was already consumed or the stream fails.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    throw tooLarge(maxBytes);
  }
  if (request.bodyUsed) {
    throw new SwitchboardError<WebhookErrorCode>('WEBHOOK_MALFORMED_BODY', 'The webhook request body was already read; pass the untouched Request (no body parser before the webhook route)', { remedy: 'fix_input' });
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof SwitchboardError) throw error;
    throw new SwitchboardError<WebhookErrorCode>('WEBHOOK_MALFORMED_BODY', 'The webhook request body could not be read', { cause: error });
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): SwitchboardError<WebhookErrorCode> {
  return new SwitchboardError<WebhookErrorCode>('WEBHOOK_PAYLOAD_TOO_LARGE', `The webhook body is larger than the configured limit of ${maxBytes} bytes`, {
    details: { maxBytes },
  });
}
