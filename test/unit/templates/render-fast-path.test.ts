import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineTemplate } from '../../../src/templates/define-template.js';
import { renderTemplate } from '../../../src/templates/render-template.js';
import type { RenderTemplateOptions } from '../../../src/templates/render-template.js';
import { renderText } from '../../../src/templates/render-text.js';
import type { MergeRecord } from '../../../src/templates/definition.js';
import type { Template } from '../../../src/templates/template.js';
import { planOf } from '../../../src/templates/template.js';
import { isReadyParameterText, isBlank, isInvalidParameterText } from '../../../src/templates/values.js';

// Rendering reads a one-segment field of a plain object directly and takes a visible value that
// needs no fixing as it is. A Map record always takes the general path (resolvePath, full
// checks), so the two must render alike and fail alike.

const named = defineTemplate({
  name: 'fast_named', language: 'en_US', category: 'UTILITY',
  header: { type: 'text', text: 'Order {{order_id}}' },
  body: 'Hi {{first_name}}, order {{order_id}} ships with {{carrier}} from {{constructor}} today.',
  footer: 'Reply STOP to opt out',
  variables: {
    first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' },
    order_id: { bind: 'order_id', example: 'A-1' },
    carrier: { bind: 'carrier', example: 'DHL' },
    constructor: { bind: 'constructor', example: 'Acme' },
  },
  buttons: [{ type: 'url', text: 'Track', url: 'https://t.example/{{1}}', variable: { bind: 'carrier', example: 'Z1' } }],
});
const positional = defineTemplate({
  name: 'fast_positional', language: 'en_US', category: 'AUTHENTICATION',
  body: '{{1}} is your code for {{2}}.',
  variables: { 1: { bind: 'first_name', example: '123456' }, 2: { bind: 'carrier', example: 'Acme', fallback: 'us' } },
});

