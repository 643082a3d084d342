// What each message costs in credits. Illustrative numbers: put your own price list here (or load
// it from your billing system); a message without a price is refused (`PRICE_NOT_FOUND`), never
// sent for free by accident.
import type { PriceBookDefinition } from './switchboard.js';

export const PRICES: PriceBookDefinition = {
  whatsapp: {
    // Templates by category (`*`: every country); Meta charges per delivered template.
    templates: { '*': { MARKETING: 60, UTILITY: 10, AUTHENTICATION: 10 } },
    // Free-form replies inside the 24-hour window.
    service: { '*': 2 },
  },
  vk: { credits: 1 },
};
