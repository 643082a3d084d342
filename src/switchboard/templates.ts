import type { ChannelAdapter, ProviderTemplateSummary } from '../channels/adapter.js';
import type { TemplateRecord } from '../model/template.js';
import type { Page, PageRequest } from '../ports/page.js';
import type { TemplateFilter } from '../ports/templates.js';
import { defineTemplate } from '../templates/define-template.js';
import type { TemplateDefinition } from '../templates/definition.js';
import { applyProviderCategory, applyProviderQuality, applyProviderStatus, applySubmission, transitionTemplate } from '../templates/lifecycle.js';
import { lintTemplate } from '../templates/lint/lint-template.js';
import type { LintIssue } from '../templates/lint/types.js';
import { toTemplateRecord } from '../templates/record.js';
import { facadeError } from './errors.js';
import type { Runtime } from './runtime.js';

/** Which provider account templates are submitted to and synced from (default: the first with templates). */
export interface TemplateTarget {
  channel?: string;
  accountId?: string;
}

/** Templates through the facade: stored in the store, reviewed by the provider, kept in sync. */
export interface SwitchboardTemplates {
  /**
   * Validates a definition (merge fields from its module only) and stores it as a `draft`.
   * @throws SwitchboardError `INVALID_TEMPLATE` (from `defineTemplate`), `DUPLICATE` when the
   *   name and language exist.
   */
  define(definition: TemplateDefinition): Promise<TemplateRecord>;
  /**
   * Lints a draft (or rejected) template and submits it for provider review; stores the
   * provider id, the status (usually `pending`) and the category Meta assigned.
   * @throws SwitchboardError `TEMPLATE_NOT_FOUND`; `TEMPLATE_LINT_FAILED` with
   *   `details.issues` when the linter finds errors (pass `force` to submit anyway);
   *   `INVALID_TRANSITION` when it is in review or approved (edits need a new template);
   *   `UNKNOWN_CHANNEL`; the provider's error.
   */
  submit(name: string, language: string, options?: TemplateTarget & { force?: boolean }): Promise<TemplateRecord>;
  /**
   * Reads the provider's templates and applies their status, category and quality to the stored
   * ones (webhooks do this as they come; `sync` catches up after downtime). Emits the template events.
   * Returns the templates that changed.
   */
  sync(options?: TemplateTarget): Promise<TemplateRecord[]>;
  /** Stored templates, ordered by name then language. */
  list(filter?: TemplateFilter, page?: PageRequest): Promise<Page<TemplateRecord>>;
}

export function createTemplates(rt: Runtime): SwitchboardTemplates {
  function providerFor(target: TemplateTarget = {}): ChannelAdapter & Required<Pick<ChannelAdapter, 'submitTemplate' | 'listTemplates'>> {
    const adapter = target.channel === undefined
      ? rt.channels.all().find((a) => a.capabilities.templates && (target.accountId === undefined || a.accountId === target.accountId))
      : rt.channels.get(target.channel, target.accountId);
    if (adapter?.submitTemplate === undefined || adapter.listTemplates === undefined) {
      throw facadeError('UNKNOWN_CHANNEL', `No configured channel${target.channel === undefined ? '' : ` "${target.channel}"`} manages provider templates`, { field: 'channel', remedy: 'fix_input' });
    }
    return adapter as ChannelAdapter & Required<Pick<ChannelAdapter, 'submitTemplate' | 'listTemplates'>>;
  }

  async function save(previous: TemplateRecord, next: TemplateRecord): Promise<TemplateRecord> {
    if (next === previous) return previous;
    const saved = await rt.store.templates.save(next, previous.version);
    if (saved.status !== previous.status) rt.events.emit('template.status_changed', { template: saved, previousStatus: previous.status });
    if (saved.category !== previous.category) rt.events.emit('template.category_changed', { template: saved, previousCategory: previous.category });
    if (saved.quality !== previous.quality) rt.events.emit('template.quality_changed', { template: saved, previousQuality: previous.quality });
    return saved;
  }

  return {
    async define(definition) {
      const template = defineTemplate(definition, rt.config.templates.modules === undefined ? {} : { modules: rt.config.templates.modules });
      return await rt.store.templates.save(toTemplateRecord(template, { id: rt.ids.next('tpl'), clock: rt.clock }), null);
    },

    async submit(name, language, options = {}) {
      const record = await rt.store.templates.getByName(name, language);
      if (record === null) throw facadeError('TEMPLATE_NOT_FOUND', `No stored template "${name}" in ${language}`, { field: 'name', remedy: 'fix_input' });
      // In review or approved: refused before anything reaches the provider (edits need re-approval).
      transitionTemplate(record, 'submit', { clock: rt.clock });
      if (options.force !== true) {
        const lint = lintTemplate({ ...record, category: record.requestedCategory });
        const errors: LintIssue[] = lint.issues.filter((i) => i.severity === 'error');
        if (errors.length > 0) {
          throw facadeError('TEMPLATE_LINT_FAILED', `Template "${name}" would likely be rejected or recategorized: ${errors.map((i) => i.message).join(' ')}`, {
            field: 'body', remedy: 'fix_input', details: { issues: errors.map((i) => ({ code: i.code, reason: i.reason, match: i.match, span: i.span })) },
          });
        }
      }
      const adapter = providerFor(options);
      const result = await adapter.submitTemplate(record);
      return await save(record, applySubmission(record, result, { clock: rt.clock }));
    },

    async sync(options = {}) {
      const adapter = providerFor(options);
      const remote = await adapter.listTemplates();
      const changed: TemplateRecord[] = [];
      const now = rt.clock.now();
      for (const summary of remote) {
        const record = await storedFor(rt, summary);
        if (record === null) continue;
        let next = applyProviderStatus(record, { status: summary.status, timestamp: now, ...(summary.rejectionReason === undefined ? {} : { reason: summary.rejectionReason }) }, { clock: rt.clock });
        if (next.providerTemplateId === undefined) next = { ...next, providerTemplateId: summary.providerTemplateId };
        if (summary.category !== next.category) next = applyProviderCategory(next, { newCategory: summary.category, stage: 'completed' }, { clock: rt.clock });
        if (summary.quality !== undefined) next = applyProviderQuality(next, summary.quality, { clock: rt.clock });
        const saved = await save(record, next);
        if (saved !== record) changed.push(saved);
      }
      return changed;
    },

    list: async (filter, page) => await rt.store.templates.list(filter, page),
  };
}

async function storedFor(rt: Runtime, summary: ProviderTemplateSummary): Promise<TemplateRecord | null> {
  const byId = await rt.store.templates.getByProviderId(summary.providerTemplateId);
  if (byId !== null) return byId;
  const language = summary.language.replace('-', '_');
  if (!/^[a-z]{2,3}(?:_[A-Z]{2,4})?$/.test(language) || !/^[a-z0-9_]+$/.test(summary.name)) return null;
  return await rt.store.templates.getByName(summary.name, language);
}