const text = fc.string({ unit: fc.constantFrom('a', 'Я', ' ', '     ', '\n', '\t', '\u2028', '\u0085', '\u00a0', '😀', '\uD800', '{{x}}', '1'), maxLength: 20 });
const value = fc.oneof(text, fc.constant(''), fc.constant('   '), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date(), fc.array(text, { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const record = fc.record({ first_name: value, order_id: value, carrier: value, constructor: value }, { requiredKeys: [] });
const options = fc.record({ onInvalidParameter: fc.constantFrom('fix' as const, 'fail' as const) }, { requiredKeys: [] });

/** The result, or the error's code, message and details. */
function outcome(fn: () => unknown): unknown {
  try {
    return { result: fn() };
  } catch (error) {
    const e = error as { code?: string; message: string; details?: unknown };
    return { error: { code: e.code, message: e.message, details: e.details } };
  }
}

function renderBoth(template: Template, values: Record<string, unknown>, opts: RenderTemplateOptions): [unknown, unknown] {
  const asMap = new Map(Object.entries(values)) as unknown as MergeRecord;
  return [outcome(() => renderTemplate(template, values, opts)), outcome(() => renderTemplate(template, asMap, opts))];
}

describe('renderTemplate fast path', () => {
  it('renders a plain-object record exactly like the same record as a Map (property)', () => {
    fc.assert(
      fc.property(record, options, fc.constantFrom(named, positional), (values, opts, template) => {
        const [direct, general] = renderBoth(template, values, opts);
        expect(direct).toEqual(general);
      }),
      { numRuns: 1500 },
    );
  });

  it('reads a Object.prototype member name only as an own property, like the general path', () => {
    const rendered = outcome(() => renderTemplate(named, { first_name: 'Ivan', order_id: 'A-1', carrier: 'DHL' }));
    expect(rendered).toMatchObject({ error: { code: 'MISSING_FIELDS' } });
  });

  it('reads getters of class instances and wraps a throwing getter in BINDING_FAILED', () => {
    class Deal {
      get first_name(): string { return 'Ivan'; }
      get order_id(): string { throw new Error('not loaded'); }
    }
    const error = outcome(() => renderTemplate(named, new Deal() as unknown as MergeRecord));
    expect(error).toEqual({ error: { code: 'BINDING_FAILED', message: 'Reading {{order_id}} from "order_id" failed: not loaded', details: { variable: 'order_id', field: 'order_id' } } });
  });

  it('renders free text from a plain object exactly like from a Map (property)', () => {
    fc.assert(
      fc.property(record, fc.constantFrom('throw' as const, 'keep' as const, 'empty' as const), (values, onMissing) => {
        const source = 'Hi {{first_name}}, {{ order_id }} via {{carrier}} / {{constructor}} / {{Leads.carrier}}';
        const asMap = new Map(Object.entries(values)) as unknown as MergeRecord;
        expect(outcome(() => renderText(source, values, { onMissing }))).toEqual(outcome(() => renderText(source, asMap, { onMissing })));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('generated render code', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** The same definition, made while the runtime refuses `new Function` (a strict content security policy). */
  function withoutCodeGeneration<T>(define: () => T): T {
    vi.stubGlobal('Function', function refused(): never {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    try {
      return define();
    } finally {
      vi.unstubAllGlobals();
    }
  }

  const definition = {
    name: 'generated_named', language: 'en_US', category: 'UTILITY',
    body: 'Hi {{first_name}}, "{{order_id}}" \\ ships with {{carrier}}; {{deal_proto}} ${x} `q` \u2028 today.',
    variables: {
      first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' },
      order_id: { bind: 'order_id', example: 'A-1' },
      carrier: { bind: 'carrier', example: 'DHL' },
      deal_proto: { bind: 'Deal.proto', example: 'p' },
    },
  } as const;

  it('renders exactly like the generic path where code generation is refused (property)', () => {
    const generated = defineTemplate(definition);
    const generic = withoutCodeGeneration(() => defineTemplate(definition));
    expect(planOf(generic).code).toEqual({ read: undefined, body: undefined, bodyParameters: undefined });
    expect(planOf(generated).code.read).toBeTypeOf('function');
    fc.assert(
      fc.property(record, options, (values, opts) => {
        const withProto = { ...values, Deal: { proto: 'p' } };
        expect(outcome(() => renderTemplate(generated, withProto, opts))).toEqual(outcome(() => renderTemplate(generic, withProto, opts)));
      }),
      { numRuns: 800 },
    );
  });

  it('keeps quotes, backslashes and template syntax in literals as text', () => {
    const rendered = renderTemplate(defineTemplate(definition), { first_name: 'Ivan', order_id: 'A-1', carrier: 'DHL', Deal: { proto: 'P' } });
    expect(rendered.preview).toBe('Hi Ivan, "A-1" \\ ships with DHL; P ${x} `q` \u2028 today.');
    expect(Object.entries(rendered.bodyParameters)).toEqual([['first_name', 'Ivan'], ['order_id', 'A-1'], ['carrier', 'DHL'], ['deal_proto', 'P']]);
  });

  it('reports the getter that threw, by variable, from the generated reader', () => {
    const error = outcome(() => renderTemplate(defineTemplate(definition), { first_name: 'Ivan', get order_id(): string { throw new Error('lazy field'); }, carrier: 'DHL', Deal: { proto: 'P' } }));
    expect(error).toMatchObject({ error: { code: 'BINDING_FAILED', details: { variable: 'order_id', field: 'order_id' } } });
  });
});

describe('isReadyParameterText', () => {
  it('is true only for text that is neither blank nor refused by WhatsApp (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        if (isReadyParameterText(t)) expect(!isBlank(t) && !isInvalidParameterText(t)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(isReadyParameterText('DHL Express')).toBe(true);
    expect(isReadyParameterText(' DHL')).toBe(false);
    expect(isReadyParameterText('a\nb')).toBe(false);
  });
});
