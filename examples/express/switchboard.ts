// What this example uses from Switchboard. Inside the repository it reads the sources; in your
// application import the same names from 'switchboard', 'switchboard/whatsapp', 'switchboard/vk'
// and (sandbox only) 'switchboard/testing'.
export {
  createMemoryLedger, createMemoryStore, createSwitchboard, definePriceBook, isSwitchboardError, lintTemplate, parseId,
  redact, registerSecret, silentLogger, SwitchboardError,
} from '../../src/index.js';
export type {
  Balance, ChannelAdapter, Conversation, ConversationId, CreditsLedger, Logger, PageRequest, PriceBookDefinition, SendOutcome, Store,
  Switchboard, TemplateDefinition, TemplateRecord,
} from '../../src/index.js';
export { createWhatsAppAdapter } from '../../src/channels/whatsapp/index.js';
export { createVkAdapter } from '../../src/channels/vk/index.js';
export { attachmentSchema, closeReasonSchema, consentRecordSchema, crmLinkSchema, templateFilterSchema } from '../../src/index.js';
