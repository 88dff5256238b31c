import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDateTimeFull, formatMonth, formatStamp, unitName } from './format';
import { itemLabel } from './item-label';

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

  it('names a 整治项目 by its code and short name; the code alone when unknown', () => {
    const items = [
      { code: 'R7', name: '整治城中村', nameEn: 'Urban villages' },
      { code: 'S2', name: '规范户外广告设置', nameEn: 'Outdoor advertising' },
    ];
    const lookup = { item: (code: string) => items.find((item) => item.code === code) };
    expect(itemLabel(lookup, 'R7', 'zh-CN')).toBe('R7 城中村');
    expect(itemLabel(lookup, 'S2', 'zh-CN')).toBe('S2 户外广告设置');
    expect(itemLabel(lookup, 'S2', 'en')).toBe('S2 Outdoor advertising');
    expect(itemLabel(items, 'R7', 'zh-CN', { full: true })).toBe('R7 整治城中村');
    expect(itemLabel(lookup, 'X9', 'zh-CN')).toBe('X9');
  });
});

describe('formatMonth', () => {
  it('writes a month as people do, in either language', () => {
    expect(formatMonth('2026-12', 'zh-CN')).toBe('2026年12月');
    expect(formatMonth('2026-03', 'zh-CN')).toBe('2026年3月');
    expect(formatMonth('2026-03', 'en')).toBe('Mar 2026');
    expect(formatMonth('2026-3', 'zh-CN')).toBe('2026-3');
  });
});
