// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { sampleCampaign } from '../../../testing/sample-campaign';
import { initI18n, loadMoreTexts, switchLanguage } from '../../../lib/i18n';
import { EMPTY_ZONE_FILTER } from '../zone-filter';
import { ZoneFilters } from './zone-filters';

const campaign = sampleCampaign('2026-06-15');

async function renderFilters(language: 'zh-CN' | 'en' = 'zh-CN') {
  const onToggleItem = vi.fn();
  const onSetItems = vi.fn();
  // The filters load with the rest of the texts, after the first paint (as the map page does).
  await loadMoreTexts();
  const i18n = initI18n();
  await switchLanguage(i18n, language);
  render(
    <I18nextProvider i18n={i18n}>
      <ZoneFilters
        campaign={campaign}
        zones={[]}
        filter={EMPTY_ZONE_FILTER}
        onToggleItem={onToggleItem}
        onSetItems={onSetItems}
        onToggleStatus={vi.fn()}
        onChange={vi.fn()}
        onClear={vi.fn()}
      />
    </I18nextProvider>,
  );
  return { onToggleItem, onSetItems };
}

describe('ZoneFilters', () => {
  it('shows the items that do not apply to Jinxi as not applicable, never as a percentage', async () => {
    const container = document.body;
    await renderFilters();
    for (const code of ['R7', 'R8', 'R9', 'S3']) {
      const row = container.querySelector(`[data-item="${code}"]`)!;
      expect(row.textContent).toContain('不适用');
      expect(row.textContent).not.toMatch(/%|\d+\/\d+/);
      expect(row.querySelector('button')).toBeNull(); // cannot be picked as a filter
    }
  });

  it('toggles an item, and a group header selects all its applicable items', async () => {
    const { onToggleItem, onSetItems } = await renderFilters();
    fireEvent.click(screen.getByText('整治镇区河道环境'));
    expect(onToggleItem).toHaveBeenCalledWith('R3');
    fireEvent.click(screen.getByText('九整治'));
    expect(onSetItems).toHaveBeenCalledWith(['R1', 'R2', 'R3', 'R4', 'R5', 'R6']);
  });

  it('speaks English when switched', async () => {
    await renderFilters('en');
    expect(screen.getByText('Town rivers and banks')).toBeTruthy();
    expect(screen.getAllByText('N/A')).toHaveLength(4);
  });
});
