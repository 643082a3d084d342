import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CandidateList } from '../../../../src/templates/lint/candidate-list.js';
import { buildTermIndex } from '../../../../src/templates/lint/term-index.js';
import type { TermIndex } from '../../../../src/templates/lint/term-index.js';
import { parseTerm } from '../../../../src/templates/lint/term-pattern.js';
import { unitsOf } from '../../../../src/templates/lint/text-units.js';

// The scan's property tests prove the index never leaves out a term that matches; these prove it
// leaves out the terms whose literal beginning is not there, which is what makes it fast.

const TERMS = [
  'free shipping', 'freedom', 'free', 'votre commande annulee', 'votre colis', 'commande*', 'a partir de', 'e-mail', '#% off', 'скидк*',
  '# (months|days) free', '#%-(ға|ке) дейін',
];
const indexOf = (terms: readonly string[]): TermIndex => buildTermIndex(terms.map((term) => parseTerm(term, 'default', 'xx')));
const index = indexOf(TERMS);

function proposed(text: string, terms: readonly string[] = TERMS, by: TermIndex = index): string[] {
  const out = new CandidateList();
  by.candidatesAt(text, unitsOf(text), 0, out);
  return out.items.slice(0, out.count).map((n) => terms[n] ?? '?');
}

describe('term index', () => {
  it('proposes the terms whose literal beginning the text goes on with, and only those', () => {
    expect(proposed('free shipping today')).toEqual(['free shipping', 'free']);
    expect(proposed('free - shipping')).toEqual(['free shipping', 'free']);
    expect(proposed('free  -  shipping')).toEqual(['free']);
    expect(proposed('free shopping')).toEqual(['free']);
    expect(proposed('freedom')).toEqual(['freedom', 'free']);
    expect(proposed('fresh')).toEqual([]);
    expect(proposed('votre commande annulee')).toEqual(['votre commande annulee']);
    expect(proposed('votre commande a-1042')).toEqual([]);
    expect(proposed('votre commando annulee')).toEqual([]);
    expect(proposed('votre colis')).toEqual(['votre colis']);
    expect(proposed('votre co')).toEqual([]);
    expect(proposed('commandes')).toEqual(['commande*']);
    expect(proposed('a partir de 10')).toEqual(['a partir de']);
    expect(proposed('a-1042')).toEqual([]);
    expect(proposed('e-mail')).toEqual(['e-mail']);
    expect(proposed('e mail')).toEqual([]);
    expect(proposed('20% off')).toEqual(['#% off']);
    expect(proposed('скидками')).toEqual(['скидк*']);
  });

  it('proposes an amount-led term where the amount is followed by what the term goes on with', () => {
    expect(proposed('20% off')).toEqual(['#% off']);
    expect(proposed('20 % - off')).toEqual(['#% off']);
    expect(proposed('20%off')).toEqual([]);
    expect(proposed('20% на всё')).toEqual([]);
    expect(proposed('3 months free')).toEqual(['# (months|days) free']);
    expect(proposed('3 days')).toEqual(['# (months|days) free']);
    expect(proposed('3 mins')).toEqual([]);
    expect(proposed('30%-ға дейін')).toEqual(['#%-(ға|ке) дейін']);
    expect(proposed('30% ға')).toEqual([]);
    // A literal that starts with a separator may take one of the separators before it: such a
    // term is proposed wherever its `%` follows an amount.
    const dashed = ['#% -x'];
    const byDashed = indexOf(dashed);
    expect(proposed('5%  -x', dashed, byDashed)).toEqual(dashed);
    expect(proposed('5% y', dashed, byDashed)).toEqual(dashed);
  });

  it('proposes a term exactly when the text starts with one of its literal beginnings, separators taken as one to three spaces or hyphens (property)', () => {
    const literal = (term: string): string => term.replace(/\*$/u, '');
    const words = fc.constantFrom('free', 'freedom', 'fre', 'shipping', 'ship', 'votre', 'commande', 'comman', 'annulee', 'colis', 'co', 'a', 'partir', 'de', 'e', 'mail', '-mail', 'скидк', 'скидка');
    const separators = fc.constantFrom(' ', '-', '  ', ' - ', '---', '', '.');
    fc.assert(
      fc.property(fc.array(fc.tuple(words, separators), { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([word, separator]) => word + separator).join('');
        const expected = TERMS.filter((term) => !term.startsWith('#')).filter((term) => {
          const [first, ...rest] = literal(term).split(' ');
          // A space in a term takes one to three spaces or hyphens; its literal `-` takes a hyphen.
          const pattern = new RegExp(`^${[first, ...rest].join('[ -]{1,3}')}`, 'u');
          return pattern.test(text);
        });
        expect(proposed(text)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
