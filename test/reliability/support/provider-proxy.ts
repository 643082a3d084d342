import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server that forwards each request to the URL in its `x-original-url` header
 * with this process's `fetch` — which msw intercepts — so a child process talks to the
 * simulators living here (and their state survives the child being killed).
 */
export async function startProviderProxy(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-original-url'];
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length', 'x-original-url', 'transfer-encoding'].includes(name)) headers.set(name, value);
      }
      const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
      fetch(String(target), { method: req.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) })
        .then(async (response) => {
          const bytes = Buffer.from(await response.arrayBuffer());
          res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
          res.end(bytes);
        })
        .catch(() => { res.destroy(); });
    });
  });
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => { server.close(() => { resolve(); }); }),
  };
}
