// The scripted end-to-end run, as a function: tests call it in-process, `index.ts` from the CLI.
import { broadcastShipments, healthSnapshot } from './chapters/broadcast-and-health.js';
import { vkCommunityDialog } from './chapters/vk-community.js';
import { customerWrites, operatorReplies } from './chapters/whatsapp-first-contact.js';
import { statusesOutOfOrder, templateSent, templatesReviewed, windowCloses } from './chapters/whatsapp-templates.js';
import type { SwitchboardMetrics } from './sdk.js';
import { Transcript } from './transcript.js';
import { createDemoWorld } from './world.js';

export interface RunDemoOptions {
  /** Receives each transcript line as it is printed (coloured when `color` is on). */
  write?: (line: string) => void;
  /** ANSI colours in what `write` receives; the returned lines never have them. Default false. */
  color?: boolean;
}

export interface DemoResult {
  /** The transcript without colour, identical on every run. */
  lines: readonly string[];
  /** The final `sb.metrics()` snapshot. */
  metrics: SwitchboardMetrics;
}

/**
 * Runs the whole story on a fresh in-memory world (virtual clock, seeded simulators on msw, no
 * network) and returns the transcript. Every line is computed from what the SDK returned.
 */
export async function runDemo(options: RunDemoOptions = {}): Promise<DemoResult> {
  const world = await createDemoWorld();
  const t = new Transcript({ clock: world.clock, ...(options.write === undefined ? {} : { write: options.write }), color: options.color ?? false });
  try {
    t.title('Switchboard demo: one CRM, a WhatsApp number and a VK community, on simulated providers');
    const first = await customerWrites(world, t);
    await operatorReplies(world, t, first);
    await windowCloses(world, t, first);
    await templatesReviewed(world, t);
    const template = await templateSent(world, t, first);
    await statusesOutOfOrder(world, t, template);
    await vkCommunityDialog(world, t);
    await broadcastShipments(world, t);
    await world.settle();
    const metrics = healthSnapshot(world, t);
    return { lines: t.lines, metrics };
  } finally {
    await world.close();
  }
}
