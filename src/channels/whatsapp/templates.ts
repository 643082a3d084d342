import { z } from 'zod';
import type { ProviderTemplateSummary } from '../adapter.js';
import { SwitchboardError } from '../../core/errors.js';
import type { TemplateCategory, TemplateRecord, TemplateStatus } from '../../model/template.js';
import { templateCategorySchema } from '../../model/template.js';
import type { WhatsAppErrorCode } from './errors.js';

type Json = Record<string, unknown>;

/** Graph template statuses → Switchboard's lifecycle (unknown ones count as pending review). */
export function templateStatusFromGraph(status: string): TemplateStatus {
  switch (status.toUpperCase()) {
    case 'APPROVED': return 'approved';
    case 'REJECTED': case 'LIMIT_EXCEEDED': return 'rejected';
    case 'PAUSED': case 'LOCKED': return 'paused';
    case 'DISABLED': case 'ARCHIVED': case 'DELETED': case 'PENDING_DELETION': return 'disabled';
    default: return 'pending';
  }
}

const VARIABLE = /\{\{\s*([a-z0-9_]+)\s*\}\}/g;

function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1] ?? '');
}

/**
 * The Business Management API body that submits a template for review
 * (`POST /{waba-id}/message_templates`), with the examples Meta requires.
 *
 * @throws SwitchboardError `WHATSAPP_INVALID_MESSAGE` when a variable used in the text has no example.
 */
export function templateSubmission(template: TemplateRecord): Json {
  const examples = new Map(template.variables.map((v) => [v.name, v.example]));
  const named = template.variables.some((v) => !/^\d+$/.test(v.name)) || variablesIn(template.body).some((n) => !/^\d+$/.test(n));
  const exampleOf = (name: string, field: string): string => {
    const example = examples.get(name);
    if (example === undefined) {
      throw new SwitchboardError<WhatsAppErrorCode>('WHATSAPP_INVALID_MESSAGE', `Template variable {{${name}}} needs an example value for Meta's review`, { field, remedy: 'fix_input' });
    }
    return example;
  };
  const components: Json[] = [];
  const header = template.header;
  if (header?.type === 'text') {
    const vars = variablesIn(header.text);
    const example = vars.length === 0 ? {} : named
      ? { example: { header_text_named_params: vars.map((n) => ({ param_name: n, example: exampleOf(n, 'header.text') })) } }
      : { example: { header_text: vars.map((n) => exampleOf(n, 'header.text')) } };
    components.push({ type: 'HEADER', format: 'TEXT', text: header.text, ...example });
  } else if (header?.type === 'location') {
    components.push({ type: 'HEADER', format: 'LOCATION' });
  } else if (header !== undefined) {
    components.push({ type: 'HEADER', format: header.type.toUpperCase(), ...(header.example === undefined ? {} : { example: { header_handle: [header.example] } }) });
  }
  const bodyVars = variablesIn(template.body);
  const bodyExample = bodyVars.length === 0 ? {} : named
    ? { example: { body_text_named_params: bodyVars.map((n) => ({ param_name: n, example: exampleOf(n, 'body') })) } }
    : { example: { body_text: [bodyVars.map((n) => exampleOf(n, 'body'))] } };
  components.push({ type: 'BODY', text: template.body, ...bodyExample });
  if (template.footer !== undefined) components.push({ type: 'FOOTER', text: template.footer });
  if (template.buttons.length > 0) {
    components.push({
      type: 'BUTTONS',
      buttons: template.buttons.map((button) => {
        switch (button.type) {
          case 'quick_reply': return { type: 'QUICK_REPLY', text: button.text };
          case 'url': return { type: 'URL', text: button.text, url: button.url, ...(button.example === undefined ? {} : { example: [button.example] }) };
          case 'phone_number': return { type: 'PHONE_NUMBER', text: button.text, phone_number: button.phoneNumber };
          case 'copy_code': return { type: 'COPY_CODE', example: button.example };
        }
      }),
    });
  }
  return {
    name: template.name,
    language: template.language,
    category: template.requestedCategory,
    parameter_format: named ? 'named' : 'positional',
    components,
  };
}

export const submitResponseSchema = z.object({
  id: z.string().max(64),
  status: z.string().max(64).optional(),
  category: z.string().max(64).optional(),
});

const graphTemplateSchema = z.object({
  id: z.string().max(64),
  name: z.string().max(512),
  language: z.string().max(16),
  status: z.string().max(64),
  category: z.string().max(64),
  rejected_reason: z.string().max(1024).optional(),
  quality_score: z.object({ score: z.string().max(32) }).optional(),
});

export const listResponseSchema = z.object({
  data: z.array(z.unknown()).max(1_000),
  paging: z.object({ cursors: z.object({ after: z.string().max(1024).optional() }).optional(), next: z.string().max(4096).optional() }).optional(),
});

/** Fields requested when listing templates. */
export const TEMPLATE_LIST_FIELDS = 'id,name,language,status,category,rejected_reason,quality_score';

/** One listed template → summary; `undefined` for an item that does not parse (skipped). */
export function templateSummaryFromGraph(item: unknown): ProviderTemplateSummary | undefined {
  const parsed = graphTemplateSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const t = parsed.data;
  const category = templateCategorySchema.safeParse(t.category.toUpperCase());
  if (!category.success) return undefined;
  return {
    providerTemplateId: t.id,
    name: t.name,
    language: t.language,
    status: templateStatusFromGraph(t.status),
    category: category.data,
    ...(t.rejected_reason === undefined || t.rejected_reason === 'NONE' ? {} : { rejectionReason: t.rejected_reason }),
    ...(t.quality_score === undefined ? {} : { quality: t.quality_score.score }),
  };
}

/** A change to apply to a stored template after a sync. */
export interface TemplateSyncUpdate {
  templateId: TemplateRecord['id'];
  providerTemplateId: string;
  status: TemplateStatus;
  category: TemplateCategory;
  rejectionReason?: string;
  quality?: string;
}

/**
 * Compares stored templates with the provider's list (matched by provider id, else by name and
 * language) and returns the updates to apply; unchanged templates are left out. Meta's category
 * is taken as is (it may have re-categorized the template).
 */
export function diffTemplateStatuses(stored: readonly TemplateRecord[], remote: readonly ProviderTemplateSummary[]): TemplateSyncUpdate[] {
  const byId = new Map(remote.map((r) => [r.providerTemplateId, r]));
  const byName = new Map(remote.map((r) => [`${r.name}:${r.language}`, r]));
  const updates: TemplateSyncUpdate[] = [];
  for (const local of stored) {
    const match = (local.providerTemplateId === undefined ? undefined : byId.get(local.providerTemplateId)) ?? byName.get(`${local.name}:${local.language}`);
    if (match === undefined) continue;
    const changed = match.status !== local.status || match.category !== local.category || match.providerTemplateId !== local.providerTemplateId ||
      match.rejectionReason !== local.rejectionReason || (match.quality !== undefined && match.quality !== local.quality);
    if (!changed) continue;
    updates.push({
      templateId: local.id,
      providerTemplateId: match.providerTemplateId,
      status: match.status,
      category: match.category,
      ...(match.rejectionReason === undefined ? {} : { rejectionReason: match.rejectionReason }),
      ...(match.quality === undefined ? {} : { quality: match.quality }),
    });
  }
  return updates;
}
