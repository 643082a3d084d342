import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../../src/core/errors.js';
import { decodeCursor, encodeCursor } from '../../../src/ports/page.js';
import { parsePageRequest } from '../../../src/ports/page.js';

describe('cursors', () => {
  it('decode what they encode, for any key of strings and safe integers', () => {
    fc.assert(
      fc.property(fc.string(), fc.maxSafeInteger(), (text, n) => {
        expect(decodeCursor(encodeCursor([n, text]), ['number', 'string'] as const)).toEqual([n, text]);
      }),
    );
  });

  it('are made of base64url characters only, so they pass through URLs unescaped', () => {
    fc.assert(fc.property(fc.string(), (text) => /^[A-Za-z0-9_-]+$/.test(encodeCursor([text]))));
  });

  it('made for another key shape are refused with INVALID_CURSOR', () => {
    const cursor = encodeCursor([1, 'cv_x']);
    expect(() => decodeCursor(cursor, ['string'] as const)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    expect(() => decodeCursor(cursor, ['string', 'string'] as const)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    expect(() => decodeCursor(encodeCursor([1.5]), ['number'] as const)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
  });

  it('never decode arbitrary text into a position: anything not made by encodeCursor is INVALID_CURSOR', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (text) => {
        try {
          decodeCursor(text, ['number', 'string'] as const);
          return false;
        } catch (error) {
          return hasErrorCode(error, 'INVALID_CURSOR');
        }
      }),
    );
  });
});

describe('page requests', () => {
  it('default the limit to 50 and accept 1 to 500', () => {
    expect(parsePageRequest(undefined, 'x')).toEqual({ cursor: undefined, limit: 50 });
    expect(parsePageRequest({ limit: 500 }, 'x').limit).toBe(500);
  });

  it('refuse a bad limit with INVALID_INPUT naming the field, and a non-token cursor with INVALID_CURSOR', () => {
    expect(() => parsePageRequest({ limit: 501 }, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'limit' }));
    expect(() => parsePageRequest({ limit: 2.5 }, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'limit' }));
    expect(() => parsePageRequest({ cursor: 'a b' }, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR', field: 'page.cursor' }));
    expect(() => parsePageRequest({ cursor: '' }, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    expect(() => parsePageRequest({ offset: 3 }, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
