/**
 * How busy the machine was with other work while a row ran: CPU time used by all processes
 * (/proc/stat) minus this process and its reaped children (the stub), in cores. Linux only;
 * elsewhere `foreignCores` returns null. A figure taken while other processes used a core or
 * more on a 2-core machine is noise, not a regression.
 */
import { readFileSync } from 'node:fs';

// USER_HZ: the kernel reports /proc times in 1/100 s on every mainstream Linux build.
const TICKS_PER_SECOND = 100;

interface Snapshot {
  busy: number;
  own: number;
  at: number;
}

function read(): Snapshot | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/u).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    const self = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; utime, stime, cutime, cstime are fields 14–17.
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    return { busy: user + nice + system + irq + softirq + steal, own, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** Starts a measurement window; the returned function gives the foreign load in cores. */
export function watchForeignLoad(): () => number | null {
  const start = read();
  return () => {
    const end = read();
    if (start === undefined || end === undefined || end.at - start.at < 50) return null;
    const foreignTicks = end.busy - start.busy - (end.own - start.own);
    return Math.max(0, foreignTicks / TICKS_PER_SECOND / ((end.at - start.at) / 1000));
  };
}
