// The credit balance the CRM shows next to the send button.
import express from 'express';
import type { Router } from 'express';
import type { CreditsLedger } from '../switchboard.js';

/** `GET /credits` → `{ account, available, held, posted }` of the billing account. */
export function creditRoutes(ledger: CreditsLedger, account: string): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    res.json(await ledger.balance(account));
  });
  return router;
}
