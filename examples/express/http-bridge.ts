// Express ↔ Fetch: `sb.handleWebhook` takes a Fetch `Request` and returns a Fetch `Response`.
//
// The body must reach it as the exact bytes the provider sent. WhatsApp signs the raw body
// (`X-Hub-Signature-256` is an HMAC over those bytes), and Meta escapes every non-ASCII
// character as `\uXXXX` and `/` as `\/`: parsing the JSON and serializing it again yields
// different bytes — "Привет" instead of "\u041f\u0440..." — and every signature check fails
// with 401. That is why the webhook routes use `express.raw()` and why `express.json()` must
// never run before them.
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';

/** Connection-level headers: they describe this hop, not the request (the body is complete here). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection', 'content-length']);

/**
 * The Fetch `Request` for an Express request whose body was read by `express.raw()`. The URL's
 * path tells Switchboard which channel's adapter answers (`/webhooks/whatsapp`); behind a proxy,
 * set Express's `trust proxy` so `req.protocol` and the host are the public ones.
 */
export function toFetchRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // `req.body` is a Buffer when `express.raw()` read a body, undefined otherwise (GET handshakes).
  const body: unknown = req.body;
  const hasBody = Buffer.isBuffer(body) && req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: new Uint8Array(body) } : {}),
  });
}

/** Writes a Fetch `Response` (status, headers, body bytes) to Express. */
export async function sendFetchResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => { res.setHeader(name, value); });
  res.end(Buffer.from(await response.arrayBuffer()));
}
