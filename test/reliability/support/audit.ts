import type { ConversationId } from '../../../src/core/ids.js';
import type { CreditsLedger, Hold, JournalEntry } from '../../../src/ledger/types.js';
import type { Message } from '../../../src/model/message.js';
import type { OutboxJob } from '../../../src/model/outbox.js';
import type { Store } from '../../../src/ports/store.js';
import type { Switchboard } from '../../../src/switchboard/switchboard.js';

/** Every message of the conversations, oldest first. */
export async function messagesOf(store: Store, conversationIds: Iterable<ConversationId>): Promise<Message[]> {
  const out: Message[] = [];
  for (const id of conversationIds) {
    let cursor: string | undefined;
    do {
      const page = await store.messages.listByConversation(id, cursor === undefined ? { limit: 200 } : { cursor, limit: 200 });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return out;
}

export async function deadLetters(sb: Switchboard): Promise<OutboxJob[]> {
  const out: OutboxJob[] = [];
  let cursor: string | undefined;
  do {
    const page = await sb.outbox.deadLetters(cursor, 200);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

export async function journal(ledger: CreditsLedger, account: string): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.entries(account, cursor === undefined ? { limit: 1000 } : { cursor, limit: 1000 });
    out.push(...page.entries);
    cursor = page.next;
  } while (cursor !== undefined);
  return out;
}

/** The account's reported figures next to the replay of its journal; violations as text. */
export async function ledgerViolations(ledger: CreditsLedger, account: string): Promise<string[]> {
  const balance = await ledger.balance(account);
  const entries = await journal(ledger, account);
  let posted = 0;
  let held = 0;
  const problems: string[] = [];
  let lastSeq = -Infinity;
  for (const entry of entries) {
    if (entry.seq <= lastSeq) problems.push(`journal seq not increasing at ${entry.seq}`);
    lastSeq = entry.seq;
    posted += entry.postedDelta;
    held += entry.heldDelta;
    if (posted - held < 0) problems.push(`overdraft after entry ${entry.seq}: posted ${posted}, held ${held}`);
  }
  if (balance.posted !== posted || balance.held !== held) problems.push(`reported ${JSON.stringify(balance)} ≠ journal replay posted ${posted}, held ${held}`);
  if (balance.available !== balance.posted - balance.held || balance.available < 0) problems.push(`available ${balance.available} is not posted − held ≥ 0`);
  return problems;
}

export type Outcome = 'sent' | 'failed' | 'dead' | 'open';

/**
 * Where an outbound message ended: `sent` (the provider has it: sent, delivered, read), `failed`
 * with a classified error, `dead` (its outbox job is dead-lettered), or `open` (anything else:
 * still queued or `unknown` — the state the suite must never end in).
 */
export function outcomeOf(message: Message, dead: ReadonlySet<string>): Outcome {
  if (message.status === 'sent' || message.status === 'delivered' || message.status === 'read') return 'sent';
  if (message.status === 'failed' && message.error !== undefined && message.error.code.length > 0) return 'failed';
  if (dead.has(message.id)) return 'dead';
  return 'open';
}

/** What a message's hold must be once the message ended (settlement rules of DESIGN.md). */
export function holdViolation(message: Message, hold: Hold | undefined, settlement: 'on_delivery' | 'on_acceptance', dead: ReadonlySet<string>): string | undefined {
  if (hold === undefined) return `message ${message.id} (${message.channel}, ${message.status}) has no credits hold`;
  const delivered = message.status === 'delivered' || message.status === 'read';
  if (message.status === 'failed' && hold.status !== 'released' && hold.status !== 'expired') return `failed message ${message.id} has hold ${hold.status}`;
  if (delivered && hold.status !== 'captured') return `delivered message ${message.id} (${message.channel}) has hold ${hold.status}`;
  if (message.status === 'sent' && settlement === 'on_acceptance' && hold.status !== 'captured') return `accepted ${message.channel} message ${message.id} has hold ${hold.status}`;
  if (dead.has(message.id) && message.status === 'queued' && hold.status !== 'held' && hold.status !== 'expired') return `dead-lettered message ${message.id} has hold ${hold.status}`;
  return undefined;
}

/** What the simulated providers received more than once: WhatsApp by our message id, VK by text. */
export function providerDuplicates(sent: { whatsapp: readonly { bizOpaqueCallbackData?: string }[]; vk: readonly { text: string }[] }): string[] {
  const counts = new Map<string, number>();
  for (const m of sent.whatsapp) counts.set(`whatsapp ${m.bizOpaqueCallbackData ?? '?'}`, (counts.get(`whatsapp ${m.bizOpaqueCallbackData ?? '?'}`) ?? 0) + 1);
  for (const m of sent.vk) counts.set(`vk ${m.text}`, (counts.get(`vk ${m.text}`) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
}
