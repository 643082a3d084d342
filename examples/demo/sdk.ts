// What the demo uses from Switchboard. Inside the repository it reads the sources; in your
// application import the same names from 'switchboard', 'switchboard/whatsapp', 'switchboard/vk'
// and 'switchboard/testing'.
export {
  createSwitchboard, createMemoryStore, createMemoryLedger, definePriceBook, createIdGenerator, createVirtualClock,
  defineCannedResponse, renderCannedResponse, isSwitchboardError, hasErrorCode, DAY, HOUR, MINUTE,
} from '../../src/index.js';
export type {
  Clock, Contact, Switchboard, SwitchboardEvents, SwitchboardError, SwitchboardMetrics, VirtualClock, Balance, CreditsLedger, Conversation, Message,
  ConversationId, Store, NewConversationInput, NewConversationResult, TemplateDefinition, BroadcastReport,
} from '../../src/index.js';
export { createWhatsAppAdapter } from '../../src/channels/whatsapp/index.js';
export { createVkAdapter } from '../../src/channels/vk/index.js';
export { createWhatsAppSimulator } from '../../src/testing/whatsapp.js';
export type { WhatsAppSimulator, WhatsAppSentMessage, WhatsAppStatusSpec } from '../../src/testing/whatsapp.js';
export { createVkSimulator } from '../../src/testing/vk.js';
export type { VkSimulator } from '../../src/testing/vk.js';
