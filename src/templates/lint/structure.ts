import { issue } from './issues.js';
import type { Placeholder } from './placeholders.js';
import { countStaticWords, findPlaceholders, findStrayBraces } from './placeholders.js';
import type { LintableTemplate, LintIssue, LintPart, LintSpan } from './types.js';
import type { FoundUrl } from './urls.js';
import { findUrls, isShortener } from './urls.js';

type LinkFinder = (text: string) => readonly FoundUrl[];

/** Meta's limits, in code points (Meta does not say whether it counts UTF-16 units; code points are the stricter reading for most text). */
export const TEMPLATE_LIMITS = {
  nameLength: 512,
  headerLength: 60,
  headerVariables: 1,
  bodyLength: 1024,
  footerLength: 60,
  buttons: 10,
  quickReplyButtons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  buttonLabelLength: 25,
  buttonUrlLength: 2000,
  utilityEmoji: 6,
  marketingEmoji: 10,
  authenticationParameterLength: 15,
} as const;

const NAME = /^[a-z0-9_]+$/u;
const HEADER_FORBIDDEN = /[*_~\n]|```/u;
const AT_START = /^\s*\{\{/u;
const AT_END = /\}\}[\s\p{P}]*$/u;

/** Code points, as `Array.from(text).length` counts them (a lone surrogate is one), without building the array. */
export function codePointCount(text: string): number {
  let count = text.length;
  for (let i = 0; i + 1 < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}
const length = codePointCount;
/** Whether `text` has more than `limit` code points; a text of at most `limit` units is not counted (it cannot have more code points than units). */
const exceeds = (text: string, limit: number): boolean => text.length > limit && codePointCount(text) > limit;
const whole = (part: LintPart, text: string, index?: number): LintSpan => ({ part, ...(index === undefined ? {} : { index }), start: 0, end: text.length });
const at = (part: LintPart, start: number, end: number, index?: number): LintSpan => ({ part, ...(index === undefined ? {} : { index }), start, end });

function placeholderRules(part: 'header' | 'body', text: string, found: readonly Placeholder[], out: LintIssue[]): void {
  for (const offset of findStrayBraces(text)) out.push(issue('VARIABLE_MALFORMED', `The ${part} has a "{{" or "}}" that does not belong to a variable like {{1}} or {{first_name}}.`, at(part, offset, offset + 2)));
  for (const p of found) {
    if (!p.valid) out.push(issue('VARIABLE_MALFORMED', `"${text.slice(p.start, p.end)}" is not a valid variable: use {{1}}, {{2}}… or lowercase names like {{first_name}}, without spaces.`, at(part, p.start, p.end)));
  }
  const valid = found.filter((p) => p.valid);
  if (valid.some((p) => p.positional) && valid.some((p) => !p.positional)) {
    out.push(issue('VARIABLES_MIXED_FORMAT', `The ${part} mixes numbered ({{1}}) and named ({{name}}) variables; a template uses one format.`, whole(part, text)));
    return;
  }
  const numbers = valid.filter((p) => p.positional);
  const seen = new Set<number>();
  for (const p of numbers) {
    const n = Number(p.name);
    if (seen.has(n) || n !== seen.size + 1) {
      out.push(issue('VARIABLES_NOT_SEQUENTIAL', `Numbered variables in the ${part} must appear once each, in order {{1}}, {{2}}, …; found {{${p.name}}} where {{${seen.size + 1}}} was expected.`, at(part, p.start, p.end)));
      break;
    }
    seen.add(n);
  }
}

function bodyPlacementRules(body: string, found: readonly Placeholder[], out: LintIssue[]): void {
  const first = found[0];
  const last = found[found.length - 1];
  if (first !== undefined && AT_START.test(body)) out.push(issue('VARIABLE_AT_START', 'The body cannot start with a variable: Meta rejects dangling parameters. Put some text before it.', at('body', first.start, first.end)));
  if (last !== undefined && AT_END.test(body)) out.push(issue('VARIABLE_AT_END', 'The body cannot end with a variable (trailing punctuation does not help): add text after it.', at('body', last.start, last.end)));
  for (let i = 1; i < found.length; i += 1) {
    const a = found[i - 1];
    const b = found[i];
    if (a !== undefined && b !== undefined && body.slice(a.end, b.start).trim() === '') {
      out.push(issue('VARIABLES_ADJACENT', 'Two variables are next to each other; separate them with text or punctuation.', at('body', a.start, b.end)));
    }
  }
  const n = found.length;
  const words = n > 0 ? countStaticWords(body) : 0;
  if (n > 0 && words < 2 * n + 1) {
    out.push(issue('TOO_MANY_VARIABLES_FOR_LENGTH', `The body has ${n} variable(s) but only ${words} word(s) of fixed text; Meta rejects templates with too many variables for their length. Use at least ${2 * n + 1} words.`, whole('body', body)));
  }
}

function exampleRules(template: LintableTemplate, used: ReadonlyMap<string, LintSpan>, out: LintIssue[]): void {
  const variables = template.variables ?? [];
  const byName = new Map(variables.map((v, i) => [v.name, { variable: v, index: i }]));
  for (const [name, span] of used) {
    const declared = byName.get(name);
    if (declared === undefined || declared.variable.example.trim() === '') out.push(issue('EXAMPLE_MISSING', `Variable {{${name}}} has no example value; Meta requires one for every variable.`, span));
  }
  variables.forEach((v, i) => {
    if (!used.has(v.name)) out.push(issue('VARIABLE_UNUSED', `Variable "${v.name}" is declared but not used in the header, body or a URL button.`, whole('example', v.example, i)));
    if (template.category === 'AUTHENTICATION' && exceeds(v.example, TEMPLATE_LIMITS.authenticationParameterLength)) {
      out.push(issue('AUTHENTICATION_PARAMETER_TOO_LONG', `Authentication parameters are limited to ${TEMPLATE_LIMITS.authenticationParameterLength} characters; the example of "${v.name}" has ${length(v.example)}.`, whole('example', v.example, i)));
    }
  });
}

function buttonRules(template: LintableTemplate, used: Map<string, LintSpan>, out: LintIssue[], links: LinkFinder): void {
  const buttons = template.buttons ?? [];
  if (buttons.length > TEMPLATE_LIMITS.buttons) out.push(issue('BUTTONS_TOO_MANY', `A template has at most ${TEMPLATE_LIMITS.buttons} buttons; this one has ${buttons.length}.`, { part: 'button', index: TEMPLATE_LIMITS.buttons, start: 0, end: 0 }));
  const limits = { quick_reply: TEMPLATE_LIMITS.quickReplyButtons, url: TEMPLATE_LIMITS.urlButtons, phone_number: TEMPLATE_LIMITS.phoneButtons, copy_code: TEMPLATE_LIMITS.copyCodeButtons };
  const counts = { quick_reply: 0, url: 0, phone_number: 0, copy_code: 0 };
  let quickReplyGroupEnded = false;
  let seenQuickReply = false;
  buttons.forEach((button, index) => {
    counts[button.type] += 1;
    if (counts[button.type] === limits[button.type] + 1) out.push(issue('BUTTON_TYPE_LIMIT', `At most ${limits[button.type]} ${button.type} button(s) are allowed.`, { part: 'button', index, start: 0, end: 0 }));
    if (button.type === 'quick_reply') {
      if (quickReplyGroupEnded) out.push(issue('QUICK_REPLIES_NOT_GROUPED', 'Quick-reply buttons must be next to each other (not split by URL or phone buttons).', { part: 'button', index, start: 0, end: button.text.length }));
      seenQuickReply = true;
    } else if (seenQuickReply) {
      quickReplyGroupEnded = true;
    }
    if (button.type !== 'copy_code' && exceeds(button.text, TEMPLATE_LIMITS.buttonLabelLength)) {
      out.push(issue('BUTTON_LABEL_TOO_LONG', `Button labels are limited to ${TEMPLATE_LIMITS.buttonLabelLength} characters; "${button.text}" has ${length(button.text)}.`, { part: 'button', index, start: 0, end: button.text.length }));
    }
    if (button.type === 'url') urlButtonRules(button.url, index, used, out, links);
  });
}

function urlButtonRules(url: string, index: number, used: Map<string, LintSpan>, out: LintIssue[], links: LinkFinder): void {
  const span = { part: 'button' as const, index, field: 'url' as const, start: 0, end: url.length };
  const found = findPlaceholders(url);
  const problems: string[] = [];
  if (exceeds(url, TEMPLATE_LIMITS.buttonUrlLength)) problems.push(`longer than ${TEMPLATE_LIMITS.buttonUrlLength} characters`);
  if (!/^https?:\/\//iu.test(url)) problems.push('not an http(s) URL');
  if (found.length > 1) problems.push('more than one variable');
  const last = found[found.length - 1];
  if (last !== undefined && last.end !== url.length) problems.push('a variable that is not at the end');
  if (/^https?:\/\/(?:www\.)?(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com)\b/iu.test(url)) problems.push('a direct link to WhatsApp');
  if (problems.length > 0) out.push(issue('BUTTON_URL_INVALID', `The URL button's address has ${problems.join(', ')}.`, span));
  for (const p of found) if (p.valid) used.set(p.name, span);
  const host = links(url)[0]?.host;
  if (host !== undefined && isShortener(host)) out.push(issue('URL_SHORTENER', `Meta rejects URL shorteners such as ${host}; use the full address.`, span));
}

