/** The reports sent from this phone (their tokens), kept in the browser only: the site has no accounts. */
const KEY = 'jinxi.public.reports';

export interface MyReport {
  token: string;
  category: string;
  sentAt: string;
}

export function myReports(): MyReport[] {
  try {
    const value: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? (value as MyReport[]).filter((entry) => typeof entry?.token === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberReport(report: MyReport): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify([report, ...myReports()].slice(0, 20)));
  } catch {
    // Private mode: the link shown after sending is the way back.
  }
}
