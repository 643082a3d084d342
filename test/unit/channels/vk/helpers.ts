import { fixturePath } from '../../../fixtures/paths.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createVkAdapter } from '../../../../src/channels/vk/index.js';
import type { VkAdapter, VkAdapterConfig } from '../../../../src/channels/vk/index.js';
import { createVirtualClock } from '../../../../src/core/clock.js';
import type { VirtualClock } from '../../../../src/core/clock.js';
import { SwitchboardError, isSwitchboardError } from '../../../../src/core/errors.js';
import { createVkSimulator } from '../../../../src/testing/vk.js';
import type { VkSimulator, VkSimulatorOptions } from '../../../../src/testing/vk.js';

export const FIXTURES = fixturePath('vk');
export const GROUP_ID = 232142875;
export const SECRET = 'test_vk_secret';
export const CONFIRMATION = 'test_vk_confirmation';
export const TOKEN = 'vk1.a.simulator-token-0123456789';

/** A fixture file's exact bytes. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
}

export function callbackRequest(body: Uint8Array | string, headers: Record<string, string> = {}): Request {
  return new Request('https://crm.example.test/webhooks/vk', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

/** One msw server per test file; each test installs its simulator's handlers. */
export function useMswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
  afterEach(() => { server.resetHandlers(); });
  afterAll(() => { server.close(); });
  return server;
}

export interface VkWorld {
  sim: VkSimulator;
  adapter: VkAdapter;
  clock: VirtualClock;
  /** Every wait the adapter asked for (retries and rate limiting), in ms. */
  sleeps: number[];
}

/**
 * A simulator and an adapter sharing one virtual clock; the adapter's waits advance the clock
 * instead of sleeping, so rate limits and backoffs are exercised without real time.
 */
export function vkWorld(server: ReturnType<typeof setupServer>, simOptions: VkSimulatorOptions = {}, config: Partial<VkAdapterConfig> = {}): VkWorld {
  const clock = createVirtualClock(Date.UTC(2026, 0, 1));
  const sim = createVkSimulator({ clock, ...simOptions });
  server.use(...sim.handlers);
  const sleeps: number[] = [];
  const adapter = createVkAdapter({
    groupId: GROUP_ID,
    accessToken: TOKEN,
    secret: SECRET,
    confirmation: CONFIRMATION,
    clock,
    random: () => 0.5,
    sleep: (ms, signal) => {
      if (signal?.aborted === true) return Promise.reject(new SwitchboardError('ABORTED', 'aborted'));
      sleeps.push(ms);
      clock.advance(Math.max(0, Math.ceil(ms)));
      return Promise.resolve();
    },
    ...config,
  });
  return { sim, adapter, clock, sleeps };
}

/** The SwitchboardError a promise rejects with (fails the test otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<SwitchboardError> {
  try {
    await promise;
  } catch (error) {
    if (isSwitchboardError(error)) return error;
    throw new Error(`expected a SwitchboardError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection');
}
