import { TIMEZONE } from '../shared/time/dates';

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as date and time in Asia/Shanghai, in the UI language (e.g. 2026/11/30 14:05). */
export function formatDateTime(iso: string, language: string): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      timeZone: TIMEZONE,
      dateStyle: 'short',
      timeStyle: 'short',
      hour12: false,
    });
    formats.set(language, format);
  }
  return format.format(new Date(iso));
}
