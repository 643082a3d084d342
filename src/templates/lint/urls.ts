/** A link found in template text. Offsets are into the string that was scanned. */
export interface FoundUrl {
  readonly url: string;
  readonly host: string;
  readonly start: number;
  readonly end: number;
}

// Bounded and possessive-by-construction: each piece consumes characters the next cannot.
const URL_PATTERN = /(?<![\p{L}\p{N}@.])(?:https?:\/\/)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24}(?::\d{1,5})?(?:[/?#][^\s<>"'«»]{0,2000})?(?![\p{L}\p{N}])/giu;
const HAS_SCHEME = /^https?:\/\//iu;

/**
 * Hosts Meta refuses as URL shorteners (its validator names bit.ly, tinyurl and goo.gl) plus the
 * other common public shorteners.
 */
export const URL_SHORTENERS: ReadonlySet<string> = new Set([
  'bit.ly', 'bitly.com', 'tinyurl.com', 'goo.gl', 't.co', 'ow.ly', 'is.gd', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at',
  'rb.gy', 't.ly', 'tiny.cc', 'bl.ink', 'short.io', 'clck.ru', 'vk.cc', 'u.to', 'qps.ru', 'surl.li', 'shorturl.com', 's.id',
  'lnkd.in', 'trib.al', 'dub.sh', 'kutt.it', 'v.gd', 'urlz.fr', 'x.gd', 'url.cn', 'dwz.cn', 't.cn',
]);

const KNOWN_TLDS = /\.(?:com|net|org|io|co|ru|рф|ua|kz|by|de|fr|es|it|pt|br|mx|ar|cl|tr|id|in|cn|tw|hk|sg|ae|sa|eg|uk|us|me|app|shop|store|ly|gl|gd|at|cc|to|li|sh|info|biz|online|site|ai|eu|pl|nl|ch|ca|au|jp|kr)$/iu;

/**
 * Finds links: anything with an `http(s)://` scheme, or a bare `host.tld/...` whose TLD is a
 * common one (so "e.g." or "v1.2" are not links).
 */
export function findUrls(text: string): readonly FoundUrl[] {
  if (!mayHoldUrl(text)) return [];
  const found: FoundUrl[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(/[.,;:!?)]+$/u, '');
    const withoutScheme = raw.replace(HAS_SCHEME, '');
    const host = (withoutScheme.split(/[/?#:]/u)[0] ?? '').toLowerCase().replace(/^www\./u, '');
    if (!HAS_SCHEME.test(raw) && !KNOWN_TLDS.test(host)) continue;
    found.push({ url: raw, host, start: match.index, end: match.index + raw.length });
  }
  return found;
}

/**
 * Whether `text` holds what every link has, a letter or digit, a dot and two letters (what
 * `/[a-z0-9]\.[a-z]{2}/iu` finds; in that mode `ſ` and the Kelvin sign are letters too): a look
 * around each dot, which are few, rather than a regex tried at every position of the text.
 */
export function mayHoldUrl(text: string): boolean {
  for (let dot = text.indexOf('.', 1); dot >= 0; dot = text.indexOf('.', dot + 1)) {
    const before = text.charCodeAt(dot - 1);
    if ((isUrlLetter(before) || (before >= 0x30 && before <= 0x39)) && isUrlLetter(text.charCodeAt(dot + 1)) && isUrlLetter(text.charCodeAt(dot + 2))) return true;
  }
  return false;
}

/** A unit `/[a-z]/iu` matches: a Latin letter of either case, `ſ` (U+017F) or the Kelvin sign (U+212A). */
function isUrlLetter(unit: number): boolean {
  const lower = unit | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || unit === 0x17f || unit === 0x212a;
}

/**
 * {@link findUrls} remembering what it found in each text it is given: one lint asks about each
 * part twice (its structural rules and its wording scan). Meant to live for one lint.
 */
export function rememberingFindUrls(): (text: string) => readonly FoundUrl[] {
  // A list, not a Map: a template has a handful of parts, each asked about as the same string,
  // and a Map would hash every part (a whole kilobyte for a long body) to find it.
  const texts: string[] = [];
  const found: (readonly FoundUrl[])[] = [];
  return (text) => {
    const known = texts.indexOf(text);
    if (known >= 0) return found[known] ?? [];
    const urls = findUrls(text);
    texts.push(text);
    found.push(urls);
    return urls;
  };
}

/** True when the host is a public URL shortener (Meta rejects them in templates). */
export function isShortener(host: string): boolean {
  return URL_SHORTENERS.has(host);
}

const UTM = /[?&]utm_(?:source|medium|campaign|content|term)=/iu;
const PROMO_PATH = /\/(?:sale|sales|promo|promos|promotions?|deals?|offers?|coupons?|discounts?|outlet|black-?friday|new-arrivals|aktion|angebote|rabatt|soldes|ofertas?|descuentos?|promocao|promocoes|skidki|akcii|rasprodazha|indirim|kampanya|diskon)(?:[/?#.-]|$)/iu;

/** Why a link looks like a campaign link, or `undefined` when it does not. */
export function promoLinkSignal(url: string): 'utm' | 'path' | undefined {
  if (UTM.test(url)) return 'utm';
  if (PROMO_PATH.test(url)) return 'path';
  return undefined;
}
