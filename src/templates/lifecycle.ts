import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { SwitchboardError } from '../core/errors.js';
import type { TemplateCategory, TemplateRecord, TemplateStatus } from '../model/template.js';
import type { TemplateErrorCode } from './errors.js';

/**
 * A step in a template's review lifecycle:
 * - `submit`: draft or rejected → pending (sent for review, or review requested again);
 * - `approve` / `reject`: the provider's decision; Meta also rejects approved or paused templates
 *   (e.g. a one-time code in a non-authentication template, on the 1st of the next month);
 * - `pause`: approved → paused (low quality); `disable`: approved or paused → disabled
 *   (third pause or policy); `reinstate`: paused or disabled → approved (quality recovered,
 *   manual unpause, successful appeal);
 * - `edit`: draft → draft, rejected → draft (only these two statuses are editable).
 */
export type TemplateEvent = 'submit' | 'approve' | 'reject' | 'pause' | 'disable' | 'reinstate' | 'edit';

const TRANSITIONS: Readonly<Record<TemplateEvent, { from: readonly TemplateStatus[]; to: TemplateStatus }>> = {
  submit: { from: ['draft', 'rejected'], to: 'pending' },
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending', 'approved', 'paused'], to: 'rejected' },
  pause: { from: ['approved'], to: 'paused' },
  disable: { from: ['approved', 'paused'], to: 'disabled' },
  reinstate: { from: ['paused', 'disabled'], to: 'approved' },
  edit: { from: ['draft', 'rejected'], to: 'draft' },
};

/** Options shared by the lifecycle functions (`transitionTemplate`, `applyProviderStatus`, ...). */
export interface LifecycleOptions {
  /** The time source for `updatedAt`; defaults to the system clock. */
  clock?: Clock;
}


/** Whether the template may be edited (it is a draft, or was rejected). */
export function isTemplateEditable(record: Pick<TemplateRecord, 'status'>): boolean {
  return TRANSITIONS.edit.from.includes(record.status);
}

/** Whether the template may be sent: only approved templates can. */
export function isTemplateSendable(record: Pick<TemplateRecord, 'status'>): boolean {
  return record.status === 'approved';
}

/**
 * Applies a lifecycle step and returns the new record (the input is not changed; `version` is
 * left to the repository's compare-and-set).
 *
 * @param options - `clock` for `updatedAt`; for `reject`, `reason`: the rejection reason to store.
 * @throws SwitchboardError `TEMPLATE_NOT_EDITABLE` for `edit` outside draft/rejected;
 *   `INVALID_TRANSITION` for any other step the provider does not allow from the current status
 *   (`details.from`, `details.event`, `details.allowedFrom`).
 */
export function transitionTemplate(record: TemplateRecord, event: TemplateEvent, options: LifecycleOptions & { reason?: string } = {}): TemplateRecord {
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(record.status)) {
    const details = { from: record.status, event, allowedFrom: rule.from };
    if (event === 'edit') {
      throw new SwitchboardError<TemplateErrorCode>('TEMPLATE_NOT_EDITABLE', `Template "${record.name}" is ${record.status}; only draft or rejected templates can be edited (define a new template instead)`, { details });
    }
    throw new SwitchboardError<TemplateErrorCode>('INVALID_TRANSITION', `Template "${record.name}" cannot ${event} from ${record.status} (allowed from: ${rule.from.join(', ')})`, { details });
  }
  return withStatus(record, rule.to, options.reason, undefined, (options.clock ?? systemClock).now());
}

/** What a submission returned (`ChannelAdapter.submitTemplate`). */
export interface SubmissionResult {
  providerTemplateId: string;
  status: TemplateStatus;
  /** The category Meta assigned; it may differ from the one requested. */
  category?: TemplateCategory;
}

/**
 * Records a submission's answer: the provider id, the status it reported (usually `pending`)
 * and the category Meta assigned, which is stored even when it differs from the requested one.
 * @throws SwitchboardError `INVALID_TRANSITION` unless the template is a draft or rejected.
 */
