import { describe, expect, it } from 'vitest';
import { createWhatsAppAdapter } from '../../../../src/channels/whatsapp/index.js';
import type { WhatsAppAdapterConfig } from '../../../../src/channels/whatsapp/index.js';
import { isSwitchboardError } from '../../../../src/core/errors.js';
import { baseConfig } from './helpers.js';

function configError(config: unknown) {
  try {
    createWhatsAppAdapter(config as WhatsAppAdapterConfig);
  } catch (error) {
    if (isSwitchboardError(error)) return error;
    throw error;
  }
  throw new Error('expected INVALID_CONFIG');
}

describe('createWhatsAppAdapter config', () => {
  it('names the offending option', () => {
    expect(configError(baseConfig({ phoneNumberId: '+1 555' }))).toMatchObject({ code: 'INVALID_CONFIG', field: 'phoneNumberId' });
    expect(configError(baseConfig({ graphVersion: '25' }))).toMatchObject({ field: 'graphVersion' });
    expect(configError(baseConfig({ rateLimit: { perSecond: 5000 } }))).toMatchObject({ field: 'rateLimit.perSecond' });
    expect(configError(baseConfig({ appSecret: [] }))).toMatchObject({ field: 'appSecret' });
    expect(configError(baseConfig({ baseUrl: 'ftp://graph' }))).toMatchObject({ field: 'baseUrl' });
  });

  it('lists every problem at once', () => {
    const error = configError({ verifyToken: 'v' });
    for (const option of ['phoneNumberId', 'wabaId', 'accessToken', 'appSecret']) expect(error.message).toContain(option);
  });

  it('never echoes a secret, even in a config error', () => {
    const secret = 'my-very-secret-app-secret';
    const error = configError({ ...baseConfig(), appSecret: secret, phoneNumberId: secret });
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(error.message).not.toContain(secret);
  });

  it('exposes capabilities from the configuration', () => {
    const adapter = createWhatsAppAdapter(baseConfig({ rateLimit: { perSecond: 1000 } }));
    expect(adapter.capabilities).toMatchObject({ templates: true, window: { kind: 'session', durationMs: 86_400_000 }, maxTextLength: 4096, attachmentsPerMessage: 1, idempotentSends: false, rateLimit: { perSecond: 1000 } });
    expect(adapter.channel).toBe('whatsapp');
    expect(adapter.accountId).toBe('106540352242922');
  });
});
