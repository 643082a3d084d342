// The provider webhooks: one route per channel, each reading the body as raw bytes.
import express from 'express';
import type { Router } from 'express';
import { sendFetchResponse, toFetchRequest } from '../http-bridge.js';
import type { Switchboard } from '../switchboard.js';

/**
 * `GET|POST /webhooks/whatsapp` (GET is Meta's subscription handshake) and `POST /webhooks/vk`.
 * `sb.handleWebhook` verifies the signature or secret, stores every item before it answers, and
 * answers every case itself (200, 401 bad signature, 400 malformed, 503 storage down): its
 * `Response` is passed back as is.
 */
export function webhookRoutes(sb: Switchboard): Router {
  const router = express.Router();
  // Any content type (even none) is read as bytes. 3 MB is Meta's largest payload; a larger body
  // is refused with 413 before the SDK sees it.
  const raw = express.raw({ type: () => true, limit: '3mb' });
  const forward = async (req: express.Request, res: express.Response): Promise<void> => {
    await sendFetchResponse(res, await sb.handleWebhook(toFetchRequest(req)));
  };
  router.get('/whatsapp', forward);
  router.post('/whatsapp', raw, forward);
  router.post('/vk', raw, forward);
  return router;
}
