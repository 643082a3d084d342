/**
 * The loopback stub provider, run in its own process (see `stub.ts`) so that it does not share
 * the client's event loop: node:http on 127.0.0.1, a random port, real sockets.
 *
 * - `POST …/messages` answers like the WhatsApp Cloud API (`messages[0].id`);
 * - `POST /method/messages.send` answers like VK (`{ response: <id> }`);
 * - with a limit configured, a request arriving when `limit` requests were already accepted
 *   within the trailing `windowMs` (the stub's clock) gets HTTP 429 with Graph error 130429.
 *   Only accepted requests occupy the window (a rejected one does not make later ones fail).
 * - `GET /__stats` returns the counters; `POST /__configure?limit=&windowMs=` resets them.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

const RATE_LIMITED = JSON.stringify({
  error: {
    message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429,
    error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
    fbtrace_id: 'AbenchStub',
  },
});

let limit = 0;
let windowMs = 1_000;
let accepted: number[] = [];
let acceptedCount = 0;
let rejectedCount = 0;
let nextId = 1;

function admit(): boolean {
  if (limit <= 0) {
    acceptedCount++;
    return true;
  }
  const now = performance.now();
  let firstInWindow = 0;
  while (firstInWindow < accepted.length && (accepted[firstInWindow] ?? 0) <= now - windowMs) firstInWindow++;
  if (firstInWindow > 0) accepted = accepted.slice(firstInWindow);
  if (accepted.length >= limit) {
    rejectedCount++;
    return false;
  }
  accepted.push(now);
  acceptedCount++;
  return true;
}

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url === '/__stats') {
    json(res, 200, JSON.stringify({ accepted: acceptedCount, rejected: rejectedCount, limit, windowMs }));
    return;
  }
  if (req.method === 'POST' && url.startsWith('/__configure')) {
    const params = new URL(url, 'http://stub').searchParams;
    limit = Number(params.get('limit') ?? 0);
    windowMs = Number(params.get('windowMs') ?? 1_000);
    accepted = [];
    acceptedCount = 0;
    rejectedCount = 0;
    json(res, 200, '{"ok":true}');
    return;
  }
  if (req.method === 'POST' && url.endsWith('/messages')) {
    if (!admit()) {
      json(res, 429, RATE_LIMITED);
      return;
    }
    const id = `wamid.STUB${nextId++}`;
    json(res, 200, `{"messaging_product":"whatsapp","contacts":[{"input":"+34612345678","wa_id":"34612345678"}],"messages":[{"id":"${id}"}]}`);
    return;
  }
  if (req.method === 'POST' && url.startsWith('/method/messages.send')) {
    admit();
    json(res, 200, `{"response":${nextId++}}`);
    return;
  }
  json(res, 404, '{"error":"not found"}');
}

const server = createServer((req, res) => {
  // Drain the body before answering, as a real server would read it.
  req.on('data', () => undefined);
  req.on('end', () => {
    route(req, res);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.send?.({ port });
});
process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
});
