import type { CompiledLexicon, TermInfo } from './compile.js';
import { CandidateList } from './candidate-list.js';
import type { TermIndex } from './term-index.js';
import { buildTermIndex } from './term-index.js';
import { hasBit } from './unit-bits.js';
import { knownWordStartsWithoutSurrogates, wordStartsOf } from './word-starts.js';
import { isLetterOrNumberUnit } from './chars.js';
import { unitsOf } from './text-units.js';

/**
 * Several word-boundary lexicons (a template's language and English, say) scanned in one pass
 * over the text's word starts, with one index over all their terms: each word start is gated
 * and its trie walked once, not once per lexicon. Most words of a Spanish template start some
 * Spanish term's and some English term's beginning alike ("pro", "de"), and the words no term
 * begins with are passed over once.
 *
 * Each lexicon is still scanned on its own terms: at a word start, a lexicon's first term in
 * priority order that matches there is its match, and that lexicon's scan goes on after it while
 * the others go on word by word. The matches are exactly those of `scanMatches` run on each
 * lexicon alone (a property test checks this).
 *
 * Inside a lexicon's promotional match, the same pass can also look for the lexicon's first
 * quiet phrase (one-time-code, neutral or state) at a later word start, as `quietPhraseInside`
 * does: the candidates at those word starts are mostly computed for the other lexicons anyway.
 */
export class MergedScan {
  private readonly index: TermIndex;
  /** Lexicon `k`'s terms are numbers `[offsets[k], offsets[k + 1])` of the merged index. */
  private readonly offsets: Int32Array;
  /** Per lexicon, where its scan may next report a match (the end of its last match). */
  private readonly next: Int32Array;
  /** Per lexicon, where its last match starts. */
  private readonly matchStart: Int32Array;
  /** Per lexicon, 1 while its last match is promotional and no quiet phrase was found inside it yet. */
  private readonly awaiting: Uint8Array;
  /** 1 for the merged terms that are quiet phrases (neither strong nor weak). */
  private readonly quiet: Uint8Array;
  private readonly candidates = new CandidateList();

  /** `lexicons` must all have word boundaries. */
  constructor(readonly lexicons: readonly CompiledLexicon[]) {
    if (lexicons.some((lexicon) => lexicon.boundaries !== 'word')) throw new Error('MergedScan: every lexicon must have word boundaries');
    this.offsets = new Int32Array(lexicons.length + 1);
    lexicons.forEach((lexicon, k) => {
      this.offsets[k + 1] = (this.offsets[k] ?? 0) + lexicon.termPieces.length;
    });
    this.index = buildTermIndex(lexicons.flatMap((lexicon) => lexicon.termPieces));
    this.next = new Int32Array(lexicons.length);
    this.matchStart = new Int32Array(lexicons.length);
    this.awaiting = new Uint8Array(lexicons.length);
    this.quiet = Uint8Array.from(
      lexicons.flatMap((lexicon) => lexicon.terms),
      (info) => (isPromotional(info) ? 0 : 1),
    );
  }

  /**
   * Calls `onMatch` for each match in `text`, by word start and, at one word start, in the order
   * of the lexicons: the lexicon's position in {@link lexicons}, the term, and where its match
   * starts and ends.
   *
   * With `onQuiet`, also calls it with the first quiet phrase of a lexicon that starts inside its
   * promotional match, at a later word start (what `quietPhraseInside` finds for that match),
   * right after that match is reported and before its lexicon's next one. Returns whether it
   * looked for them: not in a text with a surrogate, whose word starts `quietPhraseInside` judges
   * by code point.
   */
  scan(text: string, onMatch: MatchListener, onQuiet?: MatchListener): boolean {
    const { index, offsets, next, matchStart, awaiting, quiet, candidates, lexicons } = this;
    const { first } = index;
    next.fill(0);
    awaiting.fill(0);
    // The nearest `next`: before it, some lexicon is still inside a match of its own.
    let resume = 0;
    const starts = wordStartsOf(text);
    const units = unitsOf(text);
    const lookQuiet = onQuiet !== undefined && knownWordStartsWithoutSurrogates(text) !== undefined;
    // The furthest end of a promotional match that may still hold a quiet phrase.
    let quietUntil = 0;
    for (let k = 0; k < starts.length; k += 1) {
      const at = starts[k] ?? 0;
      const unit = units[at] ?? 0;
      if ((at < resume && at >= quietUntil) || !hasBit(first, unit)) continue;
      index.candidatesAt(text, units, at, candidates);
      // Quiet phrases start with a letter or digit.
      const quietHere = at < quietUntil && isLetterOrNumberUnit(unit);
      let lexicon = 0;
      let matched = false;
      for (let c = 0; c < candidates.count; c += 1) {
        const number = candidates.items[c] ?? 0;
        // Candidates ascend, so the lexicons they belong to do too.
        while (number >= (offsets[lexicon + 1] ?? 0)) lexicon += 1;
        const compiled = lexicons[lexicon];
        const term = number - (offsets[lexicon] ?? 0);
        // Inside this lexicon's last match (or past its match here): its scan does not look, but its quiet phrase search may.
        if (at < (next[lexicon] ?? 0)) {
          if (!quietHere || awaiting[lexicon] === 0 || quiet[number] === 0 || at <= (matchStart[lexicon] ?? 0)) continue;
          const end = compiled === undefined ? -1 : compiled.matchTerm(term, text, at);
          const info = compiled?.terms[term];
          if (end < 0 || info === undefined) continue;
          awaiting[lexicon] = 0;
          onQuiet?.(lexicon, info, at, end);
          continue;
        }
        const end = compiled === undefined ? -1 : compiled.matchTerm(term, text, at);
        const info = compiled?.terms[term];
        if (end < 0 || info === undefined) continue;
        matched = true;
        next[lexicon] = Math.max(at + 1, end);
        matchStart[lexicon] = at;
        if (lookQuiet && quiet[number] === 0) {
          awaiting[lexicon] = 1;
          quietUntil = Math.max(quietUntil, end);
        } else awaiting[lexicon] = 0;
        onMatch(lexicon, info, at, end);
      }
      if (matched) {
        resume = next[0] ?? 0;
        for (let l = 1; l < next.length; l += 1) resume = Math.min(resume, next[l] ?? 0);
      }
    }
    return lookQuiet;
  }
}

/** What {@link MergedScan.scan} reports a match with: the lexicon's position, the term, where its match starts and ends. */
export type MatchListener = (lexicon: number, info: TermInfo, start: number, end: number) => void;

/** Whether a term promotes (its matches are searched for quiet phrases). */
function isPromotional(info: TermInfo): boolean {
  return info.kind === 'strong' || info.kind === 'weak';
}

// Merged scans by the lexicons they cover (lexicons are compiled once per process, so the few
// selections in use are built once each).
const built = new WeakMap<CompiledLexicon, MergedScan[]>();

/** The merged scan of `lexicons` (all with word boundaries), built on first use and kept. */
export function mergedScanOf(lexicons: readonly CompiledLexicon[]): MergedScan {
  const head = lexicons[0];
  if (head === undefined) throw new Error('mergedScanOf: no lexicons');
  let list = built.get(head);
  if (list === undefined) {
    list = [];
    built.set(head, list);
  }
  const found = list.find((merged) => merged.lexicons.length === lexicons.length && merged.lexicons.every((lexicon, k) => lexicon === lexicons[k]));
  if (found !== undefined) return found;
  const merged = new MergedScan([...lexicons]);
  list.push(merged);
  return merged;
}
