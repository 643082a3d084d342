import type { CannedResponseId } from '../../core/ids.js';
import { newId } from '../../core/ids.js';
import { assert, present, rejectsWith } from './assert.js';
import { collectPages } from './builders.js';
import type { ContractCase } from './types.js';

/** The canned response repository contract, case by case. */
export const cannedResponseCases: readonly ContractCase[] = [
  {
    name: 'cannedResponses: create then get returns the response at version 1',
    async run({ store, clock, inspect }) {
      const created = await store.cannedResponses.create({ name: 'Greeting', module: 'Leads', body: 'Hi {{first_name}}!' });
      assert.equal(created.version, 1);
      assert.equal(created.createdAt, clock.now());
      assert.deepEqual(created, { id: created.id, name: 'Greeting', module: 'Leads', body: 'Hi {{first_name}}!', createdAt: clock.now(), updatedAt: clock.now(), version: 1 });
      assert.deepEqual(await store.cannedResponses.get(created.id), created);
      if (inspect) assert.notEqual(await inspect('cannedResponse', created.id), null, 'inspect finds the response');
    },
  },
  {
    name: 'cannedResponses: update changes name and body, bumps the version, and accepts the same module',
    async run({ store, clock }) {
      const created = await store.cannedResponses.create({ name: 'Greeting', module: 'Leads', body: 'Hi!' });
      clock.advance(1_000);
      const updated = await store.cannedResponses.update(created.id, { name: 'Welcome', body: 'Hello!', module: 'Leads' }, 1);
      assert.equal(updated.version, 2);
      assert.equal(updated.name, 'Welcome');
      assert.equal(updated.body, 'Hello!');
      assert.equal(updated.updatedAt, clock.now());
      assert.deepEqual(await store.cannedResponses.get(created.id), updated);
    },
  },
  {
    name: 'cannedResponses: the module cannot change after creation (IMMUTABLE_FIELD)',
    async run({ store }) {
      const created = await store.cannedResponses.create({ name: 'Greeting', module: 'Leads', body: 'Hi!' });
      await rejectsWith(() => store.cannedResponses.update(created.id, { module: 'Contacts' }, 1), 'IMMUTABLE_FIELD', 'patch.module');
      assert.equal(present(await store.cannedResponses.get(created.id), 'response').module, 'Leads');
    },
  },
  {
    name: 'cannedResponses: update with a stale version fails with VERSION_CONFLICT; unknown ids with NOT_FOUND',
    async run({ store }) {
      const created = await store.cannedResponses.create({ name: 'Greeting', module: 'Leads', body: 'Hi!' });
      await store.cannedResponses.update(created.id, { body: 'v2' }, 1);
      await rejectsWith(() => store.cannedResponses.update(created.id, { body: 'v3' }, 1), 'VERSION_CONFLICT');
      assert.equal(present(await store.cannedResponses.get(created.id), 'response').body, 'v2');
      await rejectsWith(() => store.cannedResponses.update(newId('cr'), { body: 'x' }, 1), 'NOT_FOUND');
    },
  },
  {
    name: 'cannedResponses: delete removes the response and reports whether it existed',
    async run({ store, inspect }) {
      const created = await store.cannedResponses.create({ name: 'Greeting', module: 'Leads', body: 'Hi!' });
      assert.equal(await store.cannedResponses.delete(created.id), true);
      assert.equal(await store.cannedResponses.get(created.id), null);
      assert.equal(await store.cannedResponses.delete(created.id), false);
      if (inspect) assert.equal(await inspect('cannedResponse', created.id), null, 'inspect no longer finds it');
    },
  },
  {
    name: 'cannedResponses: search by name is a case-insensitive substring match, also for non-Latin names',
    async run({ store }) {
      const greeting = await store.cannedResponses.create({ name: 'Morning GREETING', module: 'Leads', body: 'Hi!' });
      const russian = await store.cannedResponses.create({ name: 'Приветствие клиента', module: 'Leads', body: 'Здравствуйте!' });
      await store.cannedResponses.create({ name: 'Invoice reminder', module: 'Deals', body: 'Your invoice' });
      assert.deepEqual((await store.cannedResponses.search({ name: 'greet' })).items.map((r) => r.id), [greeting.id]);
      assert.deepEqual((await store.cannedResponses.search({ name: 'ПРИВЕТ' })).items.map((r) => r.id), [russian.id]);
      assert.deepEqual((await store.cannedResponses.search({ name: '%' })).items, [], 'wildcards are literal');
      assert.deepEqual((await store.cannedResponses.search({ name: '_' })).items, [], 'wildcards are literal');
    },
  },
  {
    name: 'cannedResponses: search by module and by name with module, in creation order, with paging',
    async run({ store }) {
      const created: CannedResponseId[] = [];
      for (const name of ['Hello A', 'Hello B', 'Bye', 'Hello C']) created.push((await store.cannedResponses.create({ name, module: 'Leads', body: name })).id);
      await store.cannedResponses.create({ name: 'Hello D', module: 'Deals', body: 'x' });
      const pages = await collectPages((cursor) => store.cannedResponses.search({ module: 'Leads' }, { limit: 3, ...(cursor === undefined ? {} : { cursor }) }));
      assert.deepEqual(pages.flat().map((r) => r.id), created);
      assert.deepEqual(pages.map((p) => p.length), [3, 1]);
      const both = await store.cannedResponses.search({ module: 'Leads', name: 'hello' });
      assert.deepEqual(both.items.map((r) => r.name), ['Hello A', 'Hello B', 'Hello C']);
      assert.equal((await store.cannedResponses.search()).items.length, 5);
    },
  },
  {
    name: 'cannedResponses: create refuses an empty name and a missing module, naming the field',
    async run({ store }) {
      await rejectsWith(() => store.cannedResponses.create({ name: '   ', module: 'Leads', body: 'Hi' }), 'INVALID_INPUT', 'name');
      await rejectsWith(() => store.cannedResponses.create({ name: 'Hi', body: 'Hi' } as never), 'INVALID_INPUT', 'module');
      await rejectsWith(() => store.cannedResponses.get('cr_' as never), 'INVALID_ID', 'id');
      assert.equal((await store.cannedResponses.search()).items.length, 0);
    },
  },
];
