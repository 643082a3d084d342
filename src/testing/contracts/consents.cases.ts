import type { NewConsentRecord } from '../../ports/consents.js';
import { assert, present, rejectsWith } from './assert.js';
import { contactId } from './builders.js';
import type { ContractCase } from './types.js';

function fact(overrides: Partial<NewConsentRecord> & Pick<NewConsentRecord, 'contactId' | 'recordedAt'>): NewConsentRecord {
  return { channel: 'whatsapp', purpose: 'marketing', status: 'opted_in', source: 'form', proof: { formId: 'F-1' }, ...overrides };
}

/** The consent repository contract, case by case. */
export const consentCases: readonly ContractCase[] = [
  {
    name: 'consents: append stores a fact under a new id; listByContact returns oldest recordedAt first',
    async run({ store, clock, inspect }) {
      const contact = contactId();
      const t = clock.now();
      const later = await store.consents.append(fact({ contactId: contact, recordedAt: t + 10, status: 'opted_out', source: 'keyword', proof: { messageId: 'wamid.1' } }));
      const earlier = await store.consents.append(fact({ contactId: contact, recordedAt: t }));
      assert.notEqual(later.id, earlier.id);
      assert.deepEqual(later.proof, { messageId: 'wamid.1' });
      assert.deepEqual((await store.consents.listByContact(contact)).map((r) => r.id), [earlier.id, later.id]);
      assert.deepEqual(await store.consents.listByContact(contactId()), []);
      if (inspect) assert.notEqual(await inspect('consent', later.id), null, 'inspect finds the fact');
    },
  },
  {
    name: 'consents: listByContact filters by channel',
    async run({ store, clock }) {
      const contact = contactId();
      const wa = await store.consents.append(fact({ contactId: contact, recordedAt: clock.now() }));
      const vk = await store.consents.append(fact({ contactId: contact, recordedAt: clock.now(), channel: 'vk' }));
      assert.deepEqual((await store.consents.listByContact(contact, 'vk')).map((r) => r.id), [vk.id]);
      assert.deepEqual((await store.consents.listByContact(contact, 'whatsapp')).map((r) => r.id), [wa.id]);
    },
  },
  {
    name: 'consents: latest is the newest recordedAt for the exact purpose, not the last appended',
    async run({ store, clock }) {
      const contact = contactId();
      const t = clock.now();
      const optOut = await store.consents.append(fact({ contactId: contact, recordedAt: t + 100, status: 'opted_out', source: 'keyword' }));
      await store.consents.append(fact({ contactId: contact, recordedAt: t + 50, status: 'opted_in' }));
      await store.consents.append(fact({ contactId: contact, recordedAt: t + 200, purpose: 'transactional' }));
      await store.consents.append(fact({ contactId: contact, recordedAt: t + 300, channel: 'vk' }));
      assert.equal(present(await store.consents.latest(contact, 'whatsapp', 'marketing'), 'latest').id, optOut.id);
      assert.equal(await store.consents.latest(contact, 'whatsapp', 'all'), null);
      assert.equal(await store.consents.latest(contactId(), 'whatsapp', 'marketing'), null);
    },
  },
  {
    name: 'consents: latest breaks recordedAt ties by insertion order',
    async run({ store, clock }) {
      const contact = contactId();
      const t = clock.now();
      await store.consents.append(fact({ contactId: contact, recordedAt: t, status: 'opted_in' }));
      const second = await store.consents.append(fact({ contactId: contact, recordedAt: t, status: 'opted_out', source: 'api' }));
      assert.equal(present(await store.consents.latest(contact, 'whatsapp', 'marketing'), 'latest').id, second.id);
      const third = await store.consents.append(fact({ contactId: contact, recordedAt: t, status: 'opted_in', source: 'api' }));
      assert.equal(present(await store.consents.latest(contact, 'whatsapp', 'marketing'), 'latest').id, third.id);
      assert.deepEqual((await store.consents.listByContact(contact)).map((r) => r.status), ['opted_in', 'opted_out', 'opted_in']);
    },
  },
  {
    name: 'consents: append refuses a malformed contact id or purpose, naming the field',
    async run({ store, clock }) {
      await rejectsWith(() => store.consents.append(fact({ contactId: 'ct_x' as never, recordedAt: clock.now() })), 'INVALID_INPUT', 'contactId');
      await rejectsWith(() => store.consents.append(fact({ contactId: contactId(), recordedAt: clock.now(), purpose: 'promo' as never })), 'INVALID_INPUT', 'purpose');
      await rejectsWith(() => store.consents.latest(contactId(), 'whatsapp', 'promo' as never), 'INVALID_INPUT');
      await rejectsWith(() => store.consents.listByContact('42' as never), 'INVALID_ID', 'contactId');
    },
  },
];
