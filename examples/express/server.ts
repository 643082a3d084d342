// Starts the example: `npx tsx examples/express/server.ts` (variables from the environment or
// `--env-file=examples/express/.env`). Without channel credentials it runs in sandbox mode.
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { describeError } from './errors.js';
import { isSwitchboardError } from './switchboard.js';
import type { Logger } from './switchboard.js';

/** JSON lines on stdout/stderr; use pino in a real service (Switchboard takes it as is). */
const logger: Logger = {
  debug: () => undefined,
  info: (obj, msg) => { console.log(JSON.stringify({ level: 'info', msg, ...obj })); },
  warn: (obj, msg) => { console.warn(JSON.stringify({ level: 'warn', msg, ...obj })); },
  error: (obj, msg) => { console.error(JSON.stringify({ level: 'error', msg, ...obj })); },
};

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const built = await createApp(config, { logger });
  const server: Server = built.app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    logger.info({ port, mode: config.mode, storage: config.storage.kind }, `Switchboard example listening on http://localhost:${port}`);
  });
  const shutdown = (): void => {
    server.close(() => {
      built.close().then(() => process.exit(0), (error: unknown) => {
        logger.error({ err: describeError(error) }, 'Shutdown failed');
        process.exit(1);
      });
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  // Configuration errors name the variable: `Invalid environment: WA_APP_SECRET: is required together with ...`.
  console.error(isSwitchboardError(error) ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
