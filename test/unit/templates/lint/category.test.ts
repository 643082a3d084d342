import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../../../src/core/errors.js';
import { lintTemplate, lintText, suggestCategory } from '../../../../src/templates/lint/index.js';
import type { LintableTemplate, LintIssue, LintTextOptions } from '../../../../src/templates/lint/index.js';
import { LINT_REASONS } from '../../../../src/templates/lint/index.js';
import { REASON_BITS } from '../../../../src/templates/lint/issues.js';

const utility = (language: string): LintTextOptions => ({ category: 'UTILITY', language });
const errors = (issues: readonly LintIssue[]): LintIssue[] => issues.filter((i) => i.severity === 'error');
const reasonsOf = (text: string, language: string): string[] => errors(lintText(text, utility(language)).issues).map((i) => i.reason ?? i.code);

describe('promotional wording in UTILITY is an error with its reason', () => {
  it.each([
    ['en', 'Your card was charged. Treat yourself: 15% off all sneakers this weekend only!', ['PERCENT_OFF', 'URGENCY']],
    ['en', 'Your booking is confirmed. Upgrade now to a sea-view room!', ['UPSELL']],
    ['ru', 'Заказ оплачен. Дарим промокод на следующую покупку!', ['FREE_GIFT', 'COUPON']],
    ['es', 'Pago recibido. ¡Aprovecha el envío gratis en tu próximo pedido!', ['URGENCY', 'FREE_GIFT']],
    ['pt', 'Pagamento confirmado. Garanta já o seu cupom de 10%!', ['CALL_TO_BUY', 'COUPON']],
    ['zh_CN', '订单已支付。限时秒杀，立即抢购！', ['URGENCY', 'DISCOUNT', 'CALL_TO_BUY']],
    ['zh_TW', '訂單已付款，新品上市，買一送一！', ['NEW_PRODUCT', 'FREE_GIFT']],
    ['tr', 'Ödemeniz alındı. Yeni sezon ürünlerinde indirim başladı!', ['NEW_PRODUCT', 'DISCOUNT']],
    ['id', 'Pembayaran diterima. Ada voucher diskon untuk belanja berikutnya!', ['COUPON', 'DISCOUNT']],
    ['ar', 'تم استلام الدفع. احصل على شحن مجاني على طلبك القادم!', ['FREE_GIFT']],
    ['hi', 'भुगतान प्राप्त हुआ। अगली खरीदारी पर 20% की छूट पाएं!', ['PERCENT_OFF']],
    ['hi', 'Payment mil gaya. Agle order par 20% ki chhoot, sirf aaj!', ['PERCENT_OFF', 'URGENCY']],
    ['de', 'Zahlung erhalten. Sichern Sie sich jetzt 10 % Rabatt auf Ihre nächste Bestellung!', ['CALL_TO_BUY', 'PERCENT_OFF']],
    ['fr', 'Paiement reçu. Profitez-en : livraison offerte sur votre prochaine commande !', ['URGENCY', 'FREE_GIFT']],
    ['it', 'Pagamento ricevuto. Approfitta dei saldi: spedizione gratuita!', ['CALL_TO_BUY', 'DISCOUNT', 'FREE_GIFT']],
    ['uk', 'Оплату отримано. Даруємо знижку 10% на наступне замовлення!', ['FREE_GIFT', 'DISCOUNT']],
    ['kk', 'Төлем қабылданды. Келесі тапсырысқа 10% жеңілдік!', ['PERCENT_OFF']],
  ])('%s: %s', (language, text, expected) => {
    const found = reasonsOf(text, language);
    for (const reason of expected) expect(found).toContain(reason);
  });
});

