import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVirtualClock } from '../../../src/core/clock.js';
import type { Id, IdGenerator } from '../../../src/core/ids.js';
import type { Logger } from '../../../src/core/logger.js';
import { createMemoryStore } from '../../../src/ports/index.js';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => undefined;
  return { warnings, debug: noop, info: noop, error: noop, warn: (_obj, msg) => warnings.push(msg ?? '') };
}

describe('createMemoryStore', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('warns once per logger when NODE_ENV is production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const logger = recordingLogger();
    createMemoryStore({ logger });
    createMemoryStore({ logger });
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/process memory.*docs\/storage\.md/s);
  });

  it('warns once per process through process.emitWarning without a logger', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    createMemoryStore();
    createMemoryStore({ clock: createVirtualClock(0) });
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(emitWarning).toHaveBeenCalledWith(expect.stringMatching(/process memory/), { code: 'SWITCHBOARD_MEMORY_STORE' });
  });

  it('stays silent outside production', () => {
    vi.stubEnv('NODE_ENV', 'test');
    const logger = recordingLogger();
    createMemoryStore({ logger });
    expect(logger.warnings).toEqual([]);
  });

  it('refuses options that are not a clock, logger or id generator, naming the option', () => {
    expect(() => createMemoryStore({ clock: Date.now } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'clock' }));
    expect(() => createMemoryStore({ logger: { warn: () => undefined } } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'logger' }));
    expect(() => createMemoryStore({ ids: {} } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'ids' }));
    expect(() => createMemoryStore({ clocks: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('keeps the README quickstart shape: upsert takes addresses, name and channel and returns the contact', async () => {
    const store = createMemoryStore({ clock: createVirtualClock(Date.UTC(2026, 0, 1)) });
    const contact = await store.contacts.upsert({ addresses: [{ kind: 'phone', value: '+886912345678' }], name: 'Lin Mei', channel: 'whatsapp' });
    expect(contact).toMatchObject({ name: 'Lin Mei', channels: ['whatsapp'], addresses: [{ kind: 'phone', value: '+886912345678' }] });
    expect(contact.id).toMatch(/^ct_/);
  });

  it('stamps records with the injected clock and ids', async () => {
    const clock = createVirtualClock(Date.UTC(2026, 0, 1));
    let n = 0;
    const ids: IdGenerator = { next: (prefix) => `${prefix}_${String(n++).padStart(26, '0')}` as Id<typeof prefix> };
    const store = createMemoryStore({ clock, ids });
    const response = await store.cannedResponses.create({ name: 'Hi', module: 'Leads', body: 'Hello' });
    expect(response.id).toBe('cr_00000000000000000000000000');
    expect(response.createdAt).toBe(Date.UTC(2026, 0, 1));
  });
});
