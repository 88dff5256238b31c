import { describe, expect, it } from 'vitest';
import { initI18n, loadMoreTexts, switchLanguage } from '../../lib/i18n';
import { importReasonText } from './import-helpers';

describe('importReasonText', () => {
  it('names the parts of a mixed collection and the earlier feature of an in-file overlap, in both languages', async () => {
    await loadMoreTexts();
    const i18n = initI18n('zh-CN');
    const mixed = { reason: 'mixed-geometry', params: { areas: 1, lines: 2, points: 0 } };
    const inFile = { reason: 'overlap-in-file', params: { feature: 3 } };
    expect(importReasonText(mixed, i18n)).toContain('1 个面和2 条线');
    expect(importReasonText(mixed, i18n)).not.toContain('0 个点');
    expect(importReasonText(inFile, i18n)).toContain('第 3 个要素');
    expect(importReasonText({ reason: 'overlapping-parts' }, i18n)).toContain('重叠');
    expect(importReasonText({ reason: null }, i18n)).toBe('');
    await switchLanguage(i18n, 'en');
    expect(importReasonText(mixed, i18n)).toContain('mixes 1 area and 2 lines');
    expect(importReasonText({ reason: 'mixed-geometry', params: { areas: 2, lines: 0, points: 1 } }, i18n)).toContain(
      '2 areas and 1 point',
    );
    expect(importReasonText(inFile, i18n)).toBe('Overlaps feature 3 of this file (same item).');
  });
});
