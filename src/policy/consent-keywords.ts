/**
 * Consent keywords per language, as data. A keyword counts only as a bare reply (see
 * `detectConsentKeyword`); lists are written naturally (case, accents and width do not matter).
 *
 * - `optOut`: stop marketing (opt-out, purpose `marketing`);
 * - `optOutAll`: stop everything (opt-out, purpose `all`);
 * - `optIn`: an explicit marketing opt-in (opt-in, purpose `marketing`);
 * - `resume`: lift earlier opt-outs (opt-in, purpose `all`); it grants no marketing consent
 *   the contact did not give before.
 *
 * English is always checked besides the message's language. Sources: the English lists are
 * the SMS industry's (Twilio, Telnyx, Braze, AWS: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END,
 * QUIT, REVOKE, OPTOUT, REMOVE; START/UNSTOP to resume; AWS's ARRET and TD are filed under fr
 * and zh). `YES` is deliberately absent: in a chat it answers questions. The other languages
 * are Switchboard's own translations of the same words; hosts add their own with `extra`.
 */
export interface ConsentKeywordList {
  optOut: readonly string[];
  optOutAll: readonly string[];
  optIn: readonly string[];
  resume: readonly string[];
}

/** Languages with built-in lists (the template linter's languages). */
export const CONSENT_KEYWORD_LANGUAGES = ['en', 'ru', 'uk', 'kk', 'es', 'pt', 'zh', 'tr', 'id', 'ar', 'hi', 'de', 'fr', 'it'] as const;
/** A language code with a built-in keyword list: one of {@link CONSENT_KEYWORD_LANGUAGES}. */
export type ConsentKeywordLanguage = (typeof CONSENT_KEYWORD_LANGUAGES)[number];

/**
 * The built-in consent keywords, by language (see {@link ConsentKeywordList} for what each list
 * means and where the words come from). Read-only; pass `extra` to {@link detectConsentKeyword}
 * to add your own.
 */
export const CONSENT_KEYWORDS: Readonly<Record<ConsentKeywordLanguage, ConsentKeywordList>> = {
  en: {
    optOut: ['STOP', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT-OUT', 'OPT OUT', 'REMOVE', 'STOP PROMOTIONS', 'STOP MARKETING'],
    optOutAll: ['STOPALL', 'STOP ALL'],
    optIn: ['SUBSCRIBE', 'OPTIN', 'OPT-IN', 'OPT IN'],
    resume: ['START', 'UNSTOP'],
  },
  ru: {
    optOut: ['СТОП', 'ОТПИСАТЬСЯ', 'ОТПИСКА', 'ОТПИШИТЕ', 'СТОП РЕКЛАМА'],
    optOutAll: ['СТОП ВСЁ', 'ОТПИСАТЬСЯ ОТ ВСЕГО'],
    optIn: ['ПОДПИСАТЬСЯ'],
    resume: ['СТАРТ'],
  },
  uk: {
    optOut: ['СТОП', 'ВІДПИСАТИСЯ', 'ВІДПИСКА'],
    optOutAll: ['СТОП УСЕ', 'СТОП ВСЕ'],
    optIn: ['ПІДПИСАТИСЯ'],
    resume: ['СТАРТ'],
  },
  kk: {
    optOut: ['СТОП', 'ТОҚТАТУ', 'ЖАЗЫЛЫМНАН БАС ТАРТУ'],
    optOutAll: ['БӘРІН ТОҚТАТУ'],
    optIn: ['ЖАЗЫЛУ'],
    resume: ['СТАРТ', 'БАСТАУ'],
  },
  es: {
    optOut: ['BAJA', 'PARAR', 'DETENER', 'CANCELAR', 'DARSE DE BAJA', 'DESUSCRIBIR'],
    optOutAll: ['BAJA TOTAL'],
    optIn: ['ALTA', 'SUSCRIBIR'],
    resume: ['REANUDAR'],
  },
  pt: {
    optOut: ['PARAR', 'SAIR', 'CANCELAR', 'DESCADASTRAR', 'DESINSCREVER'],
    optOutAll: ['PARAR TUDO'],
    optIn: ['INSCREVER', 'ASSINAR'],
    resume: ['RETOMAR'],
  },
  zh: {
    optOut: ['退订', '取消订阅', 'TD', '停止'],
    optOutAll: ['全部退订'],
    optIn: ['订阅'],
    resume: ['恢复订阅'],
  },
  tr: {
    optOut: ['DUR', 'DURDUR', 'İPTAL', 'ABONELİKTEN ÇIK'],
    optOutAll: ['HEPSİNİ DURDUR'],
    optIn: ['ABONE OL'],
    resume: ['BAŞLA'],
  },
  id: {
    optOut: ['BERHENTI', 'HENTIKAN', 'BATAL', 'BERHENTI LANGGANAN'],
    optOutAll: ['BERHENTI SEMUA'],
    optIn: ['BERLANGGANAN', 'LANGGANAN'],
    resume: ['MULAI'],
  },
  ar: {
    optOut: ['إيقاف', 'توقف', 'إلغاء الاشتراك', 'الغاء'],
    optOutAll: ['إيقاف الكل'],
    optIn: ['اشتراك'],
    resume: ['ابدأ', 'بدء'],
  },
  hi: {
    optOut: ['बंद', 'बंद करें', 'बंद करो', 'रोकें', 'अनसब्सक्राइब'],
    optOutAll: ['सब बंद करें'],
    optIn: ['सब्सक्राइब'],
    resume: ['शुरू', 'शुरू करें'],
  },
  de: {
    optOut: ['STOPP', 'ABMELDEN', 'ABBESTELLEN', 'AUSTRAGEN'],
    optOutAll: ['ALLES STOPPEN', 'STOPP ALLE'],
    optIn: ['ANMELDEN', 'ABONNIEREN'],
    resume: ['FORTSETZEN'],
  },
  fr: {
    optOut: ['ARRET', 'ARRÊTER', 'STOP SMS', 'DÉSABONNER', 'DÉSABONNEMENT', 'DÉSINSCRIRE', 'DÉSINSCRIPTION'],
    optOutAll: ['ARRÊT TOTAL', 'TOUT ARRÊTER'],
    optIn: ["S'ABONNER", "S'INSCRIRE"],
    resume: ['REPRENDRE'],
  },
  it: {
    optOut: ['ANNULLA', 'DISISCRIVI', 'DISISCRIVIMI', 'CANCELLAMI', 'BASTA'],
    optOutAll: ['STOP TUTTO', 'BLOCCA TUTTO'],
    optIn: ['ISCRIVIMI', 'ISCRIVITI'],
    resume: ['RIPRENDI'],
  },
};
