import { fixturePath } from '../../fixtures/paths.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src/core/clock.js';
import { createIdGenerator } from '../../../src/core/ids.js';
import type { TemplateStatus } from '../../../src/model/template.js';
import { defineTemplate } from '../../../src/templates/define-template.js';
import {
  applyProviderCategory, applyProviderQuality, applyProviderStatus, applySubmission, isTemplateEditable, isTemplateSendable, transitionTemplate,
} from '../../../src/templates/lifecycle.js';
import type { TemplateEvent } from '../../../src/templates/lifecycle.js';
import type { TemplateCategoryChangedEvent, TemplateStatusChangedEvent } from '../../../src/channels/adapter.js';
import { toTemplateRecord } from '../../../src/templates/record.js';
import { orderShipped, thrown } from './helpers.js';

const clock = createVirtualClock(Date.UTC(2026, 5, 1));
const ids = createIdGenerator({ clock });
const draft = toTemplateRecord(defineTemplate(orderShipped), { id: ids.next('tpl'), clock });
const inStatus = (status: TemplateStatus) => ({ ...draft, status });

function webhookValue(file: string): Record<string, unknown> {
  const payload = JSON.parse(readFileSync(fixturePath(`whatsapp/${file}`)).toString('utf8')) as { entry: { time: number; changes: { value: Record<string, unknown> }[] }[] };
  const entry = payload.entry[0]!;
  return { ...entry.changes[0]!.value, time: entry.time };
}

describe('template lifecycle', () => {
  const allowed: [TemplateStatus, TemplateEvent, TemplateStatus][] = [
    ['draft', 'submit', 'pending'], ['rejected', 'submit', 'pending'],
    ['pending', 'approve', 'approved'], ['pending', 'reject', 'rejected'], ['approved', 'reject', 'rejected'], ['paused', 'reject', 'rejected'],
    ['approved', 'pause', 'paused'], ['paused', 'reinstate', 'approved'], ['approved', 'disable', 'disabled'],
    ['paused', 'disable', 'disabled'], ['disabled', 'reinstate', 'approved'],
    ['draft', 'edit', 'draft'], ['rejected', 'edit', 'draft'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, event, to) => {
    clock.advance(1000);
    const next = transitionTemplate(inStatus(from), event, { clock });
    expect(next.status).toBe(to);
    expect(next.updatedAt).toBe(clock.now());
  });

  const statuses: TemplateStatus[] = ['draft', 'pending', 'approved', 'rejected', 'paused', 'disabled'];
  const events: TemplateEvent[] = ['submit', 'approve', 'reject', 'pause', 'disable', 'reinstate'];
  const refused = statuses.flatMap((s) => events.filter((e) => !allowed.some(([f, ev]) => f === s && ev === e)).map((e) => [s, e] as const));
  it.each(refused)('refuses %s --%s-- with INVALID_TRANSITION', (from, event) => {
    const error = thrown(() => transitionTemplate(inStatus(from), event, { clock }));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.details).toMatchObject({ from, event });
  });

  it.each(['pending', 'approved', 'paused', 'disabled'] as const)('refuses edits of a %s template with TEMPLATE_NOT_EDITABLE', (status) => {
    expect(thrown(() => transitionTemplate(inStatus(status), 'edit')).code).toBe('TEMPLATE_NOT_EDITABLE');
    expect(isTemplateEditable(inStatus(status))).toBe(false);
  });

  it('sends only approved templates', () => {
    expect(statuses.filter((s) => isTemplateSendable(inStatus(s)))).toEqual(['approved']);
  });

  it('stores a rejection reason and clears it on approval', () => {
    const rejected = transitionTemplate(inStatus('pending'), 'reject', { clock, reason: 'INVALID_FORMAT' });
    expect(rejected.rejectionReason).toBe('INVALID_FORMAT');
    expect(transitionTemplate(transitionTemplate(rejected, 'submit', { clock }), 'approve', { clock })).not.toHaveProperty('rejectionReason');
  });

  it('keeps the category Meta assigned at submission next to the requested one', () => {
    const submitted = applySubmission(draft, { providerTemplateId: '1689556908129832', status: 'pending', category: 'MARKETING' }, { clock });
    expect(submitted).toMatchObject({ status: 'pending', providerTemplateId: '1689556908129832', category: 'MARKETING', requestedCategory: 'UTILITY' });
    expect(thrown(() => applySubmission(submitted, { providerTemplateId: '1', status: 'pending' })).code).toBe('INVALID_TRANSITION');
  });
});

