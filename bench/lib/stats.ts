/** Small statistics for benchmark samples (milliseconds or bytes). */
export { seededRandom } from '../../src/shared/cases/case-generator';

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no samples');
  return [...values].sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  const s = sorted(values);
  const middle = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[middle]! : (s[middle - 1]! + s[middle]!) / 2;
}

/** Nearest-rank percentile (p in 0–100): the smallest sample with at least p% of samples ≤ it. */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

export function p95(values: readonly number[]): number {
  return percentile(values, 95);
}

export const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
