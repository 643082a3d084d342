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

// Every variable is one property of the record, so these render through the generated renderer.
const generatedNamed = defineTemplate({
  name: 'generated_named_full', language: 'en_US', category: 'UTILITY',
  header: { type: 'text', text: 'Order "{{order_id}}"' },
  body: 'Hi {{first_name}}, order {{order_id}} ships with {{carrier}} \\ today.',
  footer: 'Reply "STOP" to opt out',
  variables: {
    first_name: { bind: 'first_name', example: 'Ivan', fallback: 'there' },
    order_id: { bind: 'order_id', example: 'A-1' },
    carrier: { bind: 'carrier', example: 'DHL' },
  },
  buttons: [
    { type: 'url', text: 'Track', url: 'https://t.example/{{1}}', variable: { bind: 'carrier', example: 'Z1' } },
    { type: 'copy_code', code: { bind: 'order_id', example: 'A-1' } },
  ],
});
const generatedPositional = defineTemplate({
  name: 'generated_positional', language: 'ru', category: 'UTILITY',
  header: { type: 'text', text: 'Заказ {{1}}', variable: { bind: 'order_id', example: 'A-1' } },
  body: '{{2}}, ваш заказ {{1}} передан в {{3}}.',
  variables: { 1: { bind: 'order_id', example: 'A-1' }, 2: { bind: 'first_name', example: 'Иван' }, 3: { bind: 'carrier', example: 'СДЭК' } },
});

const text = fc.string({ unit: fc.constantFrom('a', 'Я', ' ', '     ', '\n', '\t', '\u2028', '\u0085', '\u00a0', '😀', '\uD800', '{{x}}', '1'), maxLength: 20 });
// Visible text WhatsApp accepts as it is: what the generated renderer handles itself.
const readyText = fc.string({ unit: fc.constantFrom('a', 'Я', '1', '😀', '-', '"', '\\'), minLength: 1, maxLength: 16 });
const value = fc.oneof({ arbitrary: readyText, weight: 6 }, text, fc.constant(''), fc.constant('   '), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date(), fc.array(text, { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const record = fc.oneof(
  fc.record({ first_name: value, order_id: value, carrier: value, constructor: value }, { requiredKeys: [] }),
  fc.record({ first_name: readyText, order_id: readyText, carrier: readyText, constructor: readyText }),
);
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
    expect(planOf(positional).code.render).toBeTypeOf('function');
    expect(planOf(generatedNamed).code.render).toBeTypeOf('function');
    expect(planOf(generatedPositional).code.render).toBeTypeOf('function');
    fc.assert(
      fc.property(record, options, fc.constantFrom(named, positional, generatedNamed, generatedPositional), (values, opts, template) => {
        const [direct, general] = renderBoth(template, values, opts);
        expect(direct).toEqual(general);
        // The same properties in the same order, not only equal values.
        expect(JSON.stringify(direct)).toBe(JSON.stringify(general));
      }),
      { numRuns: 1500 },
    );
  });

  it('builds the whole result in generated code when every value is ready, and hands raw values on otherwise', () => {
    const render = planOf(generatedNamed).code.render;
    if (render === undefined) throw new Error('expected a generated renderer');
    const ready = { first_name: 'Ivan', order_id: 'A-1', carrier: 'DHL Express' };
    expect(render(ready)).toEqual(renderTemplate(generatedNamed, new Map(Object.entries(ready)) as unknown as MergeRecord));
    expect(render({ first_name: 'Ivan', order_id: 42, carrier: 'DHL\nExpress' })).toEqual(['Ivan', 42, 'DHL\nExpress', 'DHL\nExpress', 42]);
    const positionalRender = planOf(positional).code.render;
    // Authentication parameters are at most 15 characters: a longer value takes the generic path.
    expect(positionalRender?.({ first_name: '1234567890123456', carrier: 'Acme' })).toEqual(['1234567890123456', 'Acme']);
    // A getter that throws in the generated renderer is reported by its variable.
    const throwing = { first_name: 'Ivan', get order_id(): string { throw new Error('lazy field'); }, carrier: 'DHL' };
    expect(outcome(() => renderTemplate(generatedNamed, throwing))).toMatchObject({ error: { code: 'BINDING_FAILED', details: { variable: 'order_id', field: 'order_id' } } });
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