function textLinkRules(part: LintPart, text: string, category: LintableTemplate['category'], out: LintIssue[], links: LinkFinder): void {
  for (const url of links(text)) {
    if (isShortener(url.host)) out.push(issue('URL_SHORTENER', `Meta rejects URL shorteners such as ${url.host}; use the full address.`, at(part, url.start, url.end)));
    if (category === 'AUTHENTICATION') out.push(issue('AUTHENTICATION_CONTENT_NOT_ALLOWED', 'Authentication templates may not contain links.', at(part, url.start, url.end)));
  }
}

/**
 * Every structural rule: name, lengths, variables, examples, buttons, emoji, authentication
 * limits. `links` finds the links in a part (the lint shares one with its wording scan).
 */
export function structuralIssues(template: LintableTemplate, links: LinkFinder = findUrls): LintIssue[] {
  const out: LintIssue[] = [];
  const used = new Map<string, LintSpan>();
  if (!NAME.test(template.name) || exceeds(template.name, TEMPLATE_LIMITS.nameLength)) {
    out.push(issue('NAME_INVALID', `Template names use only lowercase letters, digits and underscores (at most ${TEMPLATE_LIMITS.nameLength}); "${template.name}" does not.`, whole('name', template.name)));
  }
  const header = template.header;
  let emojiText = '';
  if (header?.type === 'text') {
    const text = header.text;
    if (exceeds(text, TEMPLATE_LIMITS.headerLength)) out.push(issue('HEADER_TOO_LONG', `A text header is limited to ${TEMPLATE_LIMITS.headerLength} characters; this one has ${length(text)}.`, whole('header', text)));
    const found = findPlaceholders(text);
    if (found.length > TEMPLATE_LIMITS.headerVariables) out.push(issue('HEADER_TOO_MANY_VARIABLES', `A text header supports one variable; this one has ${found.length}.`, whole('header', text)));
    if (HEADER_FORBIDDEN.test(text) || emojiCount(text) > 0) out.push(issue('HEADER_UNSUPPORTED_CHARACTERS', 'Headers may not contain emoji, line breaks or the formatting characters * _ ~ ```.', whole('header', text)));
    placeholderRules('header', text, found, out);
    for (const p of found) if (p.valid) used.set(p.name, at('header', p.start, p.end));
    textLinkRules('header', text, template.category, out, links);
  } else if (header !== undefined && template.category === 'AUTHENTICATION') {
    out.push(issue('AUTHENTICATION_CONTENT_NOT_ALLOWED', `Authentication templates may not have a ${header.type} header.`, { part: 'header', start: 0, end: 0 }));
  }

  const body = template.body;
  if (body.trim() === '') out.push(issue('BODY_EMPTY', 'The body is empty.', whole('body', body)));
  if (exceeds(body, TEMPLATE_LIMITS.bodyLength)) out.push(issue('BODY_TOO_LONG', `The body is limited to ${TEMPLATE_LIMITS.bodyLength} characters; this one has ${length(body)}.`, whole('body', body)));
  const bodyPlaceholders = findPlaceholders(body);
  placeholderRules('body', body, bodyPlaceholders, out);
  bodyPlacementRules(body, bodyPlaceholders, out);
  for (const p of bodyPlaceholders) if (p.valid && !used.has(p.name)) used.set(p.name, at('body', p.start, p.end));
  textLinkRules('body', body, template.category, out, links);
  emojiText += body;

  const footer = template.footer;
  if (footer !== undefined) {
    if (exceeds(footer, TEMPLATE_LIMITS.footerLength)) out.push(issue('FOOTER_TOO_LONG', `The footer is limited to ${TEMPLATE_LIMITS.footerLength} characters; this one has ${length(footer)}.`, whole('footer', footer)));
    const first = findPlaceholders(footer)[0];
    if (first !== undefined) out.push(issue('FOOTER_HAS_VARIABLE', 'Footers cannot contain variables.', at('footer', first.start, first.end)));
    textLinkRules('footer', footer, template.category, out, links);
    emojiText += footer;
  }

  buttonRules(template, used, out, links);
  exampleRules(template, used, out);
  emojiRules(template, emojiText, out);
  return out;
}

