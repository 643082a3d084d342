// The transcript printer: numbered sections, time-stamped events and indented outcomes. Lines are
// kept without colour (for tests and logs); colour is added only on the way to the terminal.
import { styleText } from 'node:util';
import type { Clock } from './sdk.js';

/** What a piece of a line means; each role has one colour. */
export type Role = 'title' | 'section' | 'time' | 'inbound' | 'outbound' | 'ok' | 'refused' | 'code' | 'value' | 'dim';

/** A piece of a line: plain text, or text with a role. */
export type Part = string | readonly [Role, string];

const STYLES: Record<Role, Parameters<typeof styleText>[0]> = {
  title: ['bold', 'underline'],
  section: ['bold', 'cyan'],
  time: 'gray',
  inbound: 'blue',
  outbound: 'magenta',
  ok: 'green',
  refused: 'yellow',
  code: 'bold',
  value: 'cyan',
  dim: 'gray',
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const SECTION_WIDTH = 96;

/** `Mon 09:00` in UTC: the demo's clock is virtual and starts on a fixed date. */
export function formatTime(at: number): string {
  const date = new Date(at);
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${WEEKDAYS[date.getUTCDay()] ?? '???'} ${hh}:${mm}`;
}

export interface TranscriptOptions {
  clock: Clock;
  /** Receives each finished line (coloured when `color` is on). */
  write?: (line: string) => void;
  color?: boolean;
}

/** Colour only for a terminal, and never when `NO_COLOR` is set (https://no-color.org). */
export function terminalSupportsColor(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export class Transcript {
  readonly #clock: Clock;
  readonly #write: (line: string) => void;
  readonly #color: boolean;
  readonly #lines: string[] = [];
  #section = 0;

  constructor(options: TranscriptOptions) {
    this.#clock = options.clock;
    this.#write = options.write ?? (() => undefined);
    this.#color = options.color ?? false;
  }

  /** Every line so far, without colour. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  title(text: string): void {
    this.#emit([['title', text]]);
  }

  /** Starts the next numbered section. */
  section(title: string): void {
    this.#section += 1;
    const head = `── ${String(this.#section)}. ${title} `;
    this.#emit(['']);
    this.#emit([['section', head.padEnd(SECTION_WIDTH, '─')]]);
  }

  /** Something happened now: `← ` a customer wrote, `→ ` the business sent, `• ` anything else. */
  event(marker: '←' | '→' | '•', ...parts: Part[]): void {
    const role: Role = marker === '←' ? 'inbound' : marker === '→' ? 'outbound' : 'dim';
    this.#emit([['time', `[${formatTime(this.#clock.now())}]`], ' ', [role, marker], ' ', ...parts]);
  }

  /** An outcome or fact under the last event. */
  detail(...parts: Part[]): void {
    this.#emit(['             ', ...parts]);
  }

  #emit(parts: readonly Part[]): void {
    const plain = parts.map((p) => (typeof p === 'string' ? p : p[1])).join('');
    this.#lines.push(plain);
    this.#write(this.#color ? parts.map((p) => (typeof p === 'string' ? p : styleText(STYLES[p[0]], p[1], { validateStream: false }))).join('') : plain);
  }
}
