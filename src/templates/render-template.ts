import type { OutboundTemplate } from '../channels/adapter.js';
import type { MergeRecord } from './definition.js';
import { AUTHENTICATION_PARAMETER_LENGTH, NO_BUTTONS } from './generated-code.js';
import { invalidParametersError, isObjectRecord, missingFieldsError, runGenerated, resolveValues } from './resolve.js';
import type { ValueFormatter } from './resolve.js';
import { planOf } from './template.js';
import type { CompiledText, ParameterFormat, ParameterOrder, Template } from './template.js';

/** Media for a template's image, video or document header: an uploaded media id or a public link. */
export interface HeaderMedia {
  id?: string;
  link?: string;
  /** Shown for documents. */
  filename?: string;
}

/** How {@link renderTemplate} treats values WhatsApp would refuse, and the inputs a template needs besides the record. */
export interface RenderTemplateOptions {
  /**
   * What to do with a value WhatsApp refuses as a parameter (a line break, a tab, more than four
   * spaces in a row; error 132018): `fix` (default) turns each such run into one space, `fail`
   * throws `INVALID_PARAMETER`.
   */
  onInvalidParameter?: 'fix' | 'fail';
  /** The media of a media header; required when the template has one. */
  headerMedia?: HeaderMedia;
  /** Formats values your way (dates, money) before the default formatting; return `undefined` to keep the default. */
  format?: ValueFormatter;
}

/** Provider parameters of one component: positional (`['Ivan']`) or named (`{ first_name: 'Ivan' }`). */
export type TemplateParameters = string[] | Record<string, string>;

/** A template filled with a record's values. */
export interface RenderedTemplate {
  /** What the customer sees: header text, body and footer, one per line. */
  readonly preview: string;
  /** The same, per component. */
  readonly text: { readonly header?: string; readonly body: string; readonly footer?: string };
  readonly parameterFormat: ParameterFormat;
  readonly bodyParameters: TemplateParameters;
  /** Present when the header has a variable. */
  readonly headerParameters?: TemplateParameters;
  /** URL suffixes (percent-encoded) and copy codes, by button index. */
  readonly buttonParameters: readonly { index: number; subType: 'url' | 'copy_code'; parameter: string }[];
  /** Ready for `OutboundMessage.template`. */
  readonly outbound: OutboundTemplate;
}

/**
 * Fills a template with a record's values in one pass: values are inserted as they are, never
 * parsed again (a value containing `{{x}}` stays literal) and never HTML-escaped. Empty fields
 * take their fallback; parameters are made acceptable to WhatsApp (see `onInvalidParameter`).
 * Values are formatted as `formatValue` documents unless `options.format` says otherwise.
 *
 * @throws SwitchboardError `MISSING_FIELDS` listing every empty field without fallback
 *   (`details.missing`); `INVALID_PARAMETER` for values that cannot be sent
 *   (`details.parameters`); `BINDING_FAILED` when a function binding throws;
 *   `INVALID_TEMPLATE` for an object not made by `defineTemplate` / `fromTemplateRecord`.
 */
export function renderTemplate(template: Template, record: MergeRecord, options: RenderTemplateOptions = {}): RenderedTemplate {
  const plan = planOf(template);
  let raws: unknown[] | undefined;
  if (plan.code.render !== undefined && options.format === undefined && isObjectRecord(record)) {
    const rendered = runGenerated(plan.code.render, plan.variables, record);
    if (!Array.isArray(rendered)) return rendered;
    raws = rendered;
  }
  const fail = options.onInvalidParameter === 'fail';
  const parameterRules = template.category === 'AUTHENTICATION' ? (fail ? AUTH_FAIL : AUTH_FIX) : fail ? FAIL : FIX;
  const { values, missing, invalid } = resolveValues(plan.variables, record, { format: options.format, parameters: parameterRules, keys: plan.keys, read: plan.code.read, raws });
  const header = template.header;
  let media: HeaderMedia | undefined;
  if (header !== undefined && header.type !== 'text') {
    media = options.headerMedia;
    if (media?.id === undefined && media?.link === undefined) missing.push({ variable: 'headerMedia', component: 'header' });
  }
  if (missing.length > 0) throw missingFieldsError(`template "${template.name}"`, missing);
  if (invalid.length > 0) throw invalidParametersError(`template "${template.name}"`, invalid);

  const format = template.parameterFormat;
  const body = plan.code.body !== undefined ? plan.code.body(values) : fill(plan.body, values);
  const bodyParameters = plan.code.bodyParameters !== undefined ? plan.code.bodyParameters(values) : parameters(plan.bodyParameters, values, format);
  const outbound: Mutable<OutboundTemplate> = { name: template.name, language: template.language, body: bodyParameters };
  const text: Mutable<RenderedTemplate['text']> = { body };
  const result: Mutable<RenderedTemplate> = { preview: body, text, parameterFormat: format, bodyParameters, buttonParameters: NO_BUTTONS, outbound };

  if (header?.type === 'text') {
    const headerText = plan.header !== undefined ? fill(plan.header, values) : header.text;
    text.header = headerText;
    result.preview = `${headerText}\n${body}`;
    if (plan.headerParameters !== undefined) {
      const headerParameters = parameters(plan.headerParameters, values, format);
      result.headerParameters = headerParameters;
      outbound.header = { type: 'text', parameters: headerParameters };
    }
  } else if (header !== undefined && media !== undefined) {
    const mediaHeader: Mutable<Extract<NonNullable<OutboundTemplate['header']>, { type: 'image' | 'video' | 'document' }>> = { type: header.type };
    if (media.id !== undefined) mediaHeader.mediaId = media.id;
    if (media.link !== undefined) mediaHeader.link = media.link;
    if (media.filename !== undefined) mediaHeader.filename = media.filename;
    outbound.header = mediaHeader;
  }
  if (template.footer !== undefined) {
    text.footer = template.footer;
    result.preview += `\n${template.footer}`;
  }
  if (plan.buttons.length > 0) {
    const buttons = plan.buttons.map((b) => {
      const value = values[b.variable] ?? '';
      return { index: b.index, subType: b.subType, parameter: b.subType === 'url' ? encodeURIComponent(value.toWellFormed()) : value };
    });
    result.buttonParameters = buttons;
    outbound.buttons = buttons;
  }
  return result;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const FIX = { onInvalid: 'fix', maxLength: undefined } as const;
const FAIL = { onInvalid: 'fail', maxLength: undefined } as const;
const AUTH_FIX = { onInvalid: 'fix', maxLength: AUTHENTICATION_PARAMETER_LENGTH } as const;
const AUTH_FAIL = { onInvalid: 'fail', maxLength: AUTHENTICATION_PARAMETER_LENGTH } as const;

/** Concatenates literals and values; values are never looked at again. */
function fill(text: CompiledText, values: readonly (string | undefined)[]): string {
  const literals = text.parsed.literals;
  let out = literals[0] ?? '';
  for (let i = 0; i < text.slots.length; i++) {
    out += (values[text.slots[i] ?? -1] ?? '') + (literals[i + 1] ?? '');
  }
  return out;
}

function parameters(order: ParameterOrder, values: readonly (string | undefined)[], format: ParameterFormat): TemplateParameters {
  if (format === 'positional') return order.variables.map((v) => values[v] ?? '');
  const named: Record<string, string> = {};
  for (let i = 0; i < order.names.length; i++) {
    const name = order.names[i];
    if (name !== undefined) named[name] = values[order.variables[i] ?? -1] ?? '';
  }
  return named;
}
