import { z } from 'zod';
import { channelNameSchema, idSchema } from '../../model/common.js';
import type { Contact } from '../../model/contact.js';
import type { Conversation } from '../../model/conversation.js';
import type { Message } from '../../model/message.js';
import type { MergeRecord } from '../../templates/definition.js';
import { DEFAULT_COMPLAINT_KEYWORDS } from './complaint-keywords.js';

const keywordListSchema = z.array(z.string().trim().min(1).max(128)).min(1).max(500).readonly();
const templateRefSchema = z.union([
  z.string().min(1).max(512),
  z.object({ name: z.string().min(1).max(512), language: z.string().min(2).max(16) }).strict(),
]);
const dataSchema = z.record(z.string(), z.unknown());

/** What an automatic reply sends: a text (merge fields allowed), a stored canned response, or a template. */
export const autoReplySchema = z.union([
  z.object({ text: z.string().min(1).max(4096) }).strict(),
  z.object({ cannedResponseId: idSchema('cr') }).strict(),
  z.object({ template: templateRefSchema, data: dataSchema.optional() }).strict(),
]);
/** What an automatic reply sends, as written in the config (see {@link autoReplySchema}). */
export type AutoReply = z.input<typeof autoReplySchema>;

/** A predicate over the customer's text for intents the host detects (an NLU call is fine: it may be async). */
export type IntentMatcher = (text: string, message: Message) => boolean | Promise<boolean>;

const matchSchema = z
  .object({
    /** Whole words or phrases, any language; matched case-, width- and accent-insensitively. */
    keywords: keywordListSchema.optional(),
    /**
     * A regular expression written by the developer (never from end users: a catastrophic
     * pattern would stall the event loop). Tested on at most the first 4,096 characters;
     * `g` and `y` flags are refused because they make `test` stateful.
     */
    regex: z
      .instanceof(RegExp, { message: 'Expected a RegExp' })
      .refine((r) => !r.global && !r.sticky, 'regex flags g and y make matching stateful; drop them')
      .optional(),
    intent: z.custom<IntentMatcher>((v) => typeof v === 'function', { message: 'Expected a function (text, message) => boolean' }).optional(),
  })
  .strict()
  .refine((m) => m.keywords !== undefined || m.regex !== undefined || m.intent !== undefined, 'give keywords, regex or intent');

/** One keyword/regex/intent rule; the first matching rule (in order) answers. */
export const autoReplyRuleSchema = z
  .object({
    /** Stable id: part of the reply's idempotency key, so a redelivered message is answered once. */
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Expected 1-64 letters, digits, ".", "_" or "-"'),
    /** Only on this channel; all channels when absent. */
    channel: channelNameSchema.optional(),
    match: matchSchema,
    reply: autoReplySchema,
    /** Answer at most once per conversation. */
    once: z.boolean().optional(),
    /** Also answer when an operator holds the dialog. Default false: operators answer their own dialogs. */
    whenAssigned: z.boolean().optional(),
  })
  .strict();
/** One auto-reply rule, as written in the config (see {@link autoReplyRuleSchema}). */
export type AutoReplyRule = z.input<typeof autoReplyRuleSchema>;

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Expected a time like "09:00" (up to "24:00")');
const rangeSchema = z.tuple([hhmm, hhmm]).readonly().refine(([from, to]) => from < to, 'a range must end after it starts (split overnight hours across two days)');
const dayHours = z.array(rangeSchema).max(8).readonly().optional();

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A reply sent when a customer writes outside business hours (at most once per dialog per local day). */
export const outOfHoursSchema = z
  .object({
    /** An IANA time zone, e.g. "Europe/Moscow". */
    timezone: z.string().min(1).refine(isTimeZone, 'Expected an IANA time zone like "Europe/Moscow"'),
    /** Opening hours per weekday as [from, to) ranges in local time; a day without ranges is closed. */
    hours: z.object({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }).strict(),
    reply: autoReplySchema,
    channel: channelNameSchema.optional(),
    whenAssigned: z.boolean().optional(),
  })
  .strict();
/** The out-of-hours reply, as written in the config (see {@link outOfHoursSchema}). */
export type OutOfHoursConfig = z.input<typeof outOfHoursSchema>;

/** When to ask for a human (`conversation.handoff_requested`). */
export const handoffSchema = z
  .object({
    /** Complaint words and phrases; default: {@link DEFAULT_COMPLAINT_KEYWORDS} (several languages). */
    keywords: keywordListSchema.default([...DEFAULT_COMPLAINT_KEYWORDS]),
    /** Ask when this many customer messages in a row got no operator reply (auto-replies do not count). */
    afterCustomerMessagesWithoutOperator: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
/** When to ask for a human, as written in the config (see {@link handoffSchema}). */
export type HandoffConfig = z.input<typeof handoffSchema>;

/** What automation knows when building merge values for a reply. */
export interface MergeRecordInput {
  contact: Contact;
  conversation: Conversation;
  message: Message;
}

/**
 * The automation options of `createSwitchboard({ automation })`: keyword/regex/intent auto-replies,
 * an out-of-hours reply, hand-off to a human and broadcast batching. Every reply goes through
 * `send`, so the window, consent, claim and credit rules apply to it like to any message.
 */
export const automationConfigSchema = z
  .object({
    autoReplies: z.array(autoReplyRuleSchema).max(500).readonly().default([]),
    outOfHours: outOfHoursSchema.optional(),
    handoff: handoffSchema.optional(),
    /**
     * Merge values for replies (`{{first_name}}`) from the host's CRM record. Default: `name`,
     * `first_name` and `last_name` from the contact's display name.
     */
    mergeRecord: z.custom<(input: MergeRecordInput) => MergeRecord | Promise<MergeRecord>>((v) => typeof v === 'function', { message: 'Expected a function' }).optional(),
    broadcast: z.object({ batchSize: z.number().int().min(1).max(1000).default(100) }).strict().default({ batchSize: 100 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.autoReplies.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['autoReplies', index, 'id'], message: `duplicate rule id "${rule.id}"` });
      seen.add(rule.id);
    });
  });
/** `createSwitchboard({ automation })`, as written (see {@link automationConfigSchema}); invalid options throw `INVALID_CONFIG`. */
export type AutomationConfig = z.input<typeof automationConfigSchema>;
/** The automation options after defaults are applied. */
export type ResolvedAutomationConfig = z.output<typeof automationConfigSchema>;