const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
// Per BMP unit: 0 not yet known, 1 an emoji, 2 not one (filled on first sight, like chars.ts).
const pictographicUnits = new Uint8Array(0x10000);
const pictographicAstral = new Map<number, boolean>();
const NOT_EMOJI = new Set([0xa9, 0xae, 0x2122]);
// The units an emoji can begin with (see emojiCount); without the u flag, so high surrogates are
// units too. In the BMP, Extended_Pictographic is U+203C..U+2B55 plus U+3030, U+303D, U+3297,
// U+3299, and © and ®, which are not counted: the letters and punctuation of every script the
// linter reads (Latin to Devanagari below U+203C, CJK punctuation, Han and Hangul above) are not here.
const MAY_BEGIN_EMOJI = /[\u203c-\u2b55\u3030\u303d\u3297\u3299\ud800-\udbff]/g;

function isEmojiUnit(unit: number): boolean {
  let known = pictographicUnits[unit] ?? 0;
  if (known === 0) {
    known = !NOT_EMOJI.has(unit) && PICTOGRAPHIC.test(String.fromCharCode(unit)) ? 1 : 2;
    pictographicUnits[unit] = known;
  }
  return known === 1;
}

/**
 * How many emoji `text` holds: what `/\p{Extended_Pictographic}(?<![©®™])/gu` matches (every
 * Extended_Pictographic code point but ©, ® and ™), counted without a Unicode-property regex:
 * a search for the units an emoji can begin with (the regex engine skips the rest of the text
 * several times faster than a loop over its units), each then looked up.
 */
