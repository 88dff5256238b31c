/** Dates in this product are calendar days in Asia/Shanghai, written YYYY-MM-DD. */
export const TIMEZONE = 'Asia/Shanghai';

// Made on first use, like the one below: the first formatter with a time zone costs the map page about 20 ms of its
// start-up (the browser loads its time-zone data), and the map page's first paint needs no day of Shanghai (P2).
let dayFormatter: Intl.DateTimeFormat | undefined;

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai at the given instant. */
export function shanghaiDay(instant: Date = new Date()): string {
  dayFormatter ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return dayFormatter.format(instant);
}

let timestampFormatter: Intl.DateTimeFormat | undefined;
const timestampOptions: Intl.DateTimeFormatOptions = {
  timeZone: TIMEZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** "YYYY-MM-DD HH:mm" in Asia/Shanghai, or "YYYY-MM-DD HH:mm:ss" with `seconds`. */
export function shanghaiTimestamp(instant: Date, options: { seconds?: boolean } = {}): string {
  // Made on first use: the server's exports need it, the page's first JavaScript does not.
  timestampFormatter ??= new Intl.DateTimeFormat('sv-SE', timestampOptions);
  const text = timestampFormatter.format(instant);
  return options.seconds ? text : text.slice(0, 16);
}

/** Add whole days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const isoDaySchemaPattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True when the string is a real calendar day (rejects 2026-02-30). */
export function isValidDay(day: string): boolean {
  if (!isoDaySchemaPattern.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
