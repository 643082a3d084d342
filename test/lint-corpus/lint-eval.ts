/**
 * `npm run lint:eval` — scores the template category linter on test/lint-corpus and prints the
 * confusion matrix per corpus file (language), the totals, and every miss with its text and
 * the findings, so anyone can see which lexicon entry to add or narrow.
 * Exits with status 1 when promotional recall < 95 % or utility false positives > 3 %.
 */
import { evaluateCorpus } from './evaluate.js';
import type { GroupScore } from './evaluate.js';

const pct = (x: number): string => (Number.isNaN(x) ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
const row = (s: GroupScore): string => {
  const c = s.confusion;
  const cells = [c.promotional.promotional, c.promotional.utility, c.promotional.otp, c.utility.promotional, c.utility.utility, c.utility.otp, c.otp.promotional, c.otp.utility, c.otp.otp];
  return `${s.group.padEnd(14)} ${cells.map((n) => String(n).padStart(4)).join('')}   ${pct(s.promotionalRecall)} ${pct(s.utilityFalsePositiveRate)} ${pct(s.otpRecall)}`;
};

const evaluation = evaluateCorpus();
console.log('Rows: actual label; columns: verdict when linted as UTILITY (P = promotional error, U = passes, O = one-time-code error).');
console.log(`${'group'.padEnd(14)}  P→P P→U P→O U→P U→U U→O O→P O→U O→O   recall  FP-rate OTP-rec`);
for (const group of evaluation.groups) console.log(row(group));
console.log(row(evaluation.total));

const misses = evaluation.results.filter((r) => !r.correct);
console.log(`\n${misses.length} miss(es):`);
for (const miss of misses) {
  const found = miss.issues.map((i) => `${i.severity}:${i.code}${i.reason === undefined ? '' : `/${i.reason}`} "${i.match ?? ''}"`).join('; ');
  console.log(`- ${miss.entry.id} [${miss.entry.language}] expected ${miss.entry.label}, got ${miss.predicted}${miss.entry.note === undefined ? '' : ` (${miss.entry.note})`}`);
  console.log(`    ${miss.entry.text}`);
  console.log(`    findings: ${found === '' ? 'none' : found}`);
}

const { promotionalRecall, utilityFalsePositiveRate } = evaluation.total;
if (promotionalRecall < 0.95 || utilityFalsePositiveRate > 0.03) {
  console.log(`\nFAIL: recall ${pct(promotionalRecall)} (≥ 95 % required), FP ${pct(utilityFalsePositiveRate)} (≤ 3 % allowed)`);
  process.exitCode = 1;
}
