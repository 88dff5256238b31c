import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDateTimeFull, formatStamp, unitName } from './format';

const units = [{ id: 'water', name: '水利站', nameEn: 'Water station' }];

describe('format', () => {
  it('shows instants in Asia/Shanghai', () => {
    expect(formatStamp('2026-11-30T16:05:00Z')).toBe('2026-12-01 00:05');
    expect(formatStamp(null)).toBe('—');
    expect(formatDateTime('2026-11-30T16:05:00Z', 'zh-CN')).toContain('00:05');
    expect(formatDateTimeFull('2026-11-30T16:05:09Z', 'zh-CN', { seconds: true })).toContain('00:05:09');
    expect(formatDateTimeFull('2026-11-30T16:05:09Z', 'zh-CN')).not.toContain(':09');
  });

  it('names a unit in the UI language, from the units or a lookup; the id when unknown, — for none', () => {
    expect(unitName(units, 'water', 'zh-CN')).toBe('水利站');
    expect(unitName({ unit: (id) => units.find((unit) => unit.id === id) as never }, 'water', 'en')).toBe(
      'Water station',
    );
    expect(unitName(units, 'fire', 'zh-CN')).toBe('fire');
    expect(unitName(units, null, 'zh-CN')).toBe('—');
  });
});
