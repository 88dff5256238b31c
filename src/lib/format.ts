import type { Unit } from '../shared/campaign/campaign';
import { TIMEZONE } from '../shared/time/dates';
import { localName } from './i18n';

// Every date and time the client shows is in Asia/Shanghai (the campaign's time zone), formatted here.

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${key}|${language}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { timeZone: TIMEZONE, hour12: false, ...options });
    formats.set(id, format);
  }
  return format;
}

/** An instant as date and time in Asia/Shanghai, in the UI language (e.g. 2026/11/30 14:05). */
export function formatDateTime(iso: string, language: string): string {
  return formatter('short', language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** An instant with the full year and two-digit fields, to the minute or (audit log) the second. */
export function formatDateTimeFull(iso: string, language: string, options: { seconds?: boolean } = {}): string {
  return formatter(options.seconds ? 'full-seconds' : 'full', language, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
  }).format(new Date(iso));
}

// The stamp lives in its own module: views that need only it do not load the formatters (and the dates module).
export { formatStamp } from './stamp';

/** Where unit names come from: the campaign's units, or its lookup. */
type UnitSource = readonly Pick<Unit, 'id' | 'name' | 'nameEn'>[] | { unit(id: string): Unit | undefined };

/** A unit's name in the UI language: '—' for none, the id itself for a unit the campaign does not know. */
export function unitName(source: UnitSource, id: string | null, language: string): string {
  if (!id) return '—';
  const unit = 'unit' in source ? source.unit(id) : source.find((candidate) => candidate.id === id);
  return unit ? localName(unit, language) : id;
}

/** A month `YYYY-MM` as people write it: 2026年12月, or "Dec 2026" in English. */
export function formatMonth(month: string, language: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const [, year, n] = match;
  if (language.startsWith('zh')) return `${year}年${Number(n)}月`;
  return new Date(Date.UTC(Number(year), Number(n) - 1, 15)).toLocaleDateString('en', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const CHINESE_QUARTERS = ['一', '二', '三', '四'];
/** A quarter `YYYY-Qn` as people write it: 2026年第四季度, or "Q4 2026" in English. */
export function formatQuarter(quarter: string, language: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) return quarter;
  const [, year, n] = match;
  return language.startsWith('zh') ? `${year}年第${CHINESE_QUARTERS[Number(n) - 1]}季度` : `Q${n} ${year}`;
}