export function applySubmission(record: TemplateRecord, result: SubmissionResult, options: LifecycleOptions = {}): TemplateRecord {
  const submitted = transitionTemplate(record, 'submit', options);
  return {
    ...withStatus(submitted, result.status, undefined, undefined, submitted.updatedAt),
    providerTemplateId: result.providerTemplateId,
    category: result.category ?? submitted.category,
  };
}

/** A status the provider reported (`TemplateStatusChangedEvent`, a template list sync). */
export interface ProviderStatusUpdate {
  status: TemplateStatus;
  /** The provider's reason (Meta: `INVALID_FORMAT`, `INCORRECT_CATEGORY`, ...; `NONE` means none). */
  reason?: string;
  /** When the provider reported it (epoch ms). */
  timestamp: number;
}

/**
 * Applies a status the provider reported. The provider is the source of truth, so any status
 * is accepted; a report older than the last one applied (`providerStatusAt`) is ignored
 * (webhooks arrive out of order), and a report that changes nothing returns the same record object.
 */
export function applyProviderStatus(record: TemplateRecord, update: ProviderStatusUpdate, options: LifecycleOptions = {}): TemplateRecord {
  if (record.providerStatusAt !== undefined && update.timestamp < record.providerStatusAt) return record;
  const reason = update.status === 'rejected' ? normalizeReason(update.reason) : undefined;
  if (record.status === update.status && record.rejectionReason === reason) return record;
  return withStatus(record, update.status, reason, update.timestamp, (options.clock ?? systemClock).now());
}

/** A category change Meta announced or made (`TemplateCategoryChangedEvent`). */
export interface ProviderCategoryUpdate {
  /** The category the template has (`completed`) or will have on `effectiveAt` (`impending`). */
  newCategory: TemplateCategory;
  stage: 'impending' | 'completed';
  effectiveAt?: number;
}

/**
 * Applies a category change from Meta. `completed` stores the new category (the requested one
 * is kept in `requestedCategory`) and clears any announcement; `impending` records the
 * announcement in `pendingCategory` / `pendingCategoryAt` without changing the category yet.
 */
export function applyProviderCategory(record: TemplateRecord, update: ProviderCategoryUpdate, options: LifecycleOptions = {}): TemplateRecord {
  const now = (options.clock ?? systemClock).now();
  if (update.stage === 'impending') {
    if (record.pendingCategory === update.newCategory && record.pendingCategoryAt === update.effectiveAt) return record;
    const { pendingCategoryAt: _drop, ...rest } = record;
    return {
      ...rest,
      pendingCategory: update.newCategory,
      ...(update.effectiveAt !== undefined ? { pendingCategoryAt: update.effectiveAt } : {}),
      updatedAt: now,
    };
  }
  if (record.category === update.newCategory && record.pendingCategory === undefined) return record;
  const { pendingCategory: _p, pendingCategoryAt: _a, ...rest } = record;
  return { ...rest, category: update.newCategory, updatedAt: now };
}

/** Applies a quality rating from Meta (`GREEN`, `YELLOW`, `RED`; anything else is `UNKNOWN`). */
export function applyProviderQuality(record: TemplateRecord, quality: string, options: LifecycleOptions = {}): TemplateRecord {
  const next = quality === 'GREEN' || quality === 'YELLOW' || quality === 'RED' ? quality : 'UNKNOWN';
  if (record.quality === next) return record;
  return { ...record, quality: next, updatedAt: (options.clock ?? systemClock).now() };
}

function withStatus(record: TemplateRecord, status: TemplateStatus, reason: string | undefined, providerAt: number | undefined, now: number): TemplateRecord {
  const { rejectionReason: _old, ...rest } = record;
  return {
    ...rest,
    status,
    ...(status === 'rejected' && reason !== undefined ? { rejectionReason: reason } : {}),
    ...(providerAt !== undefined ? { providerStatusAt: providerAt } : {}),
    updatedAt: Math.max(now, record.createdAt),
  };
}

function normalizeReason(reason: string | undefined): string | undefined {
  if (reason === undefined || reason === '' || reason === 'NONE') return undefined;
  return reason.slice(0, 1024);
}
