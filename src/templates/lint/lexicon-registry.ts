import { SwitchboardError } from '../../core/errors.js';
import type { CompiledLexicon } from './compile.js';
import type { TemplateLintErrorCode } from './term-pattern.js';
import { compileLexicon } from './compile.js';
import { lexiconSchema } from './lexicon-schema.js';
import ar from './lexicons/ar.json' with { type: 'json' };
import de from './lexicons/de.json' with { type: 'json' };
import en from './lexicons/en.json' with { type: 'json' };
import es from './lexicons/es.json' with { type: 'json' };
import fr from './lexicons/fr.json' with { type: 'json' };
import hi from './lexicons/hi.json' with { type: 'json' };
import id from './lexicons/id.json' with { type: 'json' };
import it from './lexicons/it.json' with { type: 'json' };
import kk from './lexicons/kk.json' with { type: 'json' };
import pt from './lexicons/pt.json' with { type: 'json' };
import ru from './lexicons/ru.json' with { type: 'json' };
import tr from './lexicons/tr.json' with { type: 'json' };
import uk from './lexicons/uk.json' with { type: 'json' };
import zh from './lexicons/zh.json' with { type: 'json' };

const RAW: Readonly<Record<string, unknown>> = { ar, de, en, es, fr, hi, id, it, kk, pt, ru, tr, uk, zh };

/** Base language codes that have a lexicon. */
export const LEXICON_LANGUAGES: readonly string[] = Object.keys(RAW).sort();

const compiled = new Map<string, CompiledLexicon>();

/**
 * The compiled lexicon of a base language, validated and compiled on first use and cached for
 * the life of the process. Throws `INVALID_LEXICON` when the data file does not match the schema.
 */
export function getLexicon(language: string): CompiledLexicon | undefined {
  const cached = compiled.get(language);
  if (cached !== undefined) return cached;
  const raw = RAW[language];
  if (raw === undefined) return undefined;
  const parsed = lexiconSchema.safeParse(raw);
  if (!parsed.success) {
    const termAt = (path: readonly PropertyKey[]): string => {
      let node: unknown = raw;
      for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
      return typeof node === 'string' ? ` ("${node}")` : '';
    };
    const listed = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}${termAt(i.path)}: ${i.message}`).join('; ');
    throw new SwitchboardError<TemplateLintErrorCode>('INVALID_LEXICON', `Lexicon "${language}" is invalid: ${listed}`, {
      field: `lexicons.${language}`,
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  const lexicon = compileLexicon(parsed.data);
  compiled.set(language, lexicon);
  return lexicon;
}

/** `pt_BR` → `pt`, `zh_TW` → `zh`, `en-US` → `en`. */
export function baseLanguage(locale: string): string {
  return (locale.split(/[_-]/u)[0] ?? locale).toLowerCase();
}

const SCRIPT_LANGUAGES: readonly [RegExp, readonly string[]][] = [
  [/\p{Script=Han}/u, ['zh']],
  [/\p{Script=Cyrillic}/u, ['ru', 'uk', 'kk']],
  [/\p{Script=Arabic}/u, ['ar']],
  [/\p{Script=Devanagari}/u, ['hi']],
  [/\p{Script=Latin}/u, ['en', 'es', 'pt', 'fr', 'de', 'it', 'tr', 'id', 'hi']],
];

const selections = new Map<string, readonly CompiledLexicon[]>();
// The same lists by the locale as given (`pt_BR`), so a lint does not split its locale again.
const byLocale = new Map<string, readonly CompiledLexicon[]>();
const MAX_LOCALES = 256;

/**
 * The lexicons to run for a text: the declared language's, those it asks for (`alsoLoad`) and
 * English (promo English — "SALE", "Black Friday", "cashback" — turns up in every language).
 * Without a known language, every lexicon of every script present in the text.
 */
export function lexiconsFor(locale: string | undefined, text: string): readonly CompiledLexicon[] {
  const known = locale === undefined ? undefined : byLocale.get(locale);
  if (known !== undefined) return known;
  const base = locale === undefined ? undefined : baseLanguage(locale);
  if (locale !== undefined && base !== undefined && RAW[base] !== undefined) {
    const hit = selections.get(base);
    if (hit !== undefined) {
      // A few locales are in use; the bound only guards against a caller inventing them.
      if (byLocale.size < MAX_LOCALES) byLocale.set(locale, hit);
      return hit;
    }
    const primary = getLexicon(base);
    const list: CompiledLexicon[] = primary === undefined ? [] : [primary];
    for (const extra of [...(primary?.lexicon.alsoLoad ?? []), 'en']) {
      const lexicon = getLexicon(extra);
      if (lexicon !== undefined && !list.includes(lexicon)) list.push(lexicon);
    }
    selections.set(base, list);
    return list;
  }
  const languages = new Set<string>();
  for (const [script, langs] of SCRIPT_LANGUAGES) if (script.test(text)) for (const l of langs) languages.add(l);
  const list: CompiledLexicon[] = [];
  for (const l of languages) {
    const lexicon = getLexicon(l);
    if (lexicon !== undefined) list.push(lexicon);
  }
  return list;
}
