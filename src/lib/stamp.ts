/** Asia/Shanghai "YYYY-MM-DD HH:mm" of an instant, the same in every language (the 数字城管 tables); '—' for none. */
export function formatStamp(iso: string | null): string {
  if (!iso) return '—';
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
