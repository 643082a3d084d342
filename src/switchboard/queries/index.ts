// Read-only views: the conversation list across channels with its filters, one conversation,
// and a conversation's messages.

export { createQueries } from './queries.js';
export type { Queries, ConversationFilters } from './queries.js';
export { durationSchema, MONTH } from './duration.js';
export type { Duration } from './duration.js';
