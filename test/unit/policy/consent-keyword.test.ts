import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_KEYWORD_LANGUAGES, CONSENT_KEYWORDS, detectConsentKeyword, foldKeywordText } from '../../../src/policy/index.js';

const LISTED = new Set(
  CONSENT_KEYWORD_LANGUAGES.flatMap((language) => {
    const { optOut, optOutAll, optIn, resume } = CONSENT_KEYWORDS[language];
    return [...optOut, ...optOutAll, ...optIn, ...resume].map((word) => foldKeywordText(word));
  }),
);

describe('detectConsentKeyword: bare replies only', () => {
  it('recognises the SMS industry opt-outs as a marketing opt-out and STOPALL as stop-everything', () => {
    for (const word of ['STOP', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT-OUT', 'opt out']) {
      expect(detectConsentKeyword(word), word).toMatchObject({ action: 'opt_out', scope: 'marketing', language: 'en' });
    }
    expect(detectConsentKeyword('STOPALL')).toMatchObject({ action: 'opt_out', scope: 'all' });
    expect(detectConsentKeyword('stop all')).toMatchObject({ action: 'opt_out', scope: 'all' });
  });

  it('recognises START and UNSTOP as resume and SUBSCRIBE as an explicit marketing opt-in', () => {
    expect(detectConsentKeyword('START')).toMatchObject({ action: 'opt_in', scope: 'all' });
    expect(detectConsentKeyword('unstop')).toMatchObject({ action: 'opt_in', scope: 'all' });
    expect(detectConsentKeyword('СТАРТ')).toMatchObject({ action: 'opt_in', scope: 'all' });
    expect(detectConsentKeyword('Subscribe')).toMatchObject({ action: 'opt_in', scope: 'marketing' });
  });

  it('does not read a keyword inside a sentence: "we have to stop this bill" is not an opt-out', () => {
    for (const text of ['we have to stop this bill', 'Please stop', 'STOP PLEASE', 'стоп, а где заказ?', 'can I cancel my order?', 'yes', 'START the engine']) {
      expect(detectConsentKeyword(text), text).toBeNull();
    }
  });

  it('folds case, width, accents, invisible characters and surrounding punctuation or emoji', () => {
    for (const text of ['  stop ', 'Stop!', 'ＳＴＯＰ', 'S\u200BTOP', '«СТОП»', 'STOP 🛑', 'stop.', '\u202Bإيقاف\u202C', 'arrêt', 'ARRET']) {
      expect(detectConsentKeyword(text), JSON.stringify(text)).toMatchObject({ action: 'opt_out' });
    }
    expect(detectConsentKeyword('ايقاف', { language: 'ar' })).toMatchObject({ action: 'opt_out', language: 'ar' });
    expect(foldKeywordText('İPTAL')).toBe('iptal');
    expect(foldKeywordText('ıptal')).toBe('iptal');
    expect(foldKeywordText('СТОП   ВСЁ')).toBe('стоп все');
  });

  it('knows a keyword in every language the linter supports', () => {
    const samples: Record<string, string> = {
      ru: 'ОТПИСАТЬСЯ', uk: 'ВІДПИСАТИСЯ', kk: 'ТОҚТАТУ', es: 'BAJA', pt: 'SAIR', zh: '退订', tr: 'DUR', id: 'BERHENTI',
      ar: 'إيقاف', hi: 'बंद करें', de: 'ABMELDEN', fr: 'DÉSABONNER', it: 'DISISCRIVIMI', en: 'STOP',
    };
    for (const language of CONSENT_KEYWORD_LANGUAGES) {
      expect(detectConsentKeyword(samples[language]!, { language }), language).toMatchObject({ action: 'opt_out', language });
    }
    expect(detectConsentKeyword('TD', { language: 'zh_CN' })).toMatchObject({ action: 'opt_out', language: 'zh' });
  });

  it('with a language, checks that language and English only; without one, every list', () => {
    expect(detectConsentKeyword('BAJA', { language: 'ru' })).toBeNull();
    expect(detectConsentKeyword('STOP', { language: 'ru' })).toMatchObject({ language: 'en' });
    expect(detectConsentKeyword('BAJA', { language: 'es-MX' })).toMatchObject({ language: 'es' });
    expect(detectConsentKeyword('BAJA', { language: 'sv' })).toMatchObject({ language: 'es' });
    expect(detectConsentKeyword('BAJA')).toMatchObject({ language: 'es' });
  });

  it('accepts host keywords, e.g. the word a template promises', () => {
    expect(detectConsentKeyword('pause offers', { extra: { optOut: ['PAUSE OFFERS'] } })).toEqual({ action: 'opt_out', scope: 'marketing', keyword: 'pause offers', language: 'custom' });
    expect(detectConsentKeyword('pause offers')).toBeNull();
  });

  it('has no word listed both as an opt-out and an opt-in, in any pair of languages', () => {
    const actions = new Map<string, Set<string>>();
    for (const language of CONSENT_KEYWORD_LANGUAGES) {
      const list = CONSENT_KEYWORDS[language];
      for (const [kind, words] of Object.entries(list)) {
        for (const word of words as readonly string[]) {
          const folded = foldKeywordText(word);
          const set = actions.get(folded) ?? new Set<string>();
          set.add(kind.startsWith('optOut') ? 'out' : 'in');
          actions.set(folded, set);
        }
      }
    }
    expect([...actions].filter(([, set]) => set.size > 1)).toEqual([]);
  });

  it('never matches any text longer than a bare keyword reply or containing one among other words (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /\p{L}/u.test(s)), fc.constantFrom('STOP', 'СТОП', 'BAJA', '退订', 'START'), (word, keyword) => {
        fc.pre(detectConsentKeyword(word) === null);
        for (const text of [`${word} ${keyword}`, `${keyword} ${word}`]) {
          fc.pre(!LISTED.has(foldKeywordText(text))); // "STOP" + "ALL" is itself a listed phrase
          expect(detectConsentKeyword(text)).toBeNull();
        }
      }),
    );
  });
});
