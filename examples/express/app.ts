// The Express app: Switchboard wired into a CRM's HTTP server. `createApp` builds it without
// listening, so `server.ts` and the tests start it the same way.
import { hostname } from 'node:os';
import express from 'express';
import type { AppConfig } from './config.js';
import { describeError, errorMiddleware, notFound } from './errors.js';
import { PRICES } from './prices.js';
import { consentRoutes } from './routes/consents.js';
import { conversationRoutes } from './routes/conversations.js';
import { creditRoutes } from './routes/credits.js';
import { dialogRoutes } from './routes/dialogs.js';
import { messageRoutes } from './routes/messages.js';
import { sandboxRoutes } from './routes/sandbox.js';
import { templateRoutes } from './routes/templates.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { Sandbox } from './sandbox.js';
import { openStorage } from './storage.js';
import type { Storage } from './storage.js';
import { createSwitchboard, createVkAdapter, createWhatsAppAdapter, definePriceBook, silentLogger } from './switchboard.js';
import type { ChannelAdapter, Logger, Switchboard, TemplateRecord } from './switchboard.js';

export interface App {
  /** The Express application; `app.listen(port)` serves it. */
  app: express.Express;
  switchboard: Switchboard;
  /** The simulators answering for the providers, in sandbox mode. */
  sandbox: Sandbox | undefined;
  /** Stops the outbox timer, waits for background work, closes storage and the sandbox. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** A pino-compatible logger; silent by default. */
  logger?: Logger;
}

/**
 * Builds the app for a configuration from {@link loadConfig}: storage, the channel adapters (or the
 * sandbox's simulators), the Switchboard, the routes and the outbox timer.
 * @throws SwitchboardError `INVALID_CONFIG` (from the SDK or a storage), or a storage error when
 *   the database cannot be opened.
 */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? silentLogger;
  const storage = await openStorage(config.storage, logger);
  let sandbox: Sandbox | undefined;
  try {
    if (config.mode === 'sandbox') {
      // Imported only here: msw (an optional peer dependency) is not needed in production.
      const { startSandbox } = await import('./sandbox.js');
      sandbox = startSandbox(await approvedWhatsAppTemplates(storage));
    }
    const sb = createSwitchboard({
      channels: adaptersFor(config, sandbox),
      store: storage.store,
      ledger: storage.ledger,
      prices: definePriceBook(PRICES),
      billing: { account: config.billingAccount },
      policy: {
        requireClaimToReply: config.requireClaimToReply,
        ...(config.operators.length === 0 ? {} : { operators: { whatsapp: config.operators, vk: config.operators } }),
        ...(config.defaultCountry === undefined ? {} : { defaultCountry: config.defaultCountry }),
      },
      outbox: { instanceId: `${hostname()}-${process.pid}` },
      logger,
    });
    sb.on('error', ({ event, error }) => { logger.error({ event, err: describeError(error) }, 'Switchboard background work failed'); });
    if (sandbox !== undefined) await prepareSandbox(sb, sandbox, storage, config);

    const app = buildExpressApp(sb, storage, config, sandbox, logger);
    // The outbox retries sends that failed transiently; one run at a time per instance (leases
    // keep several instances off the same job).
    let outboxRun: Promise<void> | undefined;
    const timer = config.outboxIntervalMs === 0 ? undefined : setInterval(() => {
      outboxRun ??= sb.outbox.run()
        .then(() => undefined, (error: unknown) => { logger.error({ err: describeError(error) }, 'Outbox run failed'); })
        .finally(() => { outboxRun = undefined; });
    }, config.outboxIntervalMs);
    timer?.unref();
    const started = sandbox;
    return {
      app,
      switchboard: sb,
      sandbox,
      close: async () => {
        clearInterval(timer);
        await outboxRun;
        await sb.whenIdle();
        await storage.close();
        started?.close();
      },
    };
  } catch (error) {
    sandbox?.close();
    await storage.close();
    throw error;
  }
}

function buildExpressApp(sb: Switchboard, storage: Storage, config: AppConfig, sandbox: Sandbox | undefined, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');

  // Webhooks first, with their own raw-body parser. `express.json()` must not run before them:
  // it consumes the body stream and keeps only the parsed object, and JSON serialized again from
  // it is not the bytes the provider signed (see http-bridge.ts): every webhook would get 401.
  app.use('/webhooks', webhookRoutes(sb));

  // The REST API a CRM front end calls; JSON bodies from here on.
  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.use('/conversations', conversationRoutes(sb), dialogRoutes(sb));
  api.use(messageRoutes(sb));
  api.use('/templates', templateRoutes(sb));
  api.use('/consents', consentRoutes(sb));
  api.use('/credits', creditRoutes(storage.ledger, config.billingAccount));
  api.use(notFound);
  app.use('/api', api);

  if (sandbox !== undefined) {
    app.use('/sandbox', express.json(), sandboxRoutes(sb, sandbox));
  }

  // Health for the load balancer: this instance's send error rate and webhook latency.
  app.get('/health', (_req, res) => {
    const metrics = sb.metrics();
    const healthy = metrics.sendErrorRate < 0.2;
    res.status(healthy ? 200 : 503).json({ healthy, mode: config.mode, storage: config.storage.kind, metrics });
  });

  app.use(notFound);
  app.use(errorMiddleware(logger));
  return app;
}

function adaptersFor(config: AppConfig, sandbox: Sandbox | undefined): ChannelAdapter[] {
  const whatsapp = config.whatsapp ?? sandbox?.whatsapp.credentials;
  const vk = config.vk ?? sandbox?.vk.credentials;
  return [
    ...(whatsapp === undefined ? [] : [createWhatsAppAdapter(whatsapp)]),
    ...(vk === undefined ? [] : [createVkAdapter(vk)]),
  ];
}

/** WhatsApp templates already approved in the store (from an earlier sandbox run on the same database). */
async function approvedWhatsAppTemplates(storage: Storage): Promise<TemplateRecord[]> {
  const approved: TemplateRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.store.templates.list({ status: 'approved' }, { limit: 500, ...(cursor === null ? {} : { cursor }) });
    approved.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return approved;
}

/** Starting credits (once per database: the top-up id makes a repeat a no-op) and an approved template. */
async function prepareSandbox(sb: Switchboard, sandbox: Sandbox, storage: Storage, config: AppConfig): Promise<void> {
  if (config.sandboxCredits > 0) {
    await storage.ledger.topUp({ id: 'sandbox-initial-credits', account: config.billingAccount, amount: config.sandboxCredits, source: 'promo' });
  }
  const { seedSandboxTemplate } = await import('./sandbox.js');
  await seedSandboxTemplate(sb, sandbox);
}