describe('factual uses in transactional sentences are not errors', () => {
  it.each([
    ['en', 'Your free trial ends on May 3, after which your plan is billed monthly.'],
    ['en', 'Your gift card ending in 4821 has a balance of $20.00.'],
    ['en', 'The discount you applied was removed from order 123 because the code had expired.'],
    ['en', 'Your refund was processed free of charge under warranty.'],
    ['en', 'We are unable to offer a refund for order 77 because the return window has closed.'],
    ['en', 'Your point-of-sale terminal was activated.'],
    ['ru', 'Применённая скидка по заказу №5 пересчитана.'],
    ['ru', 'Осталось 2 дня до окончания действия полиса.'],
    ['es', 'El cupón usado en el pedido 12 fue devuelto a tu cuenta.'],
    ['pt', 'Obrigado pela preferência, volte sempre!'],
    ['zh_CN', '您的退款已完成，订单使用的优惠券已退回您的账户。'],
    ['de', 'Ihr Angebot Nr. 4711 über 1.250,00 € ist bis zum 30.06. gültig.'],
    ['fr', 'Votre colis vous sera remis en main propre demain.'],
    ['it', 'In allegato lo scontrino del tuo acquisto.'],
    ['ar', 'تعذر خصم المبلغ من بطاقتك، يرجى تحديث بيانات الدفع.'],
    ['tr', 'Faturanızdaki %20 KDV toplam tutara dahildir.'],
  ])('%s: %s', (language, text) => {
    expect(errors(lintText(text, utility(language)).issues)).toEqual([]);
  });

  it('reports an ambiguous word alone as a warning, not an error', () => {
    const result = lintText('Your order includes a bonus item.', utility('en'));
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'POSSIBLY_PROMOTIONAL', severity: 'warning', reason: 'BONUS', match: 'bonus' })]);
  });

  it('turns two different ambiguous signals in one sentence into an error', () => {
    expect(lintText('Big sale 🔥 this week.', utility('en')).ok).toBe(false);
  });

  it('keeps a downgraded word a warning but still flags a call to action next to it', () => {
    const state = lintText('The coupon used on order 9 was returned to your account.', utility('en'));
    expect(state.ok).toBe(true);
    expect(state.issues[0]).toMatchObject({ code: 'POSSIBLY_PROMOTIONAL', reason: 'COUPON' });
    expect(lintText('Your coupon was applied. Shop now for more!', utility('en')).ok).toBe(false);
  });

  it('treats a promo word inside a capitalized product name as a warning', () => {
    const result = lintText('Your order for the Summer Sale Dress has shipped.', utility('en'));
    expect(result.ok).toBe(true);
    expect(result.issues[0]).toMatchObject({ reason: 'DISCOUNT', severity: 'warning' });
  });

  it('says in each message what was matched, what it reads as, and what decided it', () => {
    const messages = (text: string, category: LintTextOptions['category'] = 'UTILITY'): string[] => lintText(text, { category, language: 'en' }).issues.map((i) => i.message);
    expect(messages('Get 20% off today.')).toEqual(['"Get 20%" reads as a percentage off; Meta treats such UTILITY templates as MARKETING.']);
    expect(messages('Get 20% off today.', 'AUTHENTICATION')).toEqual(['"Get 20%" reads as a percentage off; Meta treats such AUTHENTICATION templates as MARKETING.']);
    expect(messages('Sale on everything, free returns.')).toEqual([
      '"Sale" reads as a discount or sale together with other promotional wording in the same sentence; Meta treats such UTILITY templates as MARKETING.',
      '"free" reads as a free gift or freebie together with other promotional wording in the same sentence; Meta treats such UTILITY templates as MARKETING.',
    ]);
    expect(messages('The discount you applied was removed from order 5531.')).toEqual([
      '"discount" can read as a discount or sale — here it reports an order or account state, which is fine if nothing else sells.',
    ]);
    expect(messages('Your order for the Summer Sale Dress has shipped.')).toEqual([
      '"Summer Sale" can read as a discount or sale — here it looks like part of a product or brand name; add the name to `allow` if it is one.',
    ]);
    expect(messages('We reviewed your offer.')).toEqual(['"offer" can read as a discount or sale — ambiguous on its own; check the sentence does not promote anything.']);
    expect(messages('Your verification code is 123456.')).toEqual([
      '"verification code" announces a one-time passcode; only AUTHENTICATION templates may send one (Meta rejects UTILITY templates that do).',
    ]);
  });
});

