import { DAY, MINUTE } from '../../core/clock.js';
import { assert, rejectsWith } from './assert.js';
import type { ContractCase } from './types.js';

/** The inbound dedupe store contract, case by case. */
export const dedupeCases: readonly ContractCase[] = [
  {
    name: 'dedupe: the first claim wins and later claims lose until the ttl expires',
    async run({ store, clock }) {
      assert.equal(await store.dedupe.claim('whatsapp:106540352242922:wamid.1', 7 * DAY), true);
      assert.equal(await store.dedupe.claim('whatsapp:106540352242922:wamid.1', 7 * DAY), false);
      clock.advance(7 * DAY - 1);
      assert.equal(await store.dedupe.claim('whatsapp:106540352242922:wamid.1', 7 * DAY), false, 'still held 1 ms before expiry');
      clock.advance(1);
      assert.equal(await store.dedupe.claim('whatsapp:106540352242922:wamid.1', MINUTE), true, 'claimable again at expiry');
      assert.equal(await store.dedupe.claim('whatsapp:106540352242922:wamid.1', MINUTE), false);
    },
  },
  {
    name: 'dedupe: confirm extends a short provisional claim to the full ttl, and takes a key whose claim expired',
    async run({ store, clock }) {
      const key = 'whatsapp:106540352242922:wamid.provisional';
      assert.equal(await store.dedupe.claim(key, 30_000), true);
      await store.dedupe.confirm(key, 7 * DAY);
      clock.advance(30_000);
      assert.equal(await store.dedupe.claim(key, 30_000), false, 'the confirmed claim outlives the provisional ttl');
      clock.advance(7 * DAY - 30_000 - 1);
      assert.equal(await store.dedupe.claim(key, 30_000), false, 'still held 1 ms before the confirmed expiry');
      clock.advance(1);
      assert.equal(await store.dedupe.claim(key, 30_000), true, 'claimable again at the confirmed expiry');
      const lapsed = 'vk:229875643:event-lapsed';
      assert.equal(await store.dedupe.claim(lapsed, 30_000), true);
      clock.advance(MINUTE);
      await store.dedupe.confirm(lapsed, DAY);
      assert.equal(await store.dedupe.claim(lapsed, 30_000), false, 'confirm re-takes a claim that expired before it');
      await store.dedupe.confirm('never-claimed', DAY);
      assert.equal(await store.dedupe.claim('never-claimed', DAY), false, 'confirm takes a key that was never claimed');
      await store.dedupe.confirm(key, DAY);
      await store.dedupe.confirm(key, DAY);
      assert.equal(await store.dedupe.claim(key, DAY), false, 'confirm is idempotent');
    },
  },
  {
    name: 'dedupe: release lets the key be claimed again; releasing an unknown key does nothing',
    async run({ store }) {
      assert.equal(await store.dedupe.claim('vk:229875643:event-1', DAY), true);
      await store.dedupe.release('vk:229875643:event-1');
      assert.equal(await store.dedupe.claim('vk:229875643:event-1', DAY), true);
      await store.dedupe.release('never-claimed');
    },
  },
  {
    name: 'dedupe: keys are independent',
    async run({ store }) {
      assert.equal(await store.dedupe.claim('a', DAY), true);
      assert.equal(await store.dedupe.claim('b', DAY), true);
      assert.equal(await store.dedupe.claim('A', DAY), true, 'keys are case-sensitive');
    },
  },
  {
    name: 'dedupe: exactly one of many concurrent claims from two handles wins',
    needsSecond: true,
    async run({ store, second }) {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : second).dedupe.claim('whatsapp:1:wamid.race', DAY)));
      assert.equal(results.filter(Boolean).length, 1);
    },
  },
  {
    name: 'dedupe: claim refuses an empty key and a non-positive ttl',
    async run({ store }) {
      await rejectsWith(() => store.dedupe.claim('', DAY), 'INVALID_INPUT');
      await rejectsWith(() => store.dedupe.claim('k', 0), 'INVALID_INPUT');
      await rejectsWith(() => store.dedupe.claim('k', 1.5), 'INVALID_INPUT');
      assert.equal(await store.dedupe.claim('k', DAY), true, 'refused claims claimed nothing');
    },
  },
];