export function emojiCount(text: string): number {
  let count = 0;
  MAY_BEGIN_EMOJI.lastIndex = 0;
  while (MAY_BEGIN_EMOJI.test(text)) {
    const i = MAY_BEGIN_EMOJI.lastIndex - 1;
    const unit = text.charCodeAt(i);
    if (unit < 0xd800) {
      if (isEmojiUnit(unit)) count += 1;
      continue;
    }
    const low = text.charCodeAt(i + 1);
    // A lone high surrogate is no character (and no emoji).
    if (!(low >= 0xdc00 && low <= 0xdfff)) continue;
    const codePoint = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
    let known = pictographicAstral.get(codePoint);
    if (known === undefined) {
      known = PICTOGRAPHIC.test(String.fromCodePoint(codePoint));
      pictographicAstral.set(codePoint, known);
    }
    if (known) count += 1;
    MAY_BEGIN_EMOJI.lastIndex = i + 2;
  }
  return count;
}

function emojiRules(template: LintableTemplate, text: string, out: LintIssue[]): void {
  const count = emojiCount(text);
  if (template.category === 'AUTHENTICATION') {
    if (count > 0) out.push(issue('AUTHENTICATION_CONTENT_NOT_ALLOWED', 'Authentication templates may not contain emoji.', whole('body', template.body)));
    return;
  }
  const cap = template.category === 'MARKETING' ? TEMPLATE_LIMITS.marketingEmoji : TEMPLATE_LIMITS.utilityEmoji;
  if (count > cap) out.push(issue('TOO_MANY_EMOJI', `${template.category} templates may contain at most ${cap} emoji; this one has ${count}.`, whole('body', template.body)));
}
