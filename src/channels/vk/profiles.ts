import type { Clock } from '../../core/clock.js';
import { SwitchboardError } from '../../core/errors.js';
import type { ContactAddress } from '../../model/contact.js';
import type { ResolvedProfile } from '../adapter.js';
import type { VkApiClient } from './api-client.js';
import { vkGroupsGetByIdResponseSchema, vkUsersGetResponseSchema } from './api-schemas.js';

/** A VK user's public name. */
export interface VkUserName {
  id: number;
  firstName: string;
  lastName: string;
  /** Set for deleted or banned users (`deleted`, `banned`). */
  deactivated?: string;
}

/** The community's own name. */
export interface VkCommunity {
  id: number;
  name: string;
  screenName?: string;
}

/** Cached name lookups for lead titles ("Community name: Ivan Petrov"). */
export interface VkProfiles {
  /** `users.get` for up to 1000 ids per call; cached per id. Unknown ids are absent from the result. */
  users(ids: readonly number[], signal?: AbortSignal): Promise<Map<number, VkUserName>>;
  /** `groups.getById` for this community (5.199 `{ groups, profiles }`); cached. */
  community(signal?: AbortSignal): Promise<VkCommunity>;
  /** Names for a lead title: the sender's first and last name and the community name. */
  resolve(address: ContactAddress, signal?: AbortSignal): Promise<ResolvedProfile>;
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

const MAX_USERS_CACHED = 10_000;

/**
 * Creates the cached name resolver. Concurrent lookups of one id share one request; failures
 * are not cached; entries expire after `ttlMs` (by the injected clock).
 */
export function createVkProfiles(api: VkApiClient, groupId: number, clock: Clock, ttlMs: number): VkProfiles {
  const userCache = new Map<number, Entry<VkUserName | undefined>>();
  let communityEntry: Entry<VkCommunity> | undefined;

  function fresh<T>(entry: Entry<T> | undefined): entry is Entry<T> {
    return entry !== undefined && entry.expiresAt > clock.now();
  }

  async function fetchUsers(ids: number[], signal?: AbortSignal): Promise<Map<number, VkUserName>> {
    const list = await api.call('users.get', { user_ids: ids }, vkUsersGetResponseSchema, { idempotent: true, ...(signal === undefined ? {} : { signal }) });
    return new Map(list.map((u) => [u.id, { id: u.id, firstName: u.first_name, lastName: u.last_name, ...(u.deactivated === undefined ? {} : { deactivated: u.deactivated }) }]));
  }

  const profiles: VkProfiles = {
    async users(ids, signal) {
      const wanted = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
      const missing = wanted.filter((id) => !fresh(userCache.get(id)));
      for (let i = 0; i < missing.length; i += 1000) {
        const chunk = missing.slice(i, i + 1000);
        const request = fetchUsers(chunk, signal);
        const expiresAt = clock.now() + ttlMs;
        for (const id of chunk) {
          const value = request.then((found) => found.get(id));
          userCache.set(id, { value, expiresAt });
          // Failures are not cached: the next lookup asks VK again.
          value.catch(() => { if (userCache.get(id)?.value === value) userCache.delete(id); });
        }
      }
      if (userCache.size > MAX_USERS_CACHED) {
        for (const key of [...userCache.keys()].slice(0, userCache.size - MAX_USERS_CACHED)) userCache.delete(key);
      }
      const out = new Map<number, VkUserName>();
      for (const id of wanted) {
        const entry = userCache.get(id);
        const user = entry === undefined ? undefined : await entry.value;
        if (user !== undefined) out.set(id, user);
      }
      return out;
    },
    async community(signal) {
      if (!fresh(communityEntry)) {
        const value = api
          .call('groups.getById', { group_id: groupId }, vkGroupsGetByIdResponseSchema, { idempotent: true, ...(signal === undefined ? {} : { signal }) })
          .then((res) => {
            const group = res.groups.find((g) => g.id === groupId) ?? res.groups[0];
            if (group === undefined) throw new SwitchboardError('INVALID_PROVIDER_RESPONSE', 'VK groups.getById returned no community', { provider: 'vk' });
            return { id: group.id, name: group.name, ...(group.screen_name === undefined ? {} : { screenName: group.screen_name }) };
          });
        const entry = { value, expiresAt: clock.now() + ttlMs };
        communityEntry = entry;
        value.catch(() => { if (communityEntry === entry) communityEntry = undefined; });
      }
      return communityEntry.value;
    },
    async resolve(address, signal) {
      const community = await profiles.community(signal);
      const base: ResolvedProfile = { accountName: community.name };
      if (address.kind !== 'vk_user') return base;
      const id = Number(address.value);
      const user = (await profiles.users([id], signal)).get(id);
      if (user === undefined) return base;
      const displayName = `${user.firstName} ${user.lastName}`.trim();
      return {
        ...base,
        ...(user.firstName === '' ? {} : { firstName: user.firstName }),
        ...(user.lastName === '' ? {} : { lastName: user.lastName }),
        ...(displayName === '' ? {} : { displayName }),
      };
    },
  };
  return profiles;
}

/**
 * A lead title in the МойБизнес2 style: `"<community name>: <first> <last>"`, or just the
 * community name when the sender's name is unknown.
 */
export function vkLeadTitle(profile: ResolvedProfile): string {
  const name = profile.displayName ?? '';
  const account = profile.accountName ?? '';
  if (account === '') return name;
  return name === '' ? account : `${account}: ${name}`;
}
