import type { InboundEvent, TemplateCategoryChangedEvent, TemplateQualityChangedEvent, TemplateStatusChangedEvent } from '../adapter.js';
import { inboundDedupeKey } from '../../model/dedupe.js';
import type { TemplateStatus } from '../../model/template.js';
import { CHANNEL, fingerprint, malformed } from './normalize-messages.js';
import { templateCategoryValueSchema, templateQualityValueSchema, templateStatusValueSchema } from './webhook-schema.js';

/** Meta's template events → Switchboard's lifecycle. */
const TEMPLATE_EVENT_STATUS: Readonly<Record<string, TemplateStatus>> = {
  APPROVED: 'approved',
  REINSTATED: 'approved',
  UNARCHIVED: 'approved',
  FLAGGED: 'approved',
  PENDING: 'pending',
  IN_APPEAL: 'pending',
  REJECTED: 'rejected',
  LIMIT_EXCEEDED: 'rejected',
  PAUSED: 'paused',
  LOCKED: 'paused',
  DISABLED: 'disabled',
  ARCHIVED: 'disabled',
  DELETED: 'disabled',
  PENDING_DELETION: 'disabled',
};

/** Webhook languages use `en-US`; the template API and our model use `en_US`. */
export function normalizeLanguage(language: string): string {
  return language.replace('-', '_');
}

/**
 * Normalizes a management change (template status, category, quality). `entryId` is the WABA id,
 * used as the events' account; `time` is the entry's own time (epoch ms).
 */
export function normalizeManagementChange(field: string, value: unknown, entryId: string, time: number): InboundEvent[] {
  switch (field) {
    case 'message_template_status_update': {
      const parsed = templateStatusValueSchema.safeParse(value);
      if (!parsed.success) return [malformed(entryId, field, value, time)];
      const v = parsed.data;
      const status = TEMPLATE_EVENT_STATUS[v.event];
      if (status === undefined) {
        return [{
          type: 'account.alert', channel: CHANNEL, accountId: entryId,
          dedupeKey: inboundDedupeKey(CHANNEL, entryId, `tpl-event:${fingerprint(value)}:${time}`),
          code: 'WHATSAPP_UNKNOWN_TEMPLATE_EVENT', message: `Template ${v.message_template_name} reported event ${v.event}`, timestamp: time,
        }];
      }
      const reason = v.rejection_info?.reason ?? v.other_info?.description ?? (v.reason === 'NONE' || v.reason === null ? undefined : v.reason);
      const event: TemplateStatusChangedEvent = {
        type: 'template.status_changed',
        channel: CHANNEL,
        accountId: entryId,
        dedupeKey: inboundDedupeKey(CHANNEL, entryId, `tpl:${v.message_template_id}:${v.event}:${time}`),
        providerTemplateId: v.message_template_id,
        name: v.message_template_name,
        language: normalizeLanguage(v.message_template_language),
        status,
        timestamp: time,
        ...(reason === undefined ? {} : { reason }),
      };
      return [event];
    }
    case 'template_category_update': {
      const parsed = templateCategoryValueSchema.safeParse(value);
      if (!parsed.success) return [malformed(entryId, field, value, time)];
      const v = parsed.data;
      // Impending: `new_category` is the current one and `correct_category` what it becomes.
      const impending = v.correct_category !== undefined;
      const previousCategory = impending ? v.new_category : v.previous_category;
      const newCategory = impending ? v.correct_category : v.new_category;
      if (previousCategory === undefined || newCategory === undefined) return [malformed(entryId, field, value, time)];
      const stage = impending ? 'impending' : 'completed';
      const event: TemplateCategoryChangedEvent = {
        type: 'template.category_changed',
        channel: CHANNEL,
        accountId: entryId,
        dedupeKey: inboundDedupeKey(CHANNEL, entryId, `tpl-category:${v.message_template_id}:${stage}:${newCategory}:${time}`),
        providerTemplateId: v.message_template_id,
        previousCategory,
        newCategory,
        stage,
        timestamp: time,
        ...(v.message_template_name === undefined ? {} : { name: v.message_template_name }),
        ...(v.message_template_language === undefined ? {} : { language: normalizeLanguage(v.message_template_language) }),
        ...(v.category_update_timestamp === undefined ? {} : { effectiveAt: v.category_update_timestamp }),
      };
      return [event];
    }
    case 'message_template_quality_update': {
      const parsed = templateQualityValueSchema.safeParse(value);
      if (!parsed.success) return [malformed(entryId, field, value, time)];
      const v = parsed.data;
      const event: TemplateQualityChangedEvent = {
        type: 'template.quality_changed',
        channel: CHANNEL,
        accountId: entryId,
        dedupeKey: inboundDedupeKey(CHANNEL, entryId, `tpl-quality:${v.message_template_id}:${v.new_quality_score}:${time}`),
        providerTemplateId: v.message_template_id,
        previousQuality: v.previous_quality_score,
        newQuality: v.new_quality_score,
        timestamp: time,
        ...(v.message_template_name === undefined ? {} : { name: v.message_template_name }),
        ...(v.message_template_language === undefined ? {} : { language: normalizeLanguage(v.message_template_language) }),
      };
      return [event];
    }
    default:
      return [];
  }
}
