import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual, matchesAnyDigest, parseHex, parseJsonBytes, readBodyBytes, webhookErrorResponse,
} from '../../../../src/channels/webhook/index.js';
import { hasErrorCode } from '../../../../src/core/errors.js';

const encoder = new TextEncoder();

describe('readBodyBytes', () => {
  it('returns the exact bytes received', async () => {
    const bytes = encoder.encode('{"a":"\\u00e9 é"}');
    const read = await readBodyBytes(new Request('https://x.test', { method: 'POST', body: bytes }), 1_000);
    expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses a declared Content-Length above the limit before reading', async () => {
    const request = new Request('https://x.test', { method: 'POST', body: 'x'.repeat(11), headers: { 'content-length': '11' } });
    await expect(readBodyBytes(request, 10)).rejects.toSatisfy((e: unknown) => hasErrorCode(e, 'WEBHOOK_PAYLOAD_TOO_LARGE'));
  });

  it('refuses a streamed body that grows past the limit', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(4));
        controller.close();
      },
    });
    const request = new Request('https://x.test', { method: 'POST', body: stream, duplex: 'half' });
    await expect(readBodyBytes(request, 10)).rejects.toSatisfy((e: unknown) => hasErrorCode(e, 'WEBHOOK_PAYLOAD_TOO_LARGE'));
  });

  it('accepts a body of exactly the limit and an empty body', async () => {
    expect((await readBodyBytes(new Request('https://x.test', { method: 'POST', body: 'x'.repeat(10) }), 10)).byteLength).toBe(10);
    expect((await readBodyBytes(new Request('https://x.test', { method: 'POST' }), 10)).byteLength).toBe(0);
  });

  it('refuses a body that was already consumed', async () => {
    const request = new Request('https://x.test', { method: 'POST', body: '{}' });
    await request.text();
    await expect(readBodyBytes(request, 10)).rejects.toSatisfy((e: unknown) => hasErrorCode(e, 'WEBHOOK_MALFORMED_BODY'));
  });
});

describe('constant-time helpers', () => {
  it('constantTimeEqual agrees with === for any strings, including different lengths', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b)));
    expect(constantTimeEqual('token', 'token')).toBe(true);
    expect(constantTimeEqual('é', 'e')).toBe(false);
  });

  it('parseHex accepts exactly the requested length of hex and nothing else', () => {
    expect(parseHex('ab'.repeat(32), 32)?.byteLength).toBe(32);
    expect(parseHex('AB'.repeat(32), 32)?.byteLength).toBe(32);
    for (const bad of ['ab'.repeat(31), 'ab'.repeat(33), 'zz'.repeat(32), `${'ab'.repeat(31)}a`, 'é'.repeat(64)]) {
      expect(parseHex(bad, 32)).toBeUndefined();
    }
  });

  it('matchesAnyDigest finds a match among several and ignores other lengths', () => {
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    expect(matchesAnyDigest(b, [a, b])).toBe(true);
    expect(matchesAnyDigest(b, [a, Buffer.alloc(16, 2)])).toBe(false);
  });
});

describe('parseJsonBytes', () => {
  it('parses valid UTF-8 JSON', () => { expect(parseJsonBytes(encoder.encode('{"a":[1,"é"]}'))).toEqual({ a: [1, 'é'] }); });
  it('refuses invalid UTF-8, invalid JSON and prototype-poisoning keys with a typed error', () => {
    const bad = [
      new Uint8Array([0x7b, 0xff, 0x7d]),
      encoder.encode('{"a":'),
      encoder.encode('{"x":{"__proto__":{"polluted":true}}}'),
      encoder.encode('{"constructor":{"prototype":{"polluted":true}}}'),
    ];
    for (const bytes of bad) expect(() => parseJsonBytes(bytes)).toThrow(expect.objectContaining({ code: 'WEBHOOK_MALFORMED_BODY' }));
  });
  it('throws only typed errors for arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try { parseJsonBytes(bytes); } catch (error) { return hasErrorCode(error, 'WEBHOOK_MALFORMED_BODY'); }
      return true;
    }));
  });
});

describe('webhookErrorResponse', () => {
  it('answers plain text with the status of the code', async () => {
    const response = webhookErrorResponse('WEBHOOK_BAD_SIGNATURE');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toBe('bad signature');
    expect(webhookErrorResponse('WEBHOOK_METHOD_NOT_ALLOWED', 'GET, POST').headers.get('allow')).toBe('GET, POST');
  });
});
