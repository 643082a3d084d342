/**
 * Scores the category linter on the labelled corpus in this folder. Shared by the regression
 * test (test/unit/templates/lint/corpus.test.ts) and `npm run lint:eval` (test/lint-corpus/lint-eval.ts).
 *
 * Every text is linted as if submitted as a UTILITY template, the case the linter guards:
 * - a `promotional` text is caught when it gets a PROMOTIONAL_CONTENT error;
 * - a `utility` text is a false positive when it gets any wording error;
 * - an `otp` text is caught when it gets ONE_TIME_CODE_NOT_AUTHENTICATION.
 * Warnings never count: they are the linter's way of saying "ambiguous, have a look".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { lintText } from '../../src/templates/lint/index.js';
import type { LintIssue } from '../../src/templates/lint/index.js';

const entrySchema = z
  .object({
    id: z.string().min(1),
    language: z.string().min(2),
    category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']),
    label: z.enum(['promotional', 'utility', 'otp']),
    text: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();

export type CorpusEntry = z.infer<typeof entrySchema> & { readonly group: string };
export type Verdict = 'promotional' | 'utility' | 'otp';

export interface EntryResult {
  readonly entry: CorpusEntry;
  readonly predicted: Verdict;
  readonly correct: boolean;
  readonly issues: readonly LintIssue[];
}

export interface GroupScore {
  readonly group: string;
  /** confusion[actual][predicted] */
  readonly confusion: Record<Verdict, Record<Verdict, number>>;
  readonly promotionalRecall: number;
  readonly utilityFalsePositiveRate: number;
  readonly otpRecall: number;
}

export interface Evaluation {
  readonly results: readonly EntryResult[];
  readonly groups: readonly GroupScore[];
  readonly total: GroupScore;
}

export const CORPUS_DIR = import.meta.dirname;

/** Every `*.json` file of the corpus folder; the file name (without `.json`) is the group. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusEntry[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const entries: CorpusEntry[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    const group = file.replace(/\.json$/u, '');
    const parsed = z.array(entrySchema).parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    for (const entry of parsed) {
      if (ids.has(entry.id)) throw new Error(`Duplicate corpus id ${entry.id} in ${file}`);
      ids.add(entry.id);
      entries.push({ ...entry, group });
    }
  }
  return entries;
}

function verdictOf(issues: readonly LintIssue[]): Verdict {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.some((i) => i.code === 'ONE_TIME_CODE_NOT_AUTHENTICATION')) return 'otp';
  if (errors.some((i) => i.code === 'PROMOTIONAL_CONTENT')) return 'promotional';
  return 'utility';
}

const emptyMatrix = (): Record<Verdict, Record<Verdict, number>> => ({
  promotional: { promotional: 0, utility: 0, otp: 0 },
  utility: { promotional: 0, utility: 0, otp: 0 },
  otp: { promotional: 0, utility: 0, otp: 0 },
});

function score(group: string, results: readonly EntryResult[]): GroupScore {
  const confusion = emptyMatrix();
  for (const r of results) confusion[r.entry.label][r.predicted] += 1;
  const rate = (hit: number, row: Record<Verdict, number>): number => {
    const n = row.promotional + row.utility + row.otp;
    return n === 0 ? Number.NaN : hit / n;
  };
  return {
    group,
    confusion,
    promotionalRecall: rate(confusion.promotional.promotional, confusion.promotional),
    utilityFalsePositiveRate: rate(confusion.utility.promotional + confusion.utility.otp, confusion.utility),
    otpRecall: rate(confusion.otp.otp, confusion.otp),
  };
}

/** Lints every entry as UTILITY in its declared language and scores the verdicts. */
export function evaluateCorpus(entries: readonly CorpusEntry[] = loadCorpus()): Evaluation {
  const results = entries.map((entry) => {
    const issues = lintText(entry.text, { category: 'UTILITY', language: entry.language }).issues;
    const predicted = verdictOf(issues);
    return { entry, predicted, correct: predicted === entry.label, issues };
  });
  const groupNames = [...new Set(entries.map((e) => e.group))];
  const groups = groupNames.map((g) => score(g, results.filter((r) => r.entry.group === g)));
  return { results, groups, total: score('all', results) };
}