describe('evasions are normalized before matching', () => {
  it.each([
    ['en', 'Your invoice is ready. Big ѕаle this weekend!'],
    ['ru', 'Ваш счёт оплачен. Ски\u200Bдка 10% на следующий заказ.'],
    ['en', 'Order confirmed. Use c0de for fr33 shipping next time!'],
    ['en', 'Order confirmed. Huge s-a-l-e starts Friday.'],
    ['en', 'Order confirmed. ＦＲＥＥ ＳＨＩＰＰＩＮＧ on your next order.'],
    ['tr', 'Siparişiniz alındı. TÜM ÜRÜNLERDE İNDİRİM!'],
    ['ar', 'تم الدفع. خـصـم ٢٠٪ على طلبك القادم.'],
    ['hi', 'भुगतान हो गया। अगले ऑर्डर पर ५०% की छूट।'],
  ])('%s: %s', (language, text) => {
    expect(errors(lintText(text, utility(language)).issues).some((i) => i.code === 'PROMOTIONAL_CONTENT')).toBe(true);
  });

  it('decodes leetspeak that ends in digits, but reads a code written in capitals as a code', () => {
    const leet = lintText('Pedido confirmado. Envío grat15 en tu próxima compra.', utility('es')).issues.find((i) => i.code === 'PROMOTIONAL_CONTENT');
    expect(leet?.match).toBe('Envío grat15');
    // GRAT15, written as a code, is not read as "gratis": it is reported as the code it is.
    const code = lintText('Pedido confirmado. Usa el código GRAT15 en tu próxima compra.', utility('es')).issues;
    expect(code.filter((i) => i.match?.includes('GRAT15') === true).map((i) => i.reason)).toEqual(['COUPON']);
  });

  it('points spans at the original text, including hidden characters', () => {
    const text = 'Paid. Ски\u200Bдка 10%!';
    const issue = lintText(text, utility('ru')).issues.find((i) => i.reason === 'DISCOUNT');
    expect(issue?.span.part).toBe('text');
    expect(text.slice(issue?.span.start, issue?.span.end)).toBe('Ски\u200Bдка');
  });

  it('finds promo codes after a code word, but not booking references', () => {
    expect(reasonsOf('Thanks! Your next order: code SPRING25.', 'en')).toContain('COUPON');
    expect(reasonsOf('Your booking code is XJ4K2P.', 'en')).toEqual([]);
  });

  it.each([
    ['es', 'Usa el código VERANO30 en tu compra', 'VERANO30'],
    ['es', 'Tu cupón VERANO30 te espera', 'VERANO30'],
    ['pt', 'Seu código VERAO20 já vale', 'VERAO20'],
    ['tr', 'İndirim kodu YAZ30 ile', 'YAZ30'],
    ['tr', 'Kodunu YAZ30 unutma', 'YAZ30'],
  ])('%s: finds the code after a cue word written with an accent or a suffix (%s)', (language, text, code) => {
    expect(lintText(text, utility(language)).issues).toContainEqual(expect.objectContaining({ reason: 'COUPON', match: code }));
  });

  it('reports a code once when a wording match already covers it', () => {
    const { issues } = lintText('You left code SAVE20 in your cart', utility('en'));
    expect(issues.map((i) => [i.reason, i.match])).toEqual([['ABANDONED_CART', 'left code SAVE20 in your cart']]);
  });

  it('flags campaign links (utm_ parameters, /sale paths) as warnings', () => {
    const result = lintText('Your receipt: https://shop.example/receipt/1?utm_campaign=spring', utility('en'));
    expect(result.issues).toEqual([expect.objectContaining({ reason: 'PROMO_LINK', severity: 'warning' })]);
  });
});

describe('one-time codes belong in AUTHENTICATION', () => {
  it.each([
    ['en', 'Your verification code is 482913. Do not share it.'],
    ['ru', 'Код подтверждения: 4821. Никому его не сообщайте.'],
    ['zh_CN', '您的验证码为{{1}}，请勿泄露。'],
    ['de', 'Ihr Bestätigungscode lautet 552901.'],
    ['id', 'Kode OTP Anda 889100, jangan berikan kepada siapa pun.'],
  ])('%s: %s', (language, text) => {
    const issue = lintText(text, utility(language)).issues.find((i) => i.code === 'ONE_TIME_CODE_NOT_AUTHENTICATION');
    expect(issue).toMatchObject({ severity: 'error', reason: 'OTP_IN_UTILITY' });
  });

  it('does not flag a security notice without a code', () => {
    expect(lintText('We will never ask for your verification code.', utility('en')).ok).toBe(true);
  });

  it('allows the code in AUTHENTICATION but still refuses promotional wording there', () => {
    expect(lintText('Your verification code is 482913.', { category: 'AUTHENTICATION', language: 'en' }).ok).toBe(true);
    expect(lintText('Your code is 482913. Shop now for 20% off!', { category: 'AUTHENTICATION', language: 'en' }).ok).toBe(false);
  });

  it('allows promotional wording in MARKETING but not a one-time code', () => {
    expect(lintText('Flash sale: 50% off everything, today only!', { category: 'MARKETING', language: 'en' }).ok).toBe(true);
    expect(lintText('Your login code is 123456.', { category: 'MARKETING', language: 'en' }).ok).toBe(false);
  });
});

