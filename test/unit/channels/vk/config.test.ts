import { describe, expect, it } from 'vitest';
import { createVkAdapter } from '../../../../src/channels/vk/index.js';
import type { VkAdapterConfig } from '../../../../src/channels/vk/index.js';
import { CONFIRMATION, GROUP_ID, SECRET, rejection } from './helpers.js';

const TOKEN = 'vk1.a.config-test-token-abcdefghijklmnopqrstuvwxyz';
const valid: VkAdapterConfig = { groupId: GROUP_ID, accessToken: TOKEN, secret: SECRET, confirmation: CONFIRMATION };

function configError(config: VkAdapterConfig) {
  try {
    createVkAdapter(config);
  } catch (error) {
    return error as { code: string; message: string; field?: string };
  }
  throw new Error('expected createVkAdapter to throw');
}

describe('createVkAdapter config', () => {
  it('applies the documented defaults', () => {
    const adapter = createVkAdapter({ ...valid, groupId: String(GROUP_ID) });
    expect(adapter.accountId).toBe('232142875');
    expect(adapter.groupId).toBe(GROUP_ID);
    expect(adapter.capabilities).toMatchObject({ templates: false, window: { kind: 'permission' }, maxTextLength: 4096, splitsLongText: true, idempotentSends: true, attachmentsPerMessage: 10, rateLimit: { perSecond: 20 } });
  });

  it('names each bad field in one INVALID_CONFIG error', () => {
    const error = configError({ groupId: -5, accessToken: 'x', secret: SECRET, confirmation: 'has space', apiVersion: '6' });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('groupId');
    expect(error.message).toContain('accessToken');
    expect(error.message).toContain('confirmation');
    expect(error.message).toContain('apiVersion');
  });

  it('requires secret and confirmation for the Callback API, not for Long Poll', () => {
    const error = configError({ groupId: GROUP_ID, accessToken: TOKEN });
    expect(error.message).toContain('secret');
    expect(error.message).toContain('confirmation');
    expect(() => createVkAdapter({ groupId: GROUP_ID, accessToken: TOKEN, transport: 'longpoll' })).not.toThrow();
  });

  it('refuses "remove" as a confirmation string, so the adapter can never answer it', () => {
    expect(configError({ ...valid, confirmation: 'remove' }).field).toBe('confirmation');
  });

  it('never puts the token into a config error', () => {
    const error = configError({ ...valid, baseUrl: 'ftp://nope', groupId: 0 });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error.message).not.toContain(TOKEN);
  });

  it('a Long Poll adapter refuses callbacks with 403, a callback adapter refuses poll()', async () => {
    const lp = createVkAdapter({ groupId: GROUP_ID, accessToken: TOKEN, transport: 'longpoll' });
    const result = await lp.handleWebhook(new Request('https://x.test/vk', { method: 'POST', body: '{}' }));
    expect(result.response.status).toBe(403);
    const error = await rejection(createVkAdapter(valid).poll({ signal: new AbortController().signal, onEvents: () => undefined }));
    expect(error.code).toBe('INVALID_CONFIG');
  });
});
