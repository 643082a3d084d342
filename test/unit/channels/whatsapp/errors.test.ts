import { describe, expect, it } from 'vitest';
import { classifyGraphCode } from '../../../../src/channels/whatsapp/index.js';

describe('Graph error classification', () => {
  const table: [number, string, boolean, string | undefined][] = [
    [130429, 'WHATSAPP_RATE_LIMITED', true, 'retry_later'],
    [131056, 'WHATSAPP_PAIR_RATE_LIMITED', true, 'retry_later'],
    [80007, 'WHATSAPP_RATE_LIMITED', true, 'retry_later'],
    [80008, 'WHATSAPP_RATE_LIMITED', true, 'retry_later'],
    [4, 'WHATSAPP_RATE_LIMITED', true, 'retry_later'],
    [2, 'WHATSAPP_TEMPORARY_ERROR', true, 'retry_later'],
    [131000, 'WHATSAPP_TEMPORARY_ERROR', true, 'retry_later'],
    [133004, 'WHATSAPP_TEMPORARY_ERROR', true, 'retry_later'],
    [100, 'WHATSAPP_INVALID_REQUEST', false, 'fix_input'],
    [131026, 'WHATSAPP_RECIPIENT_UNAVAILABLE', false, 'none'],
    [131047, 'WHATSAPP_WINDOW_CLOSED', false, 'template'],
    [131050, 'WHATSAPP_MARKETING_OPT_OUT', false, 'opt_in'],
    [132000, 'WHATSAPP_TEMPLATE_ERROR', false, 'fix_input'],
    [132001, 'WHATSAPP_TEMPLATE_ERROR', false, 'fix_input'],
    [132015, 'WHATSAPP_TEMPLATE_ERROR', false, 'fix_input'],
    [132016, 'WHATSAPP_TEMPLATE_ERROR', false, 'fix_input'],
    [132018, 'WHATSAPP_TEMPLATE_ERROR', false, 'fix_input'],
    [190, 'WHATSAPP_AUTH_FAILED', false, 'refresh_token'],
    [250, 'WHATSAPP_PERMISSION_DENIED', false, 'fix_input'],
    [368, 'WHATSAPP_ACCOUNT_RESTRICTED', false, 'none'],
    [999_999, 'WHATSAPP_PROVIDER_ERROR', false, undefined],
  ];
  for (const [graphCode, code, retryable, remedy] of table) {
    it(`${graphCode} → ${code}, ${retryable ? 'retry' : 'do not retry'}`, () => {
      const klass = classifyGraphCode(graphCode);
      expect(klass.code).toBe(code);
      expect(klass.retryable).toBe(retryable);
      expect(klass.remedy).toBe(remedy);
    });
  }

  it('131049 may be retried only after 24 hours', () => {
    expect(classifyGraphCode(131049)).toEqual({ code: 'WHATSAPP_ENGAGEMENT_LIMIT', retryable: true, retryAfterMs: 86_400_000, remedy: 'retry_later' });
  });
});