describe('lintTemplate reads every part Meta reviews', () => {
  const template: LintableTemplate = {
    name: 'order_shipped',
    language: 'en_US',
    category: 'UTILITY',
    header: { type: 'text', text: 'Order {{1}} shipped' },
    body: 'Hello {{1}}, your order {{2}} is on its way and will arrive tomorrow.',
    footer: 'Reply STOP to opt out',
    buttons: [{ type: 'quick_reply', text: 'Shop now' }],
    variables: [
      { name: '1', example: 'Anna' },
      { name: '2', example: 'Summer SALE -50%' },
    ],
  };

  it('flags promotional button labels and example values with their part and index', () => {
    const result = lintTemplate(template);
    expect(result.ok).toBe(false);
    expect(result.issues.find((i) => i.span.part === 'button')).toMatchObject({ reason: 'CALL_TO_BUY', span: { part: 'button', index: 0, start: 0, end: 8 } });
    const example = result.issues.filter((i) => i.span.part === 'example');
    expect(example.map((i) => i.reason)).toEqual(['DISCOUNT', 'PERCENT_OFF']);
    expect(example[1]?.span).toEqual({ part: 'example', index: 1, start: 12, end: 16 });
  });

  it('warns about a copy-code button in a UTILITY template', () => {
    const result = lintTemplate({ ...template, buttons: [{ type: 'copy_code', example: 'SAVE10' }], variables: [{ name: '1', example: 'Anna' }, { name: '2', example: 'A-1' }] });
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'COPY_CODE_IN_UTILITY', severity: 'warning' }));
  });

  it('applies severity overrides by reason or code, and allow-listed names', () => {
    const options = { severityOverrides: { CALL_TO_BUY: 'off', PROMOTIONAL_CONTENT: 'warning' }, allow: [] } as const;
    const tuned = lintTemplate(template, options);
    expect(tuned.ok).toBe(true);
    expect(tuned.issues.some((i) => i.reason === 'CALL_TO_BUY')).toBe(false);
    expect(tuned.issues.find((i) => i.reason === 'PERCENT_OFF')?.severity).toBe('warning');
    const named = lintText('Your Black Friday Box subscription renews on May 3.', { category: 'UTILITY', language: 'en', allow: ['Black Friday Box'] });
    expect(named.issues).toEqual([]);
  });

  it('rejects malformed options with a typed error', () => {
    expect(() => lintTemplate(template, { allow: [42 as unknown as string] })).toThrow();
    try {
      lintText('x', { category: 'PROMO' as 'UTILITY' });
    } catch (error) {
      expect(hasErrorCode(error, 'INVALID_INPUT')).toBe(true);
    }
  });
});

describe('suggestCategory', () => {
  const make = (body: string, language = 'en'): LintableTemplate => ({ name: 't', language, category: 'UTILITY', body });

  it('reads one-time codes as AUTHENTICATION, promotions as MARKETING, the rest as UTILITY, with evidence', () => {
    expect(suggestCategory(make('Your login code is 123456.')).category).toBe('AUTHENTICATION');
    const marketing = suggestCategory(make('Thanks for your order! You may also like our new arrivals.'));
    expect(marketing.category).toBe('MARKETING');
    expect(marketing.evidence.map((e) => e.reason)).toEqual(['UPSELL', 'NEW_PRODUCT']);
    expect(suggestCategory(make('Your order 12 has shipped.'))).toEqual({ category: 'UTILITY', evidence: [] });
  });
});

describe('URL buttons', () => {
  it('reads the label and the address separately, marking address spans with field: url', () => {
    const result = lintTemplate({
      name: 'order_shipped',
      language: 'en',
      category: 'UTILITY',
      body: 'Hello {{1}}, your order has shipped and will arrive tomorrow.',
      buttons: [{ type: 'url', text: 'Track order', url: 'https://shop.example/sale?utm_source=wa' }],
      variables: [{ name: '1', example: 'Anna' }],
    });
    const link = result.issues.find((i) => i.reason === 'PROMO_LINK');
    expect(link?.span).toEqual({ part: 'button', index: 0, field: 'url', start: 0, end: 39 });
  });
});

describe('reason bits', () => {
  it('give every reason its own bit of a 32-bit integer (sets of reasons are held in numbers)', () => {
    let all = 0;
    for (const reason of LINT_REASONS) {
      const bit = REASON_BITS[reason];
      expect(bit).toBeGreaterThan(0);
      expect(all & bit).toBe(0);
      all |= bit;
    }
    expect(all).toBeGreaterThan(0);
    expect(LINT_REASONS.length).toBeLessThanOrEqual(31);
  });
});
