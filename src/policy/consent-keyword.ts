import type { ConsentKeywordLanguage, ConsentKeywordList } from './consent-keywords.js';
import { CONSENT_KEYWORD_LANGUAGES, CONSENT_KEYWORDS } from './consent-keywords.js';

/** What a bare keyword reply asks for. `scope: 'all'` opts out of (or resumes) every purpose. */
export interface ConsentKeywordMatch {
  action: 'opt_out' | 'opt_in';
  scope: 'marketing' | 'all';
  /** The keyword as matched, folded (e.g. `stop`, `退订`). */
  keyword: string;
  /** The list it came from: a built-in language, or `custom` for `extra` keywords. */
  language: ConsentKeywordLanguage | 'custom';
}

/** Options of {@link detectConsentKeyword}: which language's lists to check, and host keywords to add. */
export interface DetectConsentKeywordOptions {
  /**
   * The message's language (`ru`, `pt_BR`, `es-MX`): its list and English are checked. Absent
   * or not one of the built-in languages: every list is checked.
   */
  language?: string;
  /** Host keywords, e.g. the exact word a template promises ("Reply PAUSE to stop offers"). */
  extra?: Partial<ConsentKeywordList>;
}

type Entry = Omit<ConsentKeywordMatch, 'keyword'>;

/** Longer texts are never a bare keyword; checked before any normalization work. */
const MAX_KEYWORD_TEXT = 64;

/**
 * Folds text for keyword comparison: NFKC (full-width `ＳＴＯＰ` → `STOP`), drops invisible
 * format characters (zero-width spaces, bidi marks, Arabic tatweel and harakat), lower-cases,
 * strips Latin/Cyrillic accents (`arrêt` = `arret`, `всё` = `все`, Turkish `İ`/`ı` = `i`) and
 * Arabic hamza/madda on alef (`إيقاف` = `ايقاف`, as people type it),
 * trims whitespace, punctuation and symbols at both ends (`STOP!`, `«стоп»`, `STOP 🛑`) and
 * collapses inner whitespace, hyphens and underscores to one space (`opt-out` = `opt out`).
 */
export function foldKeywordText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}|[\u064B-\u065F]|\u0640|\u0670/gu, '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036F\u0653-\u0655]/g, '')
    .normalize('NFC')
    .replace(/ı/g, 'i')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/[\s\-_]+/gu, ' ');
}

function addList(map: Map<string, Entry>, list: Partial<ConsentKeywordList>, language: Entry['language']): void {
  const add = (words: readonly string[] | undefined, entry: Omit<Entry, 'language'>): void => {
    for (const word of words ?? []) {
      const folded = foldKeywordText(word);
      if (folded !== '' && !map.has(folded)) map.set(folded, { ...entry, language });
    }
  };
  // Opt-outs first: if a word were ever listed both ways, stopping must win.
  add(list.optOutAll, { action: 'opt_out', scope: 'all' });
  add(list.optOut, { action: 'opt_out', scope: 'marketing' });
  add(list.optIn, { action: 'opt_in', scope: 'marketing' });
  add(list.resume, { action: 'opt_in', scope: 'all' });
}

function buildMap(languages: readonly ConsentKeywordLanguage[]): ReadonlyMap<string, Entry> {
  const map = new Map<string, Entry>();
  for (const language of languages) addList(map, CONSENT_KEYWORDS[language], language);
  return map;
}

const ALL_LANGUAGES = buildMap(CONSENT_KEYWORD_LANGUAGES);
const BY_LANGUAGE = new Map<string, ReadonlyMap<string, Entry>>(
  CONSENT_KEYWORD_LANGUAGES.map((language) => [language, buildMap(language === 'en' ? ['en'] : [language, 'en'])]),
);

/**
 * Recognizes an opt-out or opt-in keyword **only when it is the whole reply** (after folding,
 * see {@link foldKeywordText}): `STOP`, ` stop! `, `ＳＴＯＰ` and `退订` match; "we have to stop
 * this bill" does not. Returns `null` for anything else. See `CONSENT_KEYWORDS` for the lists
 * and what each list means.
 *
 * @example
 * detectConsentKeyword('СТОП', { language: 'ru' }); // { action: 'opt_out', scope: 'marketing', keyword: 'стоп', language: 'ru' }
 * detectConsentKeyword('STOPALL');                  // { action: 'opt_out', scope: 'all', ... }
 */
export function detectConsentKeyword(text: string, options: DetectConsentKeywordOptions = {}): ConsentKeywordMatch | null {
  if (text.length > MAX_KEYWORD_TEXT) return null;
  const folded = foldKeywordText(text);
  if (folded === '') return null;
  if (options.extra !== undefined) {
    const custom = new Map<string, Entry>();
    addList(custom, options.extra, 'custom');
    const hit = custom.get(folded);
    if (hit !== undefined) return { ...hit, keyword: folded };
  }
  const primary = options.language?.toLowerCase().split(/[-_]/)[0];
  const map = (primary === undefined ? undefined : BY_LANGUAGE.get(primary)) ?? ALL_LANGUAGES;
  const hit = map.get(folded);
  return hit === undefined ? null : { ...hit, keyword: folded };
}
