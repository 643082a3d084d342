import { describe, expect, it } from 'vitest';
import { lintTemplate } from '../../../../src/templates/lint/index.js';
import type { LintableTemplate, LintIssueCode } from '../../../../src/templates/lint/index.js';

const base: LintableTemplate = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  body: 'Hello {{1}}, your order {{2}} has shipped and will arrive tomorrow.',
  variables: [
    { name: '1', example: 'Anna' },
    { name: '2', example: 'A-1042' },
  ],
};
const codes = (t: Partial<LintableTemplate>): LintIssueCode[] => lintTemplate({ ...base, ...t }).issues.map((i) => i.code);

describe('structural rules', () => {
  it('accepts a well-formed utility template', () => {
    expect(lintTemplate(base)).toEqual({ ok: true, issues: [] });
  });

  it('requires lowercase names of letters, digits and underscores', () => {
    expect(codes({ name: 'Order-Update' })).toContain('NAME_INVALID');
    expect(codes({ name: 'order_update_2' })).not.toContain('NAME_INVALID');
  });

  it('limits the text header to 60 characters and one variable, without emoji or formatting', () => {
    expect(codes({ header: { type: 'text', text: 'x'.repeat(61) } })).toContain('HEADER_TOO_LONG');
    expect(codes({ header: { type: 'text', text: 'Order {{1}} for {{2}}' } })).toContain('HEADER_TOO_MANY_VARIABLES');
    expect(codes({ header: { type: 'text', text: 'Your order 📦' } })).toContain('HEADER_UNSUPPORTED_CHARACTERS');
    expect(codes({ header: { type: 'text', text: '*Order* update' } })).toContain('HEADER_UNSUPPORTED_CHARACTERS');
  });

  it('limits the body to 1024 characters (counted in code points) and rejects an empty body', () => {
    expect(codes({ body: `Your order is ready. ${'a'.repeat(1010)}` })).toContain('BODY_TOO_LONG');
    expect(codes({ body: `Your order is ready. ${'😀'.repeat(20)}${'a'.repeat(980)}` })).not.toContain('BODY_TOO_LONG');
    expect(codes({ body: '   ', variables: [] })).toContain('BODY_EMPTY');
  });

  it('limits the footer to 60 characters and forbids variables in it', () => {
    expect(codes({ footer: 'f'.repeat(61) })).toContain('FOOTER_TOO_LONG');
    expect(codes({ footer: 'Reply {{1}} to stop' })).toContain('FOOTER_HAS_VARIABLE');
  });

  it('rejects a variable at the start or the end of the body, even before punctuation', () => {
    expect(codes({ body: '{{1}}, your order {{2}} has shipped and will arrive tomorrow.' })).toContain('VARIABLE_AT_START');
    expect(codes({ body: 'Hello {{1}}, your order has shipped and the number is {{2}}.' })).toContain('VARIABLE_AT_END');
  });

  it('rejects adjacent variables', () => {
    const result = lintTemplate({ ...base, body: 'Hello {{1}} {{2}}, your order has shipped and will arrive tomorrow.' });
    const adjacent = result.issues.find((i) => i.code === 'VARIABLES_ADJACENT');
    expect(adjacent?.span).toEqual({ part: 'body', start: 6, end: 17 });
  });

  it('requires positional variables numbered 1..n in order, once each', () => {
    expect(codes({ body: 'Hello {{2}}, your order {{1}} has shipped and will arrive tomorrow.' })).toContain('VARIABLES_NOT_SEQUENTIAL');
    expect(codes({ body: 'Hello {{1}}, your order {{3}} has shipped and will arrive tomorrow.' })).toContain('VARIABLES_NOT_SEQUENTIAL');
    expect(codes({ body: 'Hello {{1}}, your order {{1}} has shipped and will arrive tomorrow.' })).toContain('VARIABLES_NOT_SEQUENTIAL');
  });

  it('rejects mixing named and positional variables, and malformed placeholders', () => {
    expect(codes({ body: 'Hello {{first_name}}, your order {{2}} has shipped and arrives soon.', variables: [{ name: 'first_name', example: 'Anna' }, { name: '2', example: 'A1' }] })).toContain('VARIABLES_MIXED_FORMAT');
    expect(codes({ body: 'Hello {{ First Name }}, your order has shipped and will arrive tomorrow.' })).toContain('VARIABLE_MALFORMED');
    expect(codes({ body: 'Hello {{1}, your order {{2}} has shipped and will arrive tomorrow.' })).toContain('VARIABLE_MALFORMED');
  });

  it('requires at least 2n+1 words of fixed text for n variables', () => {
    expect(codes({ body: 'Hi {{1}}, order {{2}} shipped.' })).toContain('TOO_MANY_VARIABLES_FOR_LENGTH');
    expect(codes({ body: 'Hi {{1}}, your order {{2}} has shipped.' })).not.toContain('TOO_MANY_VARIABLES_FOR_LENGTH');
    // Chinese has no spaces: two characters count as one word.
    expect(codes({ language: 'zh_CN', body: '您好{{1}}，您的订单{{2}}已发货，请注意查收。' })).not.toContain('TOO_MANY_VARIABLES_FOR_LENGTH');
  });

  it('requires an example for every variable and warns about unused ones', () => {
    const result = lintTemplate({ ...base, variables: [{ name: '1', example: 'Anna' }, { name: '3', example: 'x' }] });
    const missing = result.issues.find((i) => i.code === 'EXAMPLE_MISSING');
    expect(missing?.span).toEqual({ part: 'body', start: 24, end: 29 });
    expect(result.issues.find((i) => i.code === 'VARIABLE_UNUSED')).toMatchObject({ severity: 'warning', span: { part: 'example', index: 1 } });
  });

  it('enforces button counts, label length, grouping and URL rules', () => {
    const qr = (text: string) => ({ type: 'quick_reply' as const, text });
    expect(codes({ buttons: Array.from({ length: 11 }, (_, i) => qr(`Option ${i}`)) })).toContain('BUTTONS_TOO_MANY');
    expect(codes({ buttons: [{ type: 'phone_number', text: 'Call', phoneNumber: '+15550100' }, { type: 'phone_number', text: 'Call 2', phoneNumber: '+15550101' }] })).toContain('BUTTON_TYPE_LIMIT');
    expect(codes({ buttons: [qr('This label is far too long for a button')] })).toContain('BUTTON_LABEL_TOO_LONG');
    expect(codes({ buttons: [qr('Yes'), { type: 'url', text: 'Track', url: 'https://shop.example/t/{{1}}' }, qr('No')], variables: [...base.variables!, { name: '1', example: 'x' }] })).toContain('QUICK_REPLIES_NOT_GROUPED');
    expect(codes({ buttons: [{ type: 'url', text: 'Track', url: 'https://shop.example/{{1}}/track' }] })).toContain('BUTTON_URL_INVALID');
    expect(codes({ buttons: [{ type: 'url', text: 'Chat', url: 'https://wa.me/15550100' }] })).toContain('BUTTON_URL_INVALID');
  });

  it('rejects URL shorteners in text and buttons', () => {
    expect(codes({ body: 'Hello {{1}}, track order {{2}} at https://bit.ly/abc123 any time.' })).toContain('URL_SHORTENER');
    expect(codes({ buttons: [{ type: 'url', text: 'Track', url: 'https://tinyurl.com/xyz' }] })).toContain('URL_SHORTENER');
  });

  it('caps emoji at 6 in UTILITY and 10 in MARKETING', () => {
    const body = 'Hello {{1}}, your order {{2}} has shipped 📦🚚✅🎯🧾📍📬 and arrives tomorrow.';
    expect(codes({ body })).toContain('TOO_MANY_EMOJI');
    expect(codes({ body, category: 'MARKETING' })).not.toContain('TOO_MANY_EMOJI');
  });

  it('keeps authentication templates free of links, media, emoji and long parameters', () => {
    const auth: LintableTemplate = { name: 'login_code', language: 'en', category: 'AUTHENTICATION', body: 'Your login code is {{1}} and it expires in ten minutes, do not share it 🔒.', variables: [{ name: '1', example: '1234567890123456' }] };
    const found = lintTemplate(auth).issues.map((i) => i.code);
    expect(found).toContain('AUTHENTICATION_CONTENT_NOT_ALLOWED');
    expect(found).toContain('AUTHENTICATION_PARAMETER_TOO_LONG');
    expect(lintTemplate({ ...auth, body: 'Your code is {{1}}. Details: https://example.com/help for more.', variables: [{ name: '1', example: '123456' }] }).issues.map((i) => i.code)).toContain('AUTHENTICATION_CONTENT_NOT_ALLOWED');
    expect(lintTemplate({ ...auth, header: { type: 'image' } }).issues.map((i) => i.code)).toContain('AUTHENTICATION_CONTENT_NOT_ALLOWED');
  });
});
