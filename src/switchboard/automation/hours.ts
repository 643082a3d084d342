const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours per weekday as `[from, to)` local-time ranges ("09:00"-"18:00"). */
export type WeeklyHours = { readonly [D in Weekday]?: readonly (readonly [string, string])[] | undefined };

// Building a formatter costs far more than using one; a deployment uses one or a few time zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local weekday, date and minute of the day of an instant in a time zone. */
export function localTime(at: number, timeZone: string): { weekday: Weekday; date: string; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = WEEKDAYS.find((d) => d === part('weekday').toLowerCase()) ?? 'sun';
  return {
    weekday,
    date: `${part('year')}-${part('month')}-${part('day')}`,
    minute: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

const toMinute = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `at` falls inside the opening hours in `timeZone`. */
export function isOpenAt(hours: WeeklyHours, timeZone: string, at: number): boolean {
  const { weekday, minute } = localTime(at, timeZone);
  return (hours[weekday] ?? []).some(([from, to]) => minute >= toMinute(from) && minute < toMinute(to));
}
