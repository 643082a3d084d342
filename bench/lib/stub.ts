/** Starts and drives the loopback stub provider (`stub-server.ts`) in a child process. */
import { fork } from 'node:child_process';

export interface StubStats {
  accepted: number;
  rejected: number;
}

export interface Stub {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Resets the counters; `limit` > 0 turns on the 429 answers (see `stub-server.ts`). */
  configure(options?: { limit?: number; windowMs?: number }): Promise<void>;
  stats(): Promise<StubStats>;
  close(): Promise<void>;
}

/**
 * Forks the stub. The child inherits this process's `execArgv`, so under `tsx` it runs the
 * TypeScript file directly.
 */
export async function startStub(): Promise<Stub> {
  const child = fork(new URL('./stub-server.ts', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => {
      const value = (message as { port?: unknown }).port;
      if (typeof value === 'number' && value > 0) resolve(value);
      else reject(new Error('the stub server did not report its port'));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`the stub server exited with code ${String(code)}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async configure(options = {}) {
      const query = new URLSearchParams({ limit: String(options.limit ?? 0), windowMs: String(options.windowMs ?? 1_000) });
      const response = await fetch(`${url}/__configure?${query.toString()}`, { method: 'POST' });
      await response.arrayBuffer();
    },
    async stats() {
      const response = await fetch(`${url}/__stats`);
      return (await response.json()) as StubStats;
    },
    close() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.disconnect();
      });
    },
  };
}
