import type { Clock } from '../../core/clock.js';
import { assert } from './assert.js';
import type { ContactId, ConversationId, MessageId, TemplateId } from '../../core/ids.js';
import { newId } from '../../core/ids.js';
import type { ContactAddress } from '../../model/contact.js';
import type { Message } from '../../model/message.js';
import type { TemplateRecord } from '../../model/template.js';

/** A distinct, valid E.164 phone address for test `n`. */
export function phone(n: number): ContactAddress {
  return { kind: 'phone', value: `+1415555${String(n).padStart(4, '0')}` };
}

export const contactId = (): ContactId => newId('ct');
export const conversationId = (): ConversationId => newId('cv');

/** An outbound text message, queued now, with unique keys unless overridden. */
export function outboundMessage(clock: Clock, overrides: Partial<Message> = {}): Message {
  const id: MessageId = newId('msg');
  return {
    id,
    conversationId: conversationId(),
    contactId: contactId(),
    channel: 'whatsapp',
    accountId: '106540352242922',
    direction: 'outbound',
    content: { type: 'text', text: 'Your order has shipped.' },
    idempotencyKey: `key-${id}`,
    status: 'queued',
    timestamps: { queued: clock.now() },
    createdAt: clock.now(),
    ...overrides,
  };
}

/** A draft UTILITY template named `name` in `language`. */
export function template(clock: Clock, name: string, language = 'en_US', overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  const id: TemplateId = newId('tpl');
  return {
    id,
    name,
    language,
    category: 'UTILITY',
    requestedCategory: 'UTILITY',
    status: 'draft',
    body: 'Hi {{1}}, your order {{2}} has shipped.',
    buttons: [],
    variables: [{ name: '1', example: 'Ada' }, { name: '2', example: '#1024' }],
    createdAt: clock.now(),
    updatedAt: clock.now(),
    version: 1,
    ...overrides,
  };
}

/** Collects every item of a paged listing, `limit` at a time. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 100,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  return assert.fail(`Listing did not end within ${maxPages} pages`);
}
