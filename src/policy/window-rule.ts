import { z } from 'zod';
import { parseWith } from '../core/validation.js';
import { invalidPolicyInput } from './errors.js';
import type { ChannelCapabilities, WindowRule } from '../channels/adapter.js';

/** The zod schema of a {@link WindowRule}, for validating rules from third-party adapters. */
export const windowRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('session'), durationMs: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.object({ kind: z.literal('permission') }),
  z.object({ kind: z.literal('none') }),
]);

/** Where a guard reads the window rule from: the rule itself, or a channel's capabilities. */
export type WindowRuleSource =
  | { rule: WindowRule; capabilities?: never }
  | { capabilities: Pick<ChannelCapabilities, 'window'> & Partial<Pick<ChannelCapabilities, 'templates'>>; rule?: never };

/**
 * Resolves and validates the rule from a {@link WindowRuleSource}.
 * @throws SwitchboardError `INVALID_INPUT` when neither or both are given, or the rule is malformed.
 */
export function resolveWindowRule(source: { rule?: unknown; capabilities?: { window?: unknown } | undefined }): WindowRule {
  const fromCapabilities = source.capabilities?.window;
  if ((source.rule === undefined) === (fromCapabilities === undefined)) {
    throw invalidPolicyInput('rule', 'give exactly one of `rule` or `capabilities.window`');
  }
  return source.rule === undefined
    ? parseWith(windowRuleSchema, fromCapabilities, 'capabilities.window')
    : parseWith(windowRuleSchema, source.rule, 'rule');
}
