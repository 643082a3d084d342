import { afterEach, describe, it } from 'vitest';
import { adapterContractCases } from './cases.js';
import type { AdapterContractFixture, AdapterContractOptions } from './fixture.js';
import { ADAPTER_CONTRACT_CASES } from './fixture.js';

/**
 * Registers the channel adapter contract as a vitest suite (vitest is an optional peer
 * dependency). Every adapter — Switchboard's own and third parties' — must pass it: well-formed
 * capabilities; `handleWebhook` never throws, accepts authentic requests with normalized,
 * deduplicable events and answers anything else 4xx with no events; `send` returns a provider
 * id and fails only with `SwitchboardError`s.
 *
 * @example
 * ```ts
 * import { adapterContract } from 'switchboard/testing';
 *
 * adapterContract({
 *   name: 'SMS adapter',
 *   setup: () => ({
 *     adapter: createSmsAdapter({ ... }),
 *     validWebhook: () => signedRequest(sampleInbound),
 *     badSignatureWebhook: () => signedRequest(sampleInbound, 'wrong-secret'),
 *     malformedWebhook: () => signedRequest('not json'),
 *     sendableMessage: () => ({ messageId, idempotencyKey: 'k1', to, content: { type: 'text', text: 'Hi' } }),
 *   }),
 *   skip: { 'a refused send rejects with a SwitchboardError': 'no simulator for refusals yet' },
 * });
 * ```
 */
export function adapterContract(options: AdapterContractOptions): void {
  describe(`${options.name} — adapter contract`, () => {
    let current: AdapterContractFixture | undefined;
    afterEach(async () => {
      const fixture = current;
      current = undefined;
      await fixture?.teardown?.();
    });
    for (const name of ADAPTER_CONTRACT_CASES) {
      const reason = options.skip?.[name];
      if (reason !== undefined) {
        it.skip(`${name} (skipped: ${reason})`, () => undefined);
        continue;
      }
      it(name, async () => {
        current = await options.setup();
        await adapterContractCases[name](current);
      });
    }
  });
}
