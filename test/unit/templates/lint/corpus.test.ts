import { describe, expect, it } from 'vitest';
import { evaluateCorpus, loadCorpus } from '../../../lint-corpus/evaluate.js';

const LANGUAGES = ['en', 'ru', 'es', 'pt', 'zh', 'tr', 'id', 'ar', 'hi', 'de', 'fr', 'it', 'uk', 'kk'];

describe('labelled corpus (test/lint-corpus)', () => {
  const corpus = loadCorpus();

  it('holds at least 300 templates of our own across every supported language, about half promotional', () => {
    const own = corpus.filter((e) => e.group !== 'research-seed');
    expect(own.length).toBeGreaterThanOrEqual(300);
    for (const language of LANGUAGES) expect(own.some((e) => e.language.split('_')[0] === language)).toBe(true);
    expect(own.some((e) => e.group === 'zh-hant') && own.some((e) => e.group === 'hi-latn')).toBe(true);
    const promotional = own.filter((e) => e.label === 'promotional').length;
    expect(promotional / own.length).toBeGreaterThan(0.4);
    expect(promotional / own.length).toBeLessThan(0.6);
    expect(own.filter((e) => e.label === 'otp').length).toBeGreaterThanOrEqual(15);
  });

  it('keeps promotional recall at 95 % or more and utility false positives at 3 % or less', () => {
    const { total, results } = evaluateCorpus(corpus);
    const misses = results.filter((r) => !r.correct).map((r) => `${r.entry.id}: ${r.entry.text}`);
    expect({ recall: total.promotionalRecall >= 0.95, falsePositives: total.utilityFalsePositiveRate <= 0.03, misses }).toMatchObject({ recall: true, falsePositives: true });
  });
});
