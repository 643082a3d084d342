import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchboardError } from '../../src/core/errors.js';
import { createMemoryLedger } from '../../src/ledger/memory.js';
import { createMemoryStore } from '../../src/ports/memory/store.js';
import type { SwitchboardConfig } from '../../src/switchboard/config.js';
import { createSwitchboard } from '../../src/switchboard/switchboard.js';
import type { Harness } from './harness.js';
import { createHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

function configError(config: SwitchboardConfig): SwitchboardError {
  try {
    createSwitchboard(config);
  } catch (error) {
    return error as SwitchboardError;
  }
  throw new Error('expected INVALID_CONFIG');
}

describe('createSwitchboard configuration', () => {
  it('refuses a ledger without prices, so no message is ever sent for a silent zero', async () => {
    const harness = h = await createHarness({ ledger: false });
    const error = configError({ channels: [harness.whatsapp.adapter], store: createMemoryStore(), ledger: createMemoryLedger() });
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', field: 'prices' });
  });

  it('refuses two adapters for one channel account, and names the second', async () => {
    const harness = h = await createHarness({ ledger: false });
    const error = configError({ channels: [harness.whatsapp.adapter, harness.vk.adapter, harness.whatsapp.adapter], store: createMemoryStore() });
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', field: 'channels[2]' });
  });

  it('names every bad option in one error', async () => {
    const harness = h = await createHarness({ ledger: false });
    const error = configError({
      channels: [harness.vk.adapter], store: createMemoryStore(),
      policy: { defaultCountry: 'Taiwan', windowSafetyMarginMs: -1 },
      outbox: { leaseMs: 5 },
    });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(/policy\.defaultCountry/);
    expect(error.message).toMatch(/policy\.windowSafetyMarginMs/);
    expect(error.message).toMatch(/outbox\.leaseMs/);
  });

  it('refuses a configuration without channels or with something that is not an adapter', () => {
    expect(configError({ channels: [], store: createMemoryStore() })).toMatchObject({ code: 'INVALID_CONFIG', field: 'channels' });
    expect(configError({ channels: [{} as never], store: createMemoryStore() })).toMatchObject({ code: 'INVALID_CONFIG', field: 'channels[0]' });
  });
});
