import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWhatsAppWebhook, verifyWhatsAppSignature } from '../../../../src/channels/whatsapp/index.js';
import { fixtureBytes, signatureVectors } from './helpers.js';

const encoder = new TextEncoder();

describe('X-Hub-Signature-256 vectors (signatures.json)', () => {
  for (const vector of signatureVectors()) {
    it(`${vector.name}: ${vector.expect_valid ? 'verifies' : 'is refused'}`, () => {
      const bytes = fixtureBytes(vector.file);
      if (vector.header !== undefined) {
        expect(verifyWhatsAppSignature(bytes, vector.header, [vector.secret])).toBe(vector.expect_valid);
        if (vector.expect_valid) expect(signWhatsAppWebhook(bytes, vector.secret)).toBe(vector.header);
      }
      if (vector.header_of_these_bytes !== undefined) {
        // The re-serialised body has its own correct header, but not Meta's.
        expect(signWhatsAppWebhook(bytes, vector.secret)).toBe(vector.header_of_these_bytes);
      }
    });
  }

  it('the escaped-unicode body verifies and its re-serialised form does not carry the same signature', () => {
    const escaped = fixtureBytes('signature-bodies/wa-inbound-text-escaped.raw.json');
    const reserialised = fixtureBytes('signature-bodies/wa-inbound-text-reserialised.json');
    const header = signWhatsAppWebhook(escaped, 'test_app_secret');
    expect(header).toBe('sha256=2631be7ee13ae30328dad4bea453cef463ed7071ff350e69f46e213f2bdd7953');
    // A proxy that decoded \u00e9 to é (and \/ to /) changed the bytes: only the slash escape breaks it.
    expect(verifyWhatsAppSignature(reserialised, header, ['test_app_secret'])).toBe(false);
  });
});

describe('verifyWhatsAppSignature', () => {
  const body = encoder.encode('{"text":"Caf\\u00e9"}');
  const secret = 'test_app_secret';
  const good = signWhatsAppWebhook(body, secret);

  it('accepts the uppercase hex of the right digest', () => {
    expect(verifyWhatsAppSignature(body, `sha256=${good.slice(7).toUpperCase()}`, [secret])).toBe(true);
  });

  it('accepts raw UTF-8 when Meta signed the \\u-escaped form of the same text', () => {
    const raw = encoder.encode('{"text":"Café 👍"}');
    const metaSigned = signWhatsAppWebhook('{"text":"Caf\\u00e9 \\ud83d\\udc4d"}', secret);
    expect(verifyWhatsAppSignature(raw, metaSigned, [secret])).toBe(true);
    expect(verifyWhatsAppSignature(encoder.encode('{"text":"Cafe 👍"}'), metaSigned, [secret])).toBe(false);
  });

  it('accepts any configured secret during a rotation, and refuses once the old one is removed', () => {
    const oldSigned = signWhatsAppWebhook(body, 'old_secret_value');
    expect(verifyWhatsAppSignature(body, oldSigned, ['new_secret_value', 'old_secret_value'])).toBe(true);
    expect(verifyWhatsAppSignature(body, oldSigned, ['new_secret_value'])).toBe(false);
  });

  it('refuses missing, malformed, odd-length, non-hex, multibyte and wrong-prefix headers without throwing', () => {
    const hex = good.slice(7);
    const bad = [null, '', 'sha256=', hex, `sha1=${hex}`, `sha256=${hex.slice(1)}`, `sha256=${hex}0`, `sha256=${hex}${hex}`,
      `sha256=${'z'.repeat(64)}`, `sha256=${'é'.repeat(64)}`, `sha256=${hex.slice(0, 63)}g`, `SHA256=${hex}`, `sha256 = ${hex}`];
    for (const header of bad) expect(verifyWhatsAppSignature(body, header, [secret])).toBe(false);
  });

  it('refuses a body changed in any single byte', () => {
    fc.assert(fc.property(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const changed = body.slice();
      changed[at] = (changed[at] ?? 0) ^ xor;
      return !verifyWhatsAppSignature(changed, good, [secret]);
    }));
  });

  it('never throws for arbitrary headers and bodies, and accepts only the true signature', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), fc.string({ maxLength: 100 }), (bytes, header) => {
      const accepted = verifyWhatsAppSignature(bytes, header, [secret]);
      return accepted === (header.toLowerCase() === signWhatsAppWebhook(bytes, secret));
    }));
  });
});
