import type { ChannelAdapter, OutboundTemplate } from '../../channels/adapter.js';
import { parseWith } from '../../core/validation.js';
import type { MessageContent } from '../../model/message.js';
import { MAX_ATTACHMENTS, attachmentSchema } from '../../model/message.js';
import type { TemplateCategory, TemplateRecord } from '../../model/template.js';
import { lintText } from '../../templates/lint/lint-template.js';
import { isTemplateSendable } from '../../templates/lifecycle.js';
import { fromTemplateRecord } from '../../templates/record.js';
import { renderTemplate } from '../../templates/render-template.js';
import { renderText } from '../../templates/render-text.js';
import { facadeError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { TemplateRef } from '../send-types.js';
import { z } from 'zod';

/** A message ready to store: its content and what the rules and the price book need to know. */
export interface PreparedContent {
  content: MessageContent;
  /** `template` only for provider templates; a template rendered to text on VK is free-form. */
  kind: 'free_form' | 'template';
  /** The template's category (for consent purpose and price), when a template is used. */
  category?: TemplateCategory;
}

interface ContentInput {
  template?: TemplateRef | undefined;
  text?: string | undefined;
  attachments?: readonly unknown[] | undefined;
  data?: Readonly<Record<string, unknown>> | undefined;
}

const attachmentsSchema = z.array(attachmentSchema).max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} attachments per message`);

/**
 * Builds the content of a send: an approved template rendered with the record's values (its
 * values linted when it is a notification), or free text with merge fields, and/or up to five
 * attachments checked against what the channel accepts.
 *
 * @throws SwitchboardError `INVALID_INPUT` (nothing to send, template mixed with text, too many
 *   attachments), `TEMPLATE_NOT_FOUND`, `TEMPLATE_NOT_APPROVED`, `TEMPLATE_VALUES_REFUSED`,
 *   `MISSING_FIELDS` (a merge field without a value), `UNSUPPORTED_CONTENT`.
 */
export async function prepareContent(rt: Runtime, adapter: ChannelAdapter, input: ContentInput): Promise<PreparedContent> {
  const attachments = input.attachments === undefined ? [] : parseWith(z.object({ attachments: attachmentsSchema }), { attachments: input.attachments }, 'send input').attachments;
  if (input.template !== undefined) {
    if (input.text !== undefined || attachments.length > 0) {
      throw facadeError('UNSUPPORTED_CONTENT', 'A template is sent on its own: drop text and attachments (put media in the template header)', { field: 'template', remedy: 'fix_input' });
    }
    return await templateContent(rt, adapter, input.template, input.data ?? {});
  }
  const text = input.text === undefined ? undefined : renderMergeFields(input.text, input.data);
  if (attachments.length === 0) {
    if (text === undefined || text.trim() === '') {
      throw facadeError('UNSUPPORTED_CONTENT', 'Nothing to send: give text, attachments or a template', { field: 'text', remedy: 'fix_input' });
    }
    if (text.length > adapter.capabilities.maxTextLength && !adapter.capabilities.splitsLongText) {
      throw facadeError('UNSUPPORTED_CONTENT', `The text is ${text.length} characters; ${adapter.channel} takes at most ${adapter.capabilities.maxTextLength}`, { field: 'text', remedy: 'fix_input' });
    }
    return { content: { type: 'text', text }, kind: 'free_form' };
  }
  attachments.forEach((attachment, index) => {
    const limit = adapter.capabilities.media[attachment.kind];
    if (limit === undefined) {
      throw facadeError('UNSUPPORTED_CONTENT', `${adapter.channel} cannot send a ${attachment.kind} attachment`, { field: `attachments[${index}].kind`, remedy: 'fix_input' });
    }
    if (attachment.sizeBytes !== undefined && attachment.sizeBytes > limit.maxBytes) {
      throw facadeError('UNSUPPORTED_CONTENT', `attachments[${index}] is ${attachment.sizeBytes} bytes; ${adapter.channel} takes ${attachment.kind} files up to ${limit.maxBytes}`, { field: `attachments[${index}].sizeBytes`, remedy: 'fix_input' });
    }
  });
  return { content: { type: 'media', attachments, ...(text === undefined || text === '' ? {} : { text }) }, kind: 'free_form' };
}

function renderMergeFields(text: string, data: Readonly<Record<string, unknown>> | undefined): string {
  if (!text.includes('{{')) return text;
  return renderText(text, data ?? {}).text;
}

async function templateContent(rt: Runtime, adapter: ChannelAdapter, ref: TemplateRef, data: Readonly<Record<string, unknown>>): Promise<PreparedContent> {
  const record = await findTemplate(rt, ref);
  const providerTemplates = adapter.capabilities.templates;
  if (providerTemplates && !isTemplateSendable(record)) {
    throw facadeError('TEMPLATE_NOT_APPROVED', `Template "${record.name}" (${record.language}) is ${record.status}; only approved templates can be sent${record.rejectionReason === undefined ? '' : ` (rejected: ${record.rejectionReason})`}`, {
      field: 'template', remedy: 'none', details: { templateId: record.id, status: record.status },
    });
  }
  const bindings = rt.config.templates.bindings[record.name];
  const template = fromTemplateRecord(record, {
    ...(bindings === undefined ? {} : { bindings }),
    ...(rt.config.templates.modules === undefined ? {} : { modules: rt.config.templates.modules }),
  });
  const rendered = renderTemplate(template, data);
  checkValues(rt, record, rendered.outbound);
  if (!providerTemplates) {
    // Channels without provider templates (VK) get the rendered text: "text templates first".
    return { content: { type: 'text', text: rendered.preview }, kind: 'free_form', category: record.category };
  }
  const outbound = rendered.outbound;
  return {
    content: {
      type: 'template', name: record.name, language: record.language, parameters: outbound.body, preview: rendered.preview,
      ...(outbound.header === undefined ? {} : { header: outbound.header }),
      ...(outbound.buttons === undefined || outbound.buttons.length === 0 ? {} : { buttons: [...outbound.buttons] }),
    },
    kind: 'template',
    category: record.category,
  };
}

/**
 * A notification (UTILITY) template stays one only if the values put into it are not
 * promotional either ("your order: 50% OFF bundle"): Meta judges the message as sent.
 */
function checkValues(rt: Runtime, record: TemplateRecord, outbound: OutboundTemplate): void {
  const mode = rt.config.templates.lintValues;
  if (mode === 'off' || record.category !== 'UTILITY') return;
  const values = [
    ...Object.values(outbound.body),
    ...(outbound.header?.type === 'text' ? Object.values(outbound.header.parameters) : []),
    ...(outbound.buttons ?? []).map((b) => b.parameter),
  ].filter((v) => v.trim() !== '');
  if (values.length === 0) return;
  const result = lintText(values.join('\n'), { category: 'UTILITY', language: record.language });
  if (result.ok) return;
  const issues = result.issues.filter((i) => i.severity === 'error').map((i) => ({ code: i.code, reason: i.reason, match: i.match }));
  if (mode === 'warn') {
    rt.logger.warn({ template: record.name, issues }, 'Template values read as promotional; Meta may bill the message as marketing');
    return;
  }
  throw facadeError('TEMPLATE_VALUES_REFUSED', `The values for notification template "${record.name}" read as promotional (${issues.map((i) => i.match ?? i.code).join(', ')}); Meta may recategorize it as marketing. Use a marketing template or change the values`, {
    field: 'data', remedy: 'fix_input', details: { templateId: record.id, issues },
  });
}

async function findTemplate(rt: Runtime, ref: TemplateRef): Promise<TemplateRecord> {
  const name = typeof ref === 'string' ? ref : ref.name;
  const language = typeof ref === 'string' ? rt.config.templates.defaultLanguage : ref.language;
  if (language !== undefined) {
    const found = await rt.store.templates.getByName(name, language);
    if (found !== null) return found;
  } else {
    const matches: TemplateRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await rt.store.templates.list({}, { limit: 100, ...(cursor === null ? {} : { cursor }) });
      matches.push(...page.items.filter((t) => t.name === name));
      cursor = page.nextCursor;
    } while (cursor !== null);
    const sendable = matches.filter((t) => isTemplateSendable(t));
    const only = sendable.length === 1 ? sendable[0] : matches.length === 1 ? matches[0] : undefined;
    if (only !== undefined) return only;
    if (matches.length > 1) {
      throw facadeError('TEMPLATE_NOT_FOUND', `Template "${name}" exists in ${matches.map((t) => t.language).join(', ')}: name the language ({ name, language }) or set templates.defaultLanguage`, { field: 'template', remedy: 'fix_input' });
    }
  }
  throw facadeError('TEMPLATE_NOT_FOUND', `No stored template "${name}"${language === undefined ? '' : ` in ${language}`}`, { field: 'template', remedy: 'fix_input' });
}
