import type { TemplateCategory } from '../../model/template.js';
import type { SentenceFinding, WordingScan } from './detect-wording.js';
import { issue, REASON_BITS, REASON_DESCRIPTIONS } from './issues.js';
import type { LintIssue, LintReason, WordingFinding } from './types.js';
import { LINT_REASONS } from './types.js';

/**
 * Decides the verdict of each finding: a strong signal is decisive unless its sentence only
 * reports an order state; a weak one is decisive only next to a weak signal of another reason
 * in the same sentence ("big sale 🔥" yes, "gift card" no).
 */
export function decisiveFindings(findings: readonly SentenceFinding[]): { decisive: SentenceFinding[]; tentative: SentenceFinding[] } {
  const decisive: SentenceFinding[] = [];
  const tentative: SentenceFinding[] = [];
  // Per sentence (by its number), the reasons of its standing weak findings as bits (one pass, so
  // a long text stays linear).
  const weakReasons: number[] = [];
  for (const f of findings) {
    if (f.strength !== 'weak' || f.downgraded !== undefined) continue;
    weakReasons[f.sentence] = (weakReasons[f.sentence] ?? 0) | REASON_BITS[f.reason];
  }
  for (const f of findings) {
    if (f.strength === 'strong' && f.downgraded === undefined) {
      decisive.push(f);
      continue;
    }
    // Corroborated: another standing weak finding in the sentence has a different reason.
    const corroborated = f.strength === 'weak' && ((weakReasons[f.sentence] ?? 0) & ~REASON_BITS[f.reason]) !== 0;
    (corroborated ? decisive : tentative).push(f);
  }
  return { decisive, tentative };
}

const strip = (f: SentenceFinding): WordingFinding => {
  const { sentence: _sentence, ...rest } = f;
  return rest;
};

/** Category issues for the scans of every part of one template (or one free text). */
export function categoryIssues(category: TemplateCategory, scans: readonly WordingScan[]): LintIssue[] {
  const out: LintIssue[] = [];
  if (category !== 'AUTHENTICATION') {
    for (const scan of scans) {
      const first = scan.oneTimeCode[0];
      if (first !== undefined) {
        out.push(
          issue('ONE_TIME_CODE_NOT_AUTHENTICATION', `"${first.match}" announces a one-time passcode; only AUTHENTICATION templates may send one (Meta rejects ${category} templates that do).`, first.span, {
            reason: 'OTP_IN_UTILITY',
            match: first.match,
          }),
        );
      }
    }
  }
  if (category === 'MARKETING') return out;
  const tails = messageTails(category);
  for (const scan of scans) {
    const { decisive, tentative } = decisiveFindings(scan.findings);
    for (const f of decisive) {
      const tail = tails.get(f.reason)?.[f.strength === 'weak' ? CORROBORATED : DECISIVE] ?? '"';
      out.push(issue('PROMOTIONAL_CONTENT', '"' + f.match + tail, f.span, { reason: f.reason, match: f.match }));
    }
    for (const f of tentative) {
      const tail = tails.get(f.reason)?.[f.downgraded === 'state-context' ? STATE_CONTEXT : f.downgraded === 'name' ? NAME : AMBIGUOUS] ?? '"';
      out.push(issue('POSSIBLY_PROMOTIONAL', '"' + f.match + tail, f.span, { reason: f.reason, match: f.match }));
    }
  }
  return out;
}

// The wordings of a wording issue's message, by what decided it (see `messageTails`).
const DECISIVE = 0;
const CORROBORATED = 1;
const STATE_CONTEXT = 2;
const NAME = 3;
const AMBIGUOUS = 4;

const tailsByCategory = new Map<TemplateCategory, ReadonlyMap<LintReason, readonly string[]>>();

/**
 * What follows the match in a wording issue's message for a template of `category`, by reason
 * and wording (indexed by `DECISIVE` … `AMBIGUOUS`), from the closing quote on: the same for every
 * finding of a reason, so it is written once rather than for every finding.
 */
function messageTails(category: TemplateCategory): ReadonlyMap<LintReason, readonly string[]> {
  let tails = tailsByCategory.get(category);
  if (tails === undefined) {
    const marketing = `; Meta treats such ${category} templates as MARKETING.`;
    tails = new Map(
      LINT_REASONS.map((reason) => {
        const description = REASON_DESCRIPTIONS[reason];
        return [
          reason,
          [
            `" reads as ${description}${marketing}`,
            `" reads as ${description} together with other promotional wording in the same sentence${marketing}`,
            `" can read as ${description} — here it reports an order or account state, which is fine if nothing else sells.`,
            `" can read as ${description} — here it looks like part of a product or brand name; add the name to \`allow\` if it is one.`,
            `" can read as ${description} — ambiguous on its own; check the sentence does not promote anything.`,
          ],
        ];
      }),
    );
    tailsByCategory.set(category, tails);
  }
  return tails;
}

/** The category the scanned text reads as, with the findings that decided it. */
export function suggestFromScans(scans: readonly WordingScan[]): { category: TemplateCategory; evidence: WordingFinding[] } {
  const otp = scans.flatMap((s) => s.oneTimeCode);
  if (otp.length > 0) return { category: 'AUTHENTICATION', evidence: otp.map(strip) };
  const decisive = scans.flatMap((s) => decisiveFindings(s.findings).decisive);
  if (decisive.length > 0) return { category: 'MARKETING', evidence: decisive.map(strip) };
  return { category: 'UTILITY', evidence: scans.flatMap((s) => s.findings).map(strip) };
}
