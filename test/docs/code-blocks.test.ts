/**
 * Every ```ts / ```typescript block of docs/**\/*.md and README.md type-checks against the real
 * sources, in one TypeScript program (the convention — preludes and skip-check markers — is
 * documented at the top of docs/README.md). Each block is its own test, named `docs/x.md:LINE`;
 * each deliberately skipped block is a skipped test that carries its reason.
 */
import { globSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBlocks, formatFailure } from './check-blocks.js';
import type { BlockResult, CheckResult } from './check-blocks.js';
import { parseMarkdownBlocks } from './markdown-blocks.js';
import type { CodeBlock, MarkerProblem } from './markdown-blocks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const docFiles = ['README.md', ...globSync('docs/**/*.md', { cwd: root })]
  .map((file) => file.split('\\').join('/'))
  .filter((file) => !file.startsWith('docs/api/'))
  .sort();

const parsed = docFiles.map((file) => parseMarkdownBlocks(file, readFileSync(`${root}/${file}`, 'utf8')));
const blocks = parsed.flatMap((doc) => doc.blocks);
const problems: MarkerProblem[] = parsed.flatMap((doc) => doc.problems);
const checked = blocks.filter((block) => block.skipReason === undefined);

/** A small document that proves the checker fails wrong blocks at the right Markdown line. */
const SELF_TEST_FILE = 'test/docs/self-test.md';
const SELF_TEST = [
  '# Self-test', //                                                                  1
  '<!-- prelude: import type { Clock } from \'switchboard\'; declare const clock: Clock; -->', // 2
  '```ts', //                                                                        3
  'const now: number = clock.now();', //                                             4
  'export const later = now + 1;', //                                                5
  '```', //                                                                          6
  '', //                                                                             7
  '```typescript', //                                                                8
  "import { normalizePhone } from 'switchboard';", //                                9
  "const phone: number = normalizePhone('+14155550100');", //                      10
  '```', //                                                                         11
  '<!-- prelude: declare const store: NoSuchType; -->', //                         12
  '```ts', //                                                                       13
  'export {};', //                                                                  14
  '```', //                                                                         15
  '<!-- file-prelude: declare const shared: string; -->', //                       16
  '```ts', //                                                                       17
  'export const upper: string = shared.toUpperCase();', //                         18
  '```', //                                                                         19
].join('\n');
const selfTest = parseMarkdownBlocks(SELF_TEST_FILE, SELF_TEST);

let check: CheckResult;
const resultOf = (block: CodeBlock): BlockResult | undefined => check.results.find((result) => result.block === block);

beforeAll(() => {
  check = checkBlocks(root, [...checked, ...selfTest.blocks]);
}, 120_000);

describe('code blocks in docs/ and README.md', () => {
  it('finds the documents and their ts blocks', () => {
    expect(docFiles).toContain('README.md');
    expect(docFiles).toContain('docs/README.md');
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('the check set-up itself has no errors (compiler options, global types)', () => {
    expect(check.setupDiagnostics).toEqual([]);
  });

  it('every prelude / skip-check marker is well-formed and right before a ts block', () => {
    expect(problems.map((problem) => `${problem.file}:${problem.line} ${problem.problem}`)).toEqual([]);
  });

  it('the checker passes a correct block and maps a wrong block to its Markdown line', () => {
    const [good, wrong, badPrelude, usesFilePrelude] = selfTest.blocks.map((block) => resultOf(block));
    expect(selfTest.problems).toEqual([]);
    expect(good?.diagnostics).toEqual([]);
    expect(usesFilePrelude?.diagnostics).toEqual([]);
    expect(good?.block.prelude.startsWith('declare const shared: string;')).toBe(true);
    expect(wrong?.diagnostics.map((diagnostic) => [diagnostic.location, diagnostic.code])).toEqual([[`${SELF_TEST_FILE}:10:7`, 2322]]);
    expect(badPrelude?.diagnostics.map((diagnostic) => [diagnostic.location, diagnostic.code])).toEqual([[`${SELF_TEST_FILE}:13 (prelude)`, 2304]]);
  });

  it('the marker parser reports a reasonless skip and a stray marker', () => {
    const { problems: found } = parseMarkdownBlocks('x.md', '<!-- skip-check: -->\n```ts\nx\n```\n\n<!-- prelude: declare const a: 1; -->\n\nText\n```sh\nls\n```\n');
    expect(found.map((problem) => problem.line)).toEqual([1, 6]);
  });

  for (const file of docFiles) {
    const fileBlocks = blocks.filter((block) => block.file === file);
    if (fileBlocks.length === 0) continue;
    describe(file, () => {
      for (const block of fileBlocks) {
        if (block.skipReason !== undefined) {
          it.skip(`${file}:${block.line} (skip-check: ${block.skipReason})`, () => undefined);
          continue;
        }
        it(`${file}:${block.line} type-checks`, () => {
          const result = resultOf(block);
          if (result === undefined) expect.fail(`${file}:${block.line} was not checked`);
          if (result.diagnostics.length > 0) expect.fail(`\n${formatFailure(result)}`);
        });
      }
    });
  }
});
