import { describe, expect, it } from 'vitest';
import { SwitchboardError } from '../../../src/core/errors.js';
import { applyWindowFact, checkWindow, classifyProviderRefusal } from '../../../src/policy/index.js';
import { readFixture } from './events.js';

const T = Date.parse('2026-11-21T09:00:00Z');
const VK = { kind: 'permission' } as const;

describe('classifyProviderRefusal: provider refusals that are policy facts', () => {
  it('WhatsApp 131047 from the real failed-status fixture means the window is closed: send a template', () => {
    const payload = readFixture('whatsapp/status-failed-131047.json') as { entry: { changes: { value: { statuses: { errors: { code: number }[] }[] } }[] }[] };
    const code = payload.entry[0]!.changes[0]!.value.statuses[0]!.errors[0]!.code;
    expect(classifyProviderRefusal({ provider: 'whatsapp', providerCode: code }, T)).toEqual({ kind: 'window_closed', provider: 'whatsapp', providerCode: 131047, remedy: 'template', fact: { type: 'window_closed', timestamp: T } });
  });

  it('WhatsApp 131050 is a marketing opt-out, also when the code comes as a string', () => {
    const error = new SwitchboardError('SEND_REFUSED', 'user opted out', { provider: 'whatsapp', providerCode: '131050' });
    expect(classifyProviderRefusal(error, T)).toEqual({ kind: 'marketing_opt_out', provider: 'whatsapp', providerCode: 131050 });
  });

  it('VK 901 (from the fixture) and 950 refuse further messages until the user writes or allows again', () => {
    const body = readFixture('vk/error-response-901.json') as { error: { error_code: number } };
    const denied = classifyProviderRefusal({ provider: 'vk', providerCode: body.error.error_code }, T);
    expect(denied).toMatchObject({ kind: 'permission_denied', remedy: 'ask_permission', fact: { type: 'permission', allowed: false, timestamp: T } });
    const timedOut = classifyProviderRefusal({ provider: 'vk', providerCode: 950 }, T);
    expect(timedOut).toMatchObject({ kind: 'reply_timed_out', remedy: 'ask_permission' });

    if (timedOut?.kind !== 'reply_timed_out') return expect.unreachable('expected reply_timed_out');
    const state = applyWindowFact({ lastInboundAt: T - 1000, messagesAllowed: true, messagesAllowedAt: T - 1000 }, timedOut.fact, { rule: VK, now: T });
    expect(checkWindow({ rule: VK, conversation: state, now: T, kind: 'free_form' })).toMatchObject({ allowed: false, reason: 'denied' });
    const wroteAgain = applyWindowFact(state, { type: 'customer_message', timestamp: T + 5000 }, { rule: VK, now: T + 5000 });
    expect(checkWindow({ rule: VK, conversation: wroteAgain, now: T + 5000, kind: 'free_form' }).allowed).toBe(true);
  });

  it('VK intent errors change no state: 943 never succeeds with that intent, 944 may later', () => {
    expect(classifyProviderRefusal({ provider: 'vk', providerCode: 943 }, T)).toEqual({ kind: 'intent_refused', provider: 'vk', providerCode: 943, retryable: false });
    expect(classifyProviderRefusal({ provider: 'vk', providerCode: 944 }, T)).toEqual({ kind: 'intent_refused', provider: 'vk', providerCode: 944, retryable: true });
  });

  it('anything else is not a policy fact', () => {
    expect(classifyProviderRefusal({ provider: 'whatsapp', providerCode: 130429 }, T)).toBeNull();
    expect(classifyProviderRefusal({ provider: 'vk', providerCode: 6 }, T)).toBeNull();
    expect(classifyProviderRefusal({ provider: 'telegram', providerCode: 131050 }, T)).toBeNull();
    expect(classifyProviderRefusal({}, T)).toBeNull();
  });
});
