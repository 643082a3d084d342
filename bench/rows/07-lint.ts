/**
 * Lint throughput: `lintTemplate` on one-kilobyte UTILITY templates in every language that has a
 * lexicon (all lexicons compiled before timing), on one core. Texts come from the labelled lint
 * corpus (test/lint-corpus), concatenated to ~1 KiB: once with every sentence (about half are
 * promotional), once with the utility-labelled sentences only (a clean notification).
 */
import { readFileSync } from 'node:fs';
import { LEXICON_LANGUAGES, lintTemplate } from '../../src/templates/index.js';
import type { LintableTemplate } from '../../src/templates/index.js';
import { compareThroughput } from '../lib/measure.js';
import type { CaseResult } from '../lib/measure.js';
import { measured } from '../lib/result.js';
import { formatNumber } from '../lib/table.js';
import type { BenchRow } from '../lib/result.js';

const TARGET_PER_SECOND = 20_000;
const BYTES = 1_024;
const PER_LANGUAGE = 4;
// Lexicon language → corpus file, where they differ.
const CORPUS_FILE: Readonly<Record<string, string>> = { zh: 'zh-hans' };

interface CorpusEntry {
  language: string;
  label: string;
  text: string;
}

function corpus(language: string): CorpusEntry[] {
  const file = new URL(`../../test/lint-corpus/${CORPUS_FILE[language] ?? language}.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusEntry[];
}

/** Sentences from `offset` on (cycling), placeholders replaced by plain values, up to 1 KiB of UTF-8. */
function kilobyteBody(entries: readonly CorpusEntry[], offset: number): string {
  const sentences = entries.map((e) => e.text.replace(/\{\{\s*\w+\s*\}\}/gu, 'A-1042'));
  let body = '';
  for (let i = 0; i < sentences.length * 8; i++) {
    const next = sentences[(offset + i) % sentences.length] ?? '';
    const candidate = body === '' ? next : `${body} ${next}`;
    if (Buffer.byteLength(candidate) > BYTES || candidate.length > 1_024) break;
    body = candidate;
  }
  return body;
}

/**
 * `mixed`: every corpus sentence; `utility`: only those labelled utility. The templates go
 * through `JSON.parse`, as a CRM's templates come from its API or database: bodies the benchmark
 * built by concatenation would be V8 ropes, slower to read character by character than the flat
 * strings any real template is.
 */
function kilobyteTemplates(kind: 'mixed' | 'utility'): LintableTemplate[] {
  const templates: LintableTemplate[] = [];
  for (const language of LEXICON_LANGUAGES) {
    const all = corpus(language);
    const entries = kind === 'mixed' ? all : all.filter((e) => e.label === 'utility');
    const locale = all[0]?.language ?? language;
    for (let k = 0; k < PER_LANGUAGE; k++) {
      const offset = Math.floor((k * entries.length) / PER_LANGUAGE);
      templates.push({ name: `bench_${language}_${k}`, language: locale, category: 'UTILITY', body: kilobyteBody(entries, offset) });
    }
  }
  return JSON.parse(JSON.stringify(templates)) as LintableTemplate[];
}

function describe(templates: readonly LintableTemplate[], findings: number): string {
  const bytes = templates.reduce((sum, t) => sum + Buffer.byteLength(t.body), 0) / templates.length;
  const chars = templates.reduce((sum, t) => sum + t.body.length, 0) / templates.length;
  return `${templates.length} templates (${PER_LANGUAGE} per language), mean ${bytes.toFixed(0)} bytes / ${chars.toFixed(0)} chars, ${(findings / templates.length).toFixed(1)} issues per template`;
}

function perCpuSecond(result: CaseResult): string {
  return formatNumber(1e6 / result.cpuMicrosPerOp);
}

function cycle(templates: readonly LintableTemplate[]): () => number {
  let n = 0;
  return () => {
    const template = templates[n++ % templates.length];
    return template === undefined ? 0 : lintTemplate(template).issues.length;
  };
}

const row: BenchRow = {
  id: 'lint',
  async run({ budget }) {
    const mixed = kilobyteTemplates('mixed');
    const utility = kilobyteTemplates('utility');
    // Compile every lexicon before timing ("all languages loaded"); the first pass is the cold start.
    const coldStart = performance.now();
    let mixedFindings = 0;
    for (const template of mixed) mixedFindings += lintTemplate(template).issues.length;
    const coldMs = performance.now() - coldStart;
    let utilityFindings = 0;
    for (const template of utility) utilityFindings += lintTemplate(template).issues.length;

    const [lintMixed, lintUtility] = await compareThroughput([
      { name: 'mixed', kind: 'sync', op: cycle(mixed) },
      { name: 'utility', kind: 'sync', op: cycle(utility) },
    ], budget);
    if (lintMixed === undefined || lintUtility === undefined) throw new Error('missing case result');

    const reference = { name: 'target (issue): 20,000/s on one core', value: TARGET_PER_SECOND };
    const languages = `${LEXICON_LANGUAGES.length} languages (${LEXICON_LANGUAGES.join(' ')})`;
    return [
      measured({
        name: 'Lint: lintTemplate, 1 KiB, promo + utility text', unit: 'templates/s', value: lintMixed.opsPerSecond, better: 'higher', reference,
        note: `${describe(mixed, mixedFindings)}; ${languages}; single thread, ${perCpuSecond(lintMixed)}/s per CPU-second; the reference is a target, not a measurement. Cold start (first pass, compiling every lexicon): ${coldMs.toFixed(0)} ms.`,
      }),
      measured({
        name: 'Lint: lintTemplate, 1 KiB, utility text only', unit: 'templates/s', value: lintUtility.opsPerSecond, better: 'higher', reference,
        note: `${describe(utility, utilityFindings)}: the common case, a clean notification. ${perCpuSecond(lintUtility)}/s per CPU-second.`,
      }),
    ];
  },
};

export default row;
