import { z } from 'zod';
import type { LintReason } from './types.js';
import { LINT_REASONS } from './types.js';

/**
 * A lexicon term: lower-case text in the language, normalized at compile time exactly like
 * the messages it is matched against. A small syntax, never raw regex (so a contributor cannot
 * write a pattern that backtracks catastrophically):
 * - `word*` a stem: the word continues with up to 24 letters (`скидк*`, `descuent*`);
 *   `*word` lets letters precede it inside a compound (`*rabatt*` matches `Sommerrabatt`);
 * - `(a|b|)` literal alternatives, not nested (`подар(ок|к)*`, `cupo(n|nes)`);
 * - `#` an amount (digits with separators, optional currency sign); `%` a percent sign with an
 *   optional space before it;
 * - a space matches one space or hyphen (`cash back` ≈ `cash-back`); ` ~ ` skips up to four words
 *   (`left ~ in your cart`).
 */
export const lexiconTermSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[^\\[\]{}^$+?.|()]*(?:\([^\\[\]{}^$+?.()]*\)[^\\[\]{}^$+?.|()]*)*$/u, 'A term may use only the lexicon syntax (letters, *, #, %, ~, spaces and flat (a|b) groups)');

const termList = z.array(lexiconTermSchema);
const reasonSchema = z.enum(LINT_REASONS as [LintReason, ...LintReason[]]);

export const lexiconSchema = z
  .object({
    /** Base language code (`en`, `pt`, `zh`). */
    language: z.string().regex(/^[a-z]{2,3}$/u),
    name: z.string().min(1),
    /** `word`: terms match whole words (stems may extend them); `none`: substrings (Chinese). */
    boundaries: z.enum(['word', 'none']),
    /** Case-folding rules: `tr` for Turkish-style dotted/dotless i. */
    foldLocale: z.enum(['tr', 'default']).default('default'),
    /** Script preferred when a token mixes Latin and Cyrillic letters equally. */
    preferredScript: z.enum(['latin', 'cyrillic']).default('latin'),
    /** Other lexicons to run with this one (Kazakh messages often carry Russian). */
    alsoLoad: z.array(z.string().regex(/^[a-z]{2,3}$/u)).default([]),
    /** Promotional on their own: an error in UTILITY/AUTHENTICATION templates. */
    strong: z.partialRecord(reasonSchema, termList),
    /** Ambiguous alone: a warning; two different reasons in one sentence make an error. */
    weak: z.partialRecord(reasonSchema, termList).default({}),
    /** Factual phrases that contain promo-looking words ("gift card balance", "free of charge"). */
    neutral: termList.default([]),
    /** Order-state words ("applied", "removed", "refunded") that make a strong word in the same sentence factual. */
    stateContext: termList.default([]),
    /** Phrases that announce a one-time passcode ("verification code", "код подтверждения"). */
    oneTimeCode: termList.default([]),
  })
  .strict();

export type Lexicon = z.output<typeof lexiconSchema>;
export type LexiconInput = z.input<typeof lexiconSchema>;
