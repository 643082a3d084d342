import type { ContactId } from '../../core/ids.js';
import { addressKey } from '../../model/contact.js';
import { assert, present, rejectsWith } from './assert.js';
import { contactId, phone } from './builders.js';
import type { ContractCase } from './types.js';

/** The contact repository contract, case by case. */
export const contactCases: readonly ContractCase[] = [
  {
    name: 'contacts: upsert creates a contact with the given addresses, name and channel',
    async run({ store, clock, inspect }) {
      const contact = await store.contacts.upsert({ addresses: [phone(1)], name: 'Ada', channel: 'whatsapp' });
      assert.deepEqual(contact.addresses, [phone(1)]);
      assert.equal(contact.name, 'Ada');
      assert.deepEqual(contact.channels, ['whatsapp']);
      assert.equal(contact.createdAt, clock.now());
      assert.deepEqual(await store.contacts.get(contact.id), contact);
      if (inspect) assert.notEqual(await inspect('contact', contact.id), null, 'inspect finds the created contact');
    },
  },
  {
    name: 'contacts: findByAddress returns the owner of an address and null for an unknown one',
    async run({ store }) {
      const contact = await store.contacts.upsert({ addresses: [phone(1), { kind: 'vk_user', value: '42' }], channel: 'vk' });
      assert.equal((await store.contacts.findByAddress({ kind: 'vk_user', value: '42' }))?.id, contact.id);
      assert.equal((await store.contacts.findByAddress(phone(1)))?.id, contact.id);
      assert.equal(await store.contacts.findByAddress(phone(2)), null);
      assert.equal(await store.contacts.findByAddress({ kind: 'vk_user', value: '+14155550001' }).catch(() => 'refused'), 'refused');
    },
  },
  {
    name: 'contacts: get returns null for an unknown id',
    async run({ store }) {
      assert.equal(await store.contacts.get(contactId()), null);
    },
  },
  {
    name: 'contacts: upsert with a known address updates that contact instead of creating another',
    async run({ store, clock }) {
      const first = await store.contacts.upsert({ addresses: [phone(1)], channel: 'whatsapp' });
      clock.advance(1_000);
      const second = await store.contacts.upsert({ addresses: [{ kind: 'whatsapp_bsuid', value: 'US.13491208655302741918' }, phone(1)], name: 'Ada L.', channel: 'sms' });
      assert.equal(second.id, first.id);
      assert.deepEqual(second.addresses.map(addressKey).sort(), ['phone:+14155550001', 'whatsapp_bsuid:US.13491208655302741918']);
      assert.deepEqual([...second.channels].sort(), ['sms', 'whatsapp']);
      assert.equal(second.name, 'Ada L.');
      assert.equal(second.createdAt, first.createdAt);
      assert.equal(second.updatedAt, clock.now());
      assert.equal((await store.contacts.findByAddress({ kind: 'whatsapp_bsuid', value: 'US.13491208655302741918' }))?.id, first.id);
    },
  },
  {
    name: 'contacts: upsert keeps the stored name when none is given',
    async run({ store }) {
      await store.contacts.upsert({ addresses: [phone(1)], name: 'Ada', channel: 'whatsapp' });
      const again = await store.contacts.upsert({ addresses: [phone(1)], channel: 'whatsapp' });
      assert.equal(again.name, 'Ada');
      assert.deepEqual(again.channels, ['whatsapp']);
    },
  },
  {
    name: 'contacts: an address never moves between contacts and contacts are never merged',
    async run({ store }) {
      const a = await store.contacts.upsert({ addresses: [phone(1)], channel: 'whatsapp' });
      const b = await store.contacts.upsert({ addresses: [phone(2)], channel: 'whatsapp' });
      const result = await store.contacts.upsert({ addresses: [phone(1), phone(2), phone(3)], channel: 'whatsapp' });
      assert.equal(result.id, a.id, 'the owner of the first matching address is updated');
      assert.deepEqual(result.addresses.map(addressKey).sort(), ['phone:+14155550001', 'phone:+14155550003']);
      assert.equal((await store.contacts.findByAddress(phone(2)))?.id, b.id);
      assert.deepEqual(present(await store.contacts.get(b.id), 'contact b').addresses, [phone(2)]);
    },
  },
  {
    name: 'contacts: upsert refuses a phone that is not E.164, naming the field',
    async run({ store }) {
      await rejectsWith(() => store.contacts.upsert({ addresses: [{ kind: 'phone', value: '0912-345-678' }], channel: 'whatsapp' }), 'INVALID_INPUT', 'addresses[0].value');
      await rejectsWith(() => store.contacts.upsert({ addresses: [], channel: 'whatsapp' }), 'INVALID_INPUT', 'addresses');
      await rejectsWith(() => store.contacts.upsert({ addresses: [phone(1)], channel: 'WhatsApp' }), 'INVALID_INPUT', 'channel');
      assert.equal(await store.contacts.findByAddress(phone(1)), null, 'nothing was stored');
    },
  },
  {
    name: 'contacts: get refuses a malformed id with INVALID_ID',
    async run({ store }) {
      await rejectsWith(() => store.contacts.get('42' as ContactId), 'INVALID_ID', 'id');
      await rejectsWith(() => store.contacts.get('cv_01JD3Q8W5Z7N4V2C6B9X1K0M3P' as ContactId), 'INVALID_ID', 'id');
    },
  },
  {
    name: 'contacts: returned records are copies, so mutating one does not change storage',
    async run({ store }) {
      const contact = await store.contacts.upsert({ addresses: [phone(1)], name: 'Ada', channel: 'whatsapp' });
      contact.addresses.push(phone(9));
      contact.name = 'Mallory';
      const stored = present(await store.contacts.get(contact.id), 'contact');
      assert.deepEqual(stored.addresses, [phone(1)]);
      assert.equal(stored.name, 'Ada');
    },
  },
  {
    name: 'contacts: concurrent upserts of one address from two handles yield one contact',
    needsSecond: true,
    async run({ store, second }) {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : second).contacts.upsert({ addresses: [phone(7)], channel: i % 2 === 0 ? 'whatsapp' : 'vk' })),
      );
      assert.equal(new Set(results.map((c) => c.id)).size, 1, 'every upsert returned the same contact');
      const stored = present(await second.contacts.findByAddress(phone(7)), 'contact');
      assert.deepEqual(stored.addresses, [phone(7)]);
      assert.deepEqual([...stored.channels].sort(), ['vk', 'whatsapp']);
    },
  },
];
