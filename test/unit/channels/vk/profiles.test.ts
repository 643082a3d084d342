import { describe, expect, it } from 'vitest';
import { vkLeadTitle } from '../../../../src/channels/vk/index.js';
import { fixtureBytes, callbackRequest, useMswServer, vkWorld } from './helpers.js';

const server = useMswServer();
const users = { 100200300: { firstName: 'Иван', lastName: 'Петров' }, 578716413: { firstName: 'Anna', lastName: 'Smirnova' } };

describe('VK names for lead titles (МойБизнес2: "Community name: First Last")', () => {
  it('a new dialog from message-new.json resolves to the lead title "<community>: <first> <last>"', async () => {
    const { adapter } = vkWorld(server, { users, groupName: 'Магазин «Ромашка»' });
    const { events } = await adapter.handleWebhook(callbackRequest(fixtureBytes('message-new.json')));
    const event = events[0];
    if (event?.type !== 'message.received') throw new Error('expected a message');
    const profile = await adapter.resolveProfile(event.from.addresses[0]!);
    expect(profile).toEqual({ accountName: 'Магазин «Ромашка»', firstName: 'Иван', lastName: 'Петров', displayName: 'Иван Петров' });
    expect(vkLeadTitle(profile)).toBe('Магазин «Ромашка»: Иван Петров');
  });

  it('reads groups.getById in the 5.199 { groups, profiles } shape and caches names (one call each within the TTL)', async () => {
    const { sim, adapter, clock } = vkWorld(server, { users });
    await adapter.resolveProfile({ kind: 'vk_user', value: '100200300' });
    await adapter.resolveProfile({ kind: 'vk_user', value: '100200300' });
    await Promise.all([adapter.users([100200300, 578716413]), adapter.users([578716413])]);
    expect(sim.calls.map((c) => c.method)).toEqual(['groups.getById', 'users.get', 'users.get']);
    expect(sim.calls[2]!.params.user_ids).toBe('578716413');
    clock.advance(60 * 60 * 1000 + 1);
    await adapter.resolveProfile({ kind: 'vk_user', value: '100200300' });
    expect(sim.calls).toHaveLength(5);
  });

  it('an unknown user leaves only the community name; a failed lookup is not cached', async () => {
    const { sim, adapter } = vkWorld(server, { users });
    const profile = await adapter.resolveProfile({ kind: 'vk_user', value: '42' });
    expect(profile).toEqual({ accountName: 'Test community' });
    expect(vkLeadTitle(profile)).toBe('Test community');
    sim.failNext('users.get', { error: 15 });
    await expect(adapter.users([578716413])).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect((await adapter.users([578716413])).get(578716413)).toEqual({ id: 578716413, firstName: 'Anna', lastName: 'Smirnova' });
  });
});
