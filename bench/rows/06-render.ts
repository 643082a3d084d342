/**
 * Template rendering: `renderTemplate` (a template made once by `defineTemplate`) vs mustache
 * and handlebars on the same text and records, with their HTML escaping turned off (chat text is
 * never HTML-escaped, so that is the like-for-like comparison; the defaults would also be wrong).
 */
import Handlebars from 'handlebars';
import Mustache from 'mustache';
import { defineTemplate, renderTemplate } from '../../src/templates/index.js';
import { compareThroughput, medianRatio } from '../lib/measure.js';
import { measured } from '../lib/result.js';
import { formatNumber } from '../lib/table.js';
import type { BenchRow } from '../lib/result.js';

const NAME = 'Render: renderTemplate (7 fields, ~200 chars)';

const BODY =
  'Hi {{first_name}}, your order {{order_id}} from {{store}} has shipped with {{carrier}}. ' +
  'Tracking number: {{tracking}}. It should arrive on {{eta}}. Questions? Call {{phone}} and mention your order number.';
const FIELDS = ['first_name', 'order_id', 'store', 'carrier', 'tracking', 'eta', 'phone'] as const;

/**
 * Four 25-field records, rotated between calls so no renderer sees one constant input. They
 * come out of `JSON.parse`, as a CRM's records come from its API or database driver: strings
 * the benchmark built by concatenation would stay V8 ropes, which no real record holds.
 */
function records(): Record<string, string>[] {
  const names = ['Jessica', 'Иван', 'María José', 'Wei'];
  const built = names.map((name, n) => {
    const record: Record<string, string> = {
      first_name: name, order_id: `SKBUP2-4CPIG${n}`, store: 'Acme Store', carrier: 'DHL Express', tracking: `JD01460000${n}3456789`,
      eta: `Thursday, ${n + 12} March`, phone: '+34 612 345 678',
    };
    for (let extra = 0; extra < 18; extra++) record[`extra_${extra}`] = `value ${extra}`;
    return record;
  });
  return JSON.parse(JSON.stringify(built)) as Record<string, string>[];
}

const row: BenchRow = {
  id: 'render',
  async run({ budget }) {
    const template = defineTemplate({
      name: 'order_shipped_tracking', language: 'en_US', category: 'UTILITY', body: BODY,
      variables: Object.fromEntries(FIELDS.map((field) => [field, { bind: field, example: 'x' }])),
    });
    const data = records();
    const mustacheTemplate = BODY;
    Mustache.parse(mustacheTemplate);
    const noEscape = { escape: (value: unknown) => String(value) };
    const handlebars = Handlebars.compile(BODY, { noEscape: true });

    // Same output from all three before anything is timed.
    for (const record of data) {
      const ours = renderTemplate(template, record).preview;
      if (ours !== Mustache.render(mustacheTemplate, record, undefined, noEscape) || ours !== handlebars(record)) {
        throw new Error(`renderers disagree on ${JSON.stringify(record.first_name)}`);
      }
    }

    // Every result is consumed with charCodeAt(last): V8 leaves concatenations lazy (ropes), and
    // an unread rope would let a renderer skip the work of building the string.
    let n = 0;
    const next = (): Record<string, string> => data[n++ & 3] ?? {};
    const last = (s: string): number => s.charCodeAt(s.length - 1);
    const [ours, mustache, hbs] = await compareThroughput([
      { name: 'renderTemplate', kind: 'sync', op: () => last(renderTemplate(template, next()).preview) },
      { name: 'mustache', kind: 'sync', op: () => last(Mustache.render(mustacheTemplate, next(), undefined, noEscape)) },
      { name: 'handlebars', kind: 'sync', op: () => last(handlebars(next())) },
    ], budget);
    if (ours === undefined || mustache === undefined || hbs === undefined) throw new Error('missing case result');

    const how = `${BODY.length}-char body, 4 rotating 25-field records, identical output checked first; ${budget.rounds} interleaved rounds × ${budget.sampleMs} ms, median`;
    return [
      measured({
        name: NAME, unit: 'renders/s', value: ours.opsPerSecond, better: 'higher', ratio: medianRatio(ours, mustache),
        reference: { name: 'mustache 4.2 render, parse cached, escape off', value: mustache.opsPerSecond },
        note: `${how}. Ours also builds the provider parameters (bodyParameters, outbound) and sanitizes each value for WhatsApp. Renders per CPU-second: ours ${formatNumber(1e6 / ours.cpuMicrosPerOp)}, mustache ${formatNumber(1e6 / mustache.cpuMicrosPerOp)}. Target: ≥ 3× mustache.`,
      }),
      measured({
        name: NAME, unit: 'renders/s', value: ours.opsPerSecond, better: 'higher', ratio: medianRatio(ours, hbs),
        reference: { name: 'handlebars 4.7 compiled once, noEscape', value: hbs.opsPerSecond },
        note: 'handlebars compiles the template to a JavaScript function once (outside the timing).',
      }),
    ];
  },
};

export default row;
