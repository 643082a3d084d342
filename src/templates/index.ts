/**
 * Templates: the model and its review lifecycle, merge fields and rendering, canned responses,
 * and (from `./lint`) the category linter.
 *
 * Left out on purpose: the parsed render plan (internal; templates are rendered with
 * `renderTemplate`), the default value formatter (its behaviour is documented on
 * `renderTemplate`; pass `format` to change it) and the definition's zod schema.
 */

// --- Defining templates -----------------------------------------------------------------------
export { defineTemplate } from './define-template.js';
export type { DefineTemplateOptions } from './define-template.js';
export type {
  TemplateDefinition, TemplateHeaderDefinition, TemplateButtonDefinition, VariableSpec, BindingFunction, MergeRecord,
} from './definition.js';
export type { Template, ParameterFormat, VariableComponent } from './template.js';
export { defineModules } from './modules.js';
export type { ModuleCatalog } from './modules.js';

// --- Rendering: templates and free text with merge fields -----------------------------------------
export { renderTemplate } from './render-template.js';
export type { RenderTemplateOptions, RenderedTemplate, TemplateParameters, HeaderMedia } from './render-template.js';
export { renderText, listMergeFields } from './render-text.js';
export type { RenderTextOptions, RenderedText } from './render-text.js';
export type { MissingField, InvalidParameter, ValueFormatter } from './resolve.js';
export { parseMergeFields } from './merge-fields.js';
export type { ParsedMergeText, MergeField, MergeSyntax } from './merge-fields.js';
export { sanitizeParameterText, isInvalidParameterText, MAX_CONSECUTIVE_SPACES } from './values.js';

// --- Storage and the review lifecycle -----------------------------------------------------------
export { toTemplateRecord, toTemplateContent, fromTemplateRecord, editTemplate } from './record.js';
export type { TemplateRecordMeta, TemplateContent, FromTemplateRecordOptions, EditTemplateOptions } from './record.js';
export {
  transitionTemplate, applySubmission, applyProviderStatus, applyProviderCategory, applyProviderQuality,
  isTemplateEditable, isTemplateSendable,
} from './lifecycle.js';
export type { TemplateEvent, LifecycleOptions, SubmissionResult, ProviderStatusUpdate, ProviderCategoryUpdate } from './lifecycle.js';

// --- Canned responses ("predefined texts") -------------------------------------------------------
export { defineCannedResponse, updateCannedResponse, renderCannedResponse } from './canned-responses.js';
export type { CannedResponseDraft, CannedResponseChanges, CannedResponseOptions } from './canned-responses.js';

// --- Errors ----------------------------------------------------------------------------------------
export type { TemplateErrorCode, DefinitionIssue } from './errors.js';

// --- The category linter (its own curated barrel) -------------------------------------------------
export * from './lint/index.js';
