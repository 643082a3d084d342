import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '../../examples/demo/run-demo.js';
import { runDemo } from '../../examples/demo/run-demo.js';
import { terminalSupportsColor } from '../../examples/demo/transcript.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let demo: DemoResult;
let written: string[];
beforeAll(async () => {
  written = [];
  demo = await runDemo({ write: (line) => { written.push(line); } });
});

/** The transcript's lines without indentation, for exact comparisons. */
const trimmed = (): string[] => demo.lines.map((line) => line.trim());

describe('the end-to-end demo transcript', () => {
  it('tells the story in nine numbered sections, from the first WhatsApp message to the health snapshot', () => {
    const sections = trimmed().filter((line) => /^── \d+\. /.test(line)).map((line) => line.replace(/ ─+$/, ''));
    expect(sections).toEqual([
      '── 1. A WhatsApp customer writes',
      '── 2. An operator claims the dialog and replies with a canned response',
      '── 3. 25 hours pass: the customer-service window closes',
      '── 4. Templates: reviewed by Meta, checked by the linter first',
      '── 5. The approved template goes out: credits held, auto-recharge fires',
      '── 6. Statuses arrive out of order and never regress',
      '── 7. A VK user writes to the community',
      '── 8. A broadcast: today\'s shipment notifications',
      '── 9. Health: sb.metrics()',
    ]);
    expect(demo.lines.length).toBeGreaterThanOrEqual(70);
    expect(demo.lines.length).toBeLessThanOrEqual(150);
  });

  it('a WhatsApp customer becomes one normalized contact and one lead, however often Meta delivers the webhook', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      '[Mon 09:00] ← whatsapp · Ada Lovelace (wa_id 16505551234): "Hi! Is my order A-1042 ready?"',
      'hook onNewConversation → lead L-1001 "Ada Lovelace" (source whatsapp)',
      '[Mon 09:00] • Meta redelivers the same webhook → 200; messages stored: 1, leads: 1',
      '[Mon 09:00] • a forged copy (bad X-Hub-Signature-256) → 401, webhook.rejected WEBHOOK_BAD_SIGNATURE; messages stored: 1',
    ]));
    expect(trimmed().some((line) => /^contact ct_…\w{6} Ada Lovelace: phone:\+16505551234 \(E\.164\)$/.test(line))).toBe(true);
  });

  it('the operator must claim before replying; the canned response is sent with its merge fields filled and charged on delivery', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      '[Mon 09:03] • maria replies before claiming: ✗ refused NOT_ASSIGNEE → remedy: claim',
      'merge fields filled: "Hi Ada! Order A-1042 is packed and leaves our warehouse today."',
      'credits: available 28 · held 2 · posted 30',
      '[Mon 09:04] • status webhooks sent, delivered → message delivered; credits.captured 2',
      'credits: available 28 · held 0 · posted 28',
    ]));
  });

  it('after 25 hours a free-form reply is refused with the template remedy and costs nothing', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      '[Tue 10:04] → maria sends a free-form follow-up: ✗ refused WINDOW_CLOSED → remedy: template',
      'nothing sent (0), stored (0) or charged (0)',
    ]));
  });

  it('the UTILITY template is approved through review and sync; the promotional one is stopped by the linter with reasons and spans', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      '[Tue 10:34] • submit, Meta approves, sync → draft→pending, pending→approved',
      '[Tue 10:34] • submit order_update_promo (UTILITY): ✗ refused TEMPLATE_LINT_FAILED → remedy: fix_input',
      'PERCENT_OFF  body[66..73)  "Get 20%"',
      'COUPON       body[104..112)  "THANKS20"',
      'URGENCY      body[114..124)  "today only"',
      'never reached Meta, which knows only: order_update (APPROVED)',
    ]));
  });

  it('the template reaches the same dialog from a national number; credits are held, auto-recharge fires once, a retry is a duplicate', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      'quote 10 credits (rule whatsapp.templates.*.UTILITY)',
      'credits.low: available 18 < 20 → recharge',
      'credits.recharged +500 (payment key acme:recharge:1)',
      'credits: available 518 · held 10 · posted 528',
      '[Tue 10:34] → the CRM retries the same send (same idempotency key) → duplicate: true, payments so far: 1',
    ]));
    expect(trimmed().some((line) => /^same dialog as the customer's message: true \(cv_…\w{6}\)$/.test(line))).toBe(true);
    expect(trimmed().filter((line) => line.startsWith('credits.recharged'))).toHaveLength(1);
  });

  it('statuses delivered in reverse order, and a late failure, never move the message backwards; the hold is captured once', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      '[Tue 10:36] • webhook → stored status: read→read  delivered→read  sent→read  failed→read',
      'timeline: sent Tue 10:34, delivered Tue 10:36, read Tue 10:36',
      'credits.captured 10 (1 capture for 4 status webhooks)',
      'credits: available 518 · held 0 · posted 518',
    ]));
  });

  it('a VK user\'s dialog becomes the lead "Community: First Last" and goes through claim, invite, delegate, spam and restore', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      'hook onNewConversation → lead L-1002 titled "Northwind Shop: Ivan Petrov" (source Northwind Shop)',
      '[Tue 10:57] • alexander delegates to delivery-desk and leaves → assignee delivery-desk, participants maria',
      'alexander tries to reply: ✗ refused NOT_ASSIGNEE → remedy: claim',
      '[Tue 10:58] • delivery-desk closes it as spam → closed (spam)',
      'a reply into the closed dialog: ✗ refused CONVERSATION_CLOSED',
      '[Tue 10:59] • it was a real customer: delivery-desk restores it → open, assignee delivery-desk',
      'history: 10:56 claimed(alexander) · 10:57 invited(alexander) · 10:57 delegated(alexander) · 10:58 closed(delivery-desk) · 10:59 restored(delivery-desk)',
      'operators who worked on it: alexander, maria, delivery-desk',
    ]));
  });

  it('the broadcast reports progress per batch, skips refusals with their reason, and a re-run sends nobody twice', () => {
    expect(trimmed()).toEqual(expect.arrayContaining([
      'broadcast.progress 2/5 sent 2 skipped 0 failed 0',
      'broadcast.progress 4/5 sent 3 skipped 1 failed 0',
      'broadcast.progress 5/5 sent 3 skipped 2 failed 0',
      '[Tue 11:09] • report: sent 3, queued 0, already sent 0, failed 0',
      'skipped phone:+16505552004: CONSENT_REQUIRED',
      'skipped call me maybe: INVALID_PHONE',
      'credits: available 487 · held 30 · posted 517 · auto-recharge payments: 1',
      '[Tue 11:09] • the same broadcast id re-run (a crash, a double click) → already sent 3, new sends 0',
    ]));
  });

  it('ends with the metrics snapshot, which is the one runDemo returns', () => {
    const lines = trimmed();
    const health = lines.findIndex((line) => line.startsWith('── 9. Health'));
    expect(lines.slice(health + 1)).toEqual([
      `[Tue 11:09] • last 24 h: messages in whatsapp 0, vk 1 · out whatsapp 4, vk 1`,
      `sends ${String(demo.metrics.sends.attempts)} attempts, ${String(demo.metrics.sends.failures)} failures, error rate ${demo.metrics.sendErrorRate.toFixed(2)}`,
      `webhooks ${String(demo.metrics.webhooks.count)} (p50 ${String(demo.metrics.webhooks.p50)} ms, p95 ${String(demo.metrics.webhooks.p95)} ms, rejected 0, failed 0)`,
      `first response p50 ${String(demo.metrics.firstResponseMs.p50 / 1000)} s over 1 dialog(s) · dead letters 0`,
    ]);
    expect(demo.metrics).toMatchObject({ sends: { failures: 0 }, deadLetters: 0 });
  });

  it('is deterministic: a second run prints exactly the same transcript', async () => {
    const second = await runDemo();
    expect(second.lines).toEqual(demo.lines);
  });
});

describe('the transcript printer', () => {
  it('writes each line as it goes, without colour unless asked', () => {
    expect(written).toEqual(demo.lines);
  });

  it('with colour on, the written lines carry ANSI styles and read the same once stripped', async () => {
    const coloured: string[] = [];
    const result = await runDemo({ write: (line) => { coloured.push(line); }, color: true });
    expect(coloured.some((line) => line !== stripVTControlCharacters(line))).toBe(true);
    expect(coloured.map((line) => stripVTControlCharacters(line))).toEqual(result.lines);
  });

  it('uses colour only on a terminal and never when NO_COLOR is set', () => {
    expect(terminalSupportsColor({ isTTY: true }, {})).toBe(true);
    expect(terminalSupportsColor({ isTTY: false }, {})).toBe(false);
    expect(terminalSupportsColor({}, {})).toBe(false);
    expect(terminalSupportsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });
});

describe('npm run demo (the CLI)', () => {
  it('exits 0 and prints the same transcript on stdout', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'examples/demo/index.ts'], {
      cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000,
    });
    expect(stderr).toBe('');
    expect(stdout.split('\n').slice(0, -1)).toEqual(demo.lines);
  }, 60_000);
});
