import { assert, present, rejectsWith } from './assert.js';
import { collectPages, template } from './builders.js';
import type { ContractCase } from './types.js';

/** The template repository contract, case by case. */
export const templateCases: readonly ContractCase[] = [
  {
    name: 'templates: save with null creates version 1 that getById, getByName and getByProviderId find',
    async run({ store, clock, inspect }) {
      const record = template(clock, 'order_shipped', 'en_US', { providerTemplateId: '1234567890', version: 9 });
      const saved = await store.templates.save(record, null);
      assert.equal(saved.version, 1, 'the store sets the version');
      assert.deepEqual(saved, { ...record, version: 1 });
      assert.deepEqual(await store.templates.getById(record.id), saved);
      assert.deepEqual(await store.templates.getByName('order_shipped', 'en_US'), saved);
      assert.deepEqual(await store.templates.getByProviderId('1234567890'), saved);
      assert.equal(await store.templates.getByName('order_shipped', 'ru'), null);
      assert.equal(await store.templates.getByProviderId('999'), null);
      if (inspect) assert.notEqual(await inspect('template', record.id), null, 'inspect finds the template');
    },
  },
  {
    name: 'templates: save with the current version replaces the record and bumps the version',
    async run({ store, clock }) {
      const saved = await store.templates.save(template(clock, 'order_shipped'), null);
      const updated = await store.templates.save({ ...saved, status: 'pending', name: 'order_dispatched' }, 1);
      assert.equal(updated.version, 2);
      assert.equal(updated.status, 'pending');
      assert.equal(await store.templates.getByName('order_shipped', 'en_US'), null, 'the old name is free');
      assert.equal((await store.templates.getByName('order_dispatched', 'en_US'))?.id, saved.id);
    },
  },
  {
    name: 'templates: save with a stale version fails with VERSION_CONFLICT; a missing one with NOT_FOUND',
    async run({ store, clock }) {
      const saved = await store.templates.save(template(clock, 'order_shipped'), null);
      await store.templates.save({ ...saved, status: 'pending' }, 1);
      await rejectsWith(() => store.templates.save({ ...saved, status: 'approved' }, 1), 'VERSION_CONFLICT');
      assert.equal(present(await store.templates.getById(saved.id), 'template').status, 'pending');
      await rejectsWith(() => store.templates.save(template(clock, 'never_saved'), 1), 'NOT_FOUND');
    },
  },
  {
    name: 'templates: creating a taken id or a taken name and language fails with DUPLICATE',
    async run({ store, clock }) {
      const saved = await store.templates.save(template(clock, 'order_shipped'), null);
      await rejectsWith(() => store.templates.save(template(clock, 'order_shipped'), null), 'DUPLICATE');
      await rejectsWith(() => store.templates.save({ ...saved, name: 'other_name' }, null), 'DUPLICATE');
      const russian = await store.templates.save(template(clock, 'order_shipped', 'ru'), null);
      assert.equal(russian.version, 1, 'the same name in another language is another template');
      await rejectsWith(() => store.templates.save({ ...russian, language: 'en_US' }, 1), 'DUPLICATE');
    },
  },
  {
    name: 'templates: save refuses an invalid record, naming the field',
    async run({ store, clock }) {
      await rejectsWith(() => store.templates.save(template(clock, 'Order Shipped'), null), 'INVALID_INPUT', 'name');
      await rejectsWith(() => store.templates.save(template(clock, 'ok', 'english'), null), 'INVALID_INPUT', 'language');
      await rejectsWith(() => store.templates.save(template(clock, 'ok'), 0), 'INVALID_INPUT', 'expectedVersion');
      await rejectsWith(() => store.templates.getByName('ok', 'EN'), 'INVALID_INPUT');
    },
  },
  {
    name: 'templates: concurrent saves with one expected version from two handles: exactly one wins',
    needsSecond: true,
    async run({ store, second, clock }) {
      const saved = await store.templates.save(template(clock, 'order_shipped'), null);
      const outcomes = await Promise.allSettled(
        (['pending', 'approved', 'rejected', 'paused'] as const).map((status, i) => (i % 2 === 0 ? store : second).templates.save({ ...saved, status }, 1)),
      );
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, 'exactly one save succeeded');
      assert.equal(present(await second.templates.getById(saved.id), 'template').version, 2);
    },
  },
  {
    name: 'templates: list filters by status, category and language, ordered by name then language, with paging',
    async run({ store, clock }) {
      await store.templates.save(template(clock, 'b_notice', 'ru'), null);
      await store.templates.save(template(clock, 'b_notice', 'en_US', { status: 'approved' }), null);
      await store.templates.save(template(clock, 'a_promo', 'en_US', { category: 'MARKETING', requestedCategory: 'MARKETING' }), null);
      await store.templates.save(template(clock, 'c_code', 'en_US', { category: 'AUTHENTICATION', requestedCategory: 'AUTHENTICATION', status: 'approved' }), null);
      const all = await collectPages((cursor) => store.templates.list({}, { limit: 3, ...(cursor === undefined ? {} : { cursor }) }));
      assert.deepEqual(all.flat().map((t) => `${t.name}/${t.language}`), ['a_promo/en_US', 'b_notice/en_US', 'b_notice/ru', 'c_code/en_US']);
      assert.deepEqual(all.map((p) => p.length), [3, 1]);
      assert.deepEqual((await store.templates.list({ status: 'approved' })).items.map((t) => t.name), ['b_notice', 'c_code']);
      assert.deepEqual((await store.templates.list({ category: 'MARKETING' })).items.map((t) => t.name), ['a_promo']);
      assert.deepEqual((await store.templates.list({ language: 'ru' })).items.map((t) => t.name), ['b_notice']);
      assert.deepEqual((await store.templates.list()).items.length, 4);
      await rejectsWith(() => store.templates.list({}, { cursor: 'bm9wZQ' }), 'INVALID_CURSOR');
    },
  },
];