describe('provider updates', () => {
  const pending = applySubmission(draft, { providerTemplateId: '1689556908129835', status: 'pending' }, { clock });

  it('applies a rejection from the status webhook fixture with its reason', () => {
    const value = webhookValue('template-status-rejected.json');
    const next = applyProviderStatus(pending, { status: 'rejected', reason: value.reason as string, timestamp: (value.time as number) * 1000 }, { clock });
    expect(next).toMatchObject({ status: 'rejected', rejectionReason: 'INVALID_FORMAT', providerStatusAt: 1751247548000 });
  });

  it('applies an approval (reason NONE stores no reason) and is idempotent', () => {
    const value = webhookValue('template-status-approved.json');
    const update = { status: 'approved' as const, reason: value.reason as string, timestamp: (value.time as number) * 1000 };
    const approved = applyProviderStatus(pending, update, { clock });
    expect(approved.status).toBe('approved');
    expect(approved).not.toHaveProperty('rejectionReason');
    expect(applyProviderStatus(approved, update, { clock })).toBe(approved);
  });

  it('accepts any status the provider reports, but ignores older reports', () => {
    const at = clock.now();
    const approved = applyProviderStatus(pending, { status: 'approved', timestamp: at + 10_000 }, { clock });
    const late = applyProviderStatus(approved, { status: 'pending', timestamp: at + 5_000 }, { clock });
    expect(late).toBe(approved);
    expect(applyProviderStatus(approved, { status: 'disabled', timestamp: at + 10_001 }, { clock }).status).toBe('disabled');
  });

  it('stores the category Meta reports and keeps the requested one', () => {
    const value = webhookValue('template-category-update-completed.json');
    const approved = applyProviderStatus(pending, { status: 'approved', timestamp: clock.now() }, { clock });
    const announced = applyProviderCategory(approved, { newCategory: 'MARKETING', stage: 'impending', effectiveAt: clock.now() + 86_400_000 }, { clock });
    expect(announced).toMatchObject({ category: 'UTILITY', pendingCategory: 'MARKETING' });
    const changed = applyProviderCategory(announced, { newCategory: value.new_category as 'MARKETING', stage: 'completed' }, { clock });
    expect(changed).toMatchObject({ category: 'MARKETING', requestedCategory: 'UTILITY', status: 'approved' });
    expect(changed).not.toHaveProperty('pendingCategory');
    expect(applyProviderCategory(changed, { newCategory: 'MARKETING', stage: 'completed' }, { clock })).toBe(changed);
  });

  it('takes the adapter\'s normalized webhook events as they are', () => {
    const base = { channel: 'whatsapp', accountId: '102290129340398', dedupeKey: 'k', providerTemplateId: '1689556908129835', name: 'order_shipped', language: 'en_US' };
    const statusEvent: TemplateStatusChangedEvent = { ...base, type: 'template.status_changed', status: 'rejected', reason: 'INCORRECT_CATEGORY', timestamp: clock.now() };
    const categoryEvent: TemplateCategoryChangedEvent = { ...base, type: 'template.category_changed', previousCategory: 'UTILITY', newCategory: 'MARKETING', stage: 'impending', effectiveAt: clock.now() + 86_400_000, timestamp: clock.now() };
    const rejected = applyProviderStatus(pending, statusEvent, { clock });
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'INCORRECT_CATEGORY' });
    expect(applyProviderCategory(rejected, categoryEvent, { clock })).toMatchObject({ pendingCategory: 'MARKETING', pendingCategoryAt: clock.now() + 86_400_000 });
  });

  it('applies quality ratings from the quality webhook fixture', () => {
    const value = webhookValue('template-quality-update.json');
    expect(applyProviderQuality(pending, value.new_quality_score as string, { clock }).quality).toBe('YELLOW');
    expect(applyProviderQuality(pending, 'PURPLE', { clock }).quality).toBe('UNKNOWN');
  });
});
