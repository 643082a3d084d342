// Sandbox only: play the customer and the provider from curl or the CRM's dev tools. Each route
// makes the simulator build the webhook exactly as the provider would (signed, Meta-escaped)
// and posts it to this app's own webhook route, through the same code as real traffic.
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import type { Sandbox } from '../sandbox.js';
import type { Switchboard } from '../switchboard.js';
import { parseWith } from '../validate.js';

const whatsAppMessage = z.object({ from: z.string().regex(/^\d{6,15}$/, 'expected a wa_id: the number in digits, e.g. 16505551234'), text: z.string().min(1), name: z.string().min(1).optional() }).strict();
const vkMessage = z.object({ userId: z.number().int().positive(), text: z.string().min(1) }).strict();

/**
 * `POST /sandbox/whatsapp/messages` `{ from, text, name? }` — a customer writes on WhatsApp
 * `POST /sandbox/vk/messages` `{ userId, text }` — a VK user (100 Ivan, 101 Olga) writes to the community
 * `POST /sandbox/whatsapp/templates/:name/:language/approve` — Meta approves a submitted template (then synced)
 * Each answers what the webhook route answered the simulated provider.
 */
export function sandboxRoutes(sb: Switchboard, sandbox: Sandbox): Router {
  const router = express.Router();
  // VK message ids are unique per community; a clock-based counter stays unique across restarts.
  let vkMessageId = Date.now();
  // Posted to the address this request arrived on (not the Host header, which the client controls).
  const deliver = async (req: express.Request, res: express.Response, request: Request): Promise<void> => {
    const { localAddress = '127.0.0.1', localPort } = req.socket;
    const host = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
    const response = await fetch(`http://${host}:${localPort ?? 80}${new URL(request.url).pathname}`, {
      method: 'POST', headers: request.headers, body: await request.arrayBuffer(),
    });
    res.status(response.status).json({ webhookStatus: response.status, webhookBody: await response.text() });
  };

  router.post('/whatsapp/messages', async (req, res) => {
    const body = parseWith(whatsAppMessage, req.body, 'body');
    const { payload } = sandbox.whatsapp.sim.inbound({ from: body.from, text: body.text, ...(body.name === undefined ? {} : { name: body.name }) });
    await deliver(req, res, sandbox.whatsapp.sim.webhookRequest(payload, { url: 'http://sandbox/webhooks/whatsapp' }));
  });

  router.post('/vk/messages', async (req, res) => {
    const body = parseWith(vkMessage, req.body, 'body');
    const id = ++vkMessageId;
    const event = sandbox.vk.sim.userWrites(body.userId, body.text, { id, conversationMessageId: id });
    await deliver(req, res, sandbox.vk.sim.callbackRequest(event, { url: 'http://sandbox/webhooks/vk' }));
  });

  router.post('/whatsapp/templates/:name/:language/approve', async (req, res) => {
    sandbox.whatsapp.sim.setTemplateStatus(req.params.name, req.params.language, 'APPROVED');
    res.json({ changed: await sb.templates.sync() });
  });

  return router;
}
