/**
 * Finds the fenced code blocks of a Markdown file and the check markers written right before
 * them (see the convention at the top of docs/README.md):
 *
 * - `<!-- prelude: ... -->` — TypeScript placed before the block when it is checked, invisible to
 *   readers (imports and `declare const` for names the fragment uses). Several may be stacked.
 * - `<!-- skip-check: reason -->` — the block is deliberately not valid TypeScript; the reason is
 *   required and listed by the test.
 * - `<!-- file-prelude: ... -->` — anywhere outside a code block: placed before EVERY checked block
 *   of the file (names a whole guide shares, such as `sb` or `store`), before the block's own.
 */

/** The languages whose blocks are type-checked. */
export const CHECKED_LANGUAGES: ReadonlySet<string> = new Set(['ts', 'typescript']);

export interface CodeBlock {
  /** Path of the Markdown file, relative to the repository root (`docs/x.md`). */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The first word of the info string, lower-cased (`ts`, `sh`, `''` when none). */
  readonly lang: string;
  /** The block's text, without the fences and the fence's indentation. */
  readonly code: string;
  /** The file's `file-prelude` markers, then the block's `prelude` markers, in document order. */
  readonly prelude: string;
  /** The `skip-check` reason, when the block carries one (may be empty: a marker error). */
  readonly skipReason?: string;
}

/** A marker comment that is malformed or attached to nothing checkable. */
export interface MarkerProblem {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

export interface ParsedMarkdown {
  readonly blocks: readonly CodeBlock[];
  readonly problems: readonly MarkerProblem[];
}

interface Marker {
  readonly kind: 'prelude' | 'skip-check' | 'file-prelude';
  readonly body: string;
  readonly line: number;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const MARKER = /^<!--\s*(prelude|skip-check|file-prelude)\s*:([\s\S]*?)-->$/;

/** Parses one Markdown file's text; `file` is only used in the results. */
export function parseMarkdownBlocks(file: string, text: string): ParsedMarkdown {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  const problems: MarkerProblem[] = [];
  const attached = new Set<number>();
  const markers = collectMarkers(lines);
  const filePrelude = [...markers.values()].filter((marker) => marker.kind === 'file-prelude').map((marker) => marker.body);
  for (const marker of markers.values()) if (marker.kind === 'file-prelude') attached.add(marker.line);

  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (open === null) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let close = index + 1;
    for (; close < lines.length; close++) {
      const line = lines[close] ?? '';
      const trimmed = line.trimStart();
      if (trimmed.startsWith(fence) && trimmed.slice(fence.length).trim() === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const lang = info.toLowerCase();
    const before = markersBefore(lines, index, markers);
    for (const marker of before) attached.add(marker.line);
    if (CHECKED_LANGUAGES.has(lang)) {
      const skip = before.find((marker) => marker.kind === 'skip-check');
      const own = before.filter((marker) => marker.kind === 'prelude').map((marker) => marker.body);
      const prelude = [...filePrelude, ...own].join('\n');
      blocks.push({
        file, line: index + 1, lang, code: body.join('\n'), prelude,
        ...(skip === undefined ? {} : { skipReason: skip.body }),
      });
      if (skip !== undefined && skip.body === '') {
        problems.push({ file, line: skip.line, problem: 'skip-check needs a reason: <!-- skip-check: why -->' });
      }
      if (skip !== undefined && own.length > 0) {
        problems.push({ file, line: skip.line, problem: 'a skipped block needs no prelude' });
      }
    } else if (before.length > 0) {
      problems.push({ file, line: before[0]?.line ?? index + 1, problem: `check markers only apply to ts blocks, not \`${lang || 'plain'}\`` });
    }
    index = close;
  }
  for (const marker of markers.values()) {
    if (!attached.has(marker.line)) {
      problems.push({ file, line: marker.line, problem: `${marker.kind} marker is not right before a code block` });
    }
  }
  return { blocks, problems };
}

/** Every marker comment outside code fences, keyed by the line its comment ends on (0-based). */
function collectMarkers(lines: readonly string[]): Map<number, Marker> {
  const markers = new Map<number, Marker>();
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    const open = FENCE.exec(line);
    if (fence !== undefined) {
      if (line.startsWith(fence) && line.slice(fence.length).trim() === '') fence = undefined;
      continue;
    }
    if (open !== null) {
      fence = open[2];
      continue;
    }
    if (!line.startsWith('<!--')) continue;
    let end = index;
    while (end < lines.length && !(lines[end] ?? '').includes('-->')) end++;
    const comment = lines.slice(index, end + 1).map((part) => part.trim()).join('\n');
    const match = MARKER.exec(comment);
    if (match !== null) {
      const [, kind = '', body = ''] = match;
      markers.set(end, { kind: kind as Marker['kind'], body: body.trim(), line: index + 1 });
    }
    index = end;
  }
  return markers;
}

/** The markers stacked right before the fence at `fenceIndex` (blank lines allowed between). */
function markersBefore(lines: readonly string[], fenceIndex: number, markers: ReadonlyMap<number, Marker>): Marker[] {
  const found: Marker[] = [];
  let index = fenceIndex - 1;
  for (;;) {
    while (index >= 0 && (lines[index] ?? '').trim() === '') index--;
    const marker = markers.get(index);
    if (marker === undefined || marker.kind === 'file-prelude') break;
    found.unshift(marker);
    index = marker.line - 2;
  }
  return found;
}
