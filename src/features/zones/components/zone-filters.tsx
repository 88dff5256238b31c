import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { ZoneListFeature } from '../../../shared/zones/zone';
import { localName } from '../../../lib/i18n';
import type { ZoneFilter } from '../zone-filter';
import { isFilterActive, summarizeByItem, unitsInUse } from '../filter-summary';
import { UnitOptions } from '../../../ui/unit-options';
import '../zones.css';

export interface ZoneFiltersProps {
  campaign: CampaignResponse;
  zones: readonly ZoneListFeature[];
  filter: ZoneFilter;
  onToggleItem(code: string): void;
  onSetItems(codes: string[]): void;
  onToggleStatus(code: string): void;
  onChange(patch: Partial<ZoneFilter>): void;
  onClear(): void;
}

/** Filters by group and item (with each item's progress), status, unit, overdue and name. */
export function ZoneFilters(props: ZoneFiltersProps) {
  const { t, i18n } = useTranslation();
  const { campaign, filter } = props;
  // Of the zones only, not of the filter: a filter change (a county's 11,000 zones) does not count them again (P9).
  const summary = useMemo(() => summarizeByItem(props.zones), [props.zones]);
  const units = useMemo(() => unitsInUse(campaign.units, props.zones), [campaign.units, props.zones]);
  const language = i18n.language;

  return (
    <section className="filters" aria-label={t('filters.title')}>
      <div className="search-row">
        <input
          type="search"
          className="search-input"
          placeholder={t('filters.searchPlaceholder')}
          aria-label={t('filters.search')}
          value={filter.q}
          maxLength={100}
          onChange={(event) => props.onChange({ q: event.target.value })}
        />
      </div>

      {campaign.groups.map((group) => {
        const items = campaign.items.filter((item) => item.group === group.code);
        const applicableCodes = items.filter((item) => item.applicable).map((item) => item.code);
        const allSelected = applicableCodes.length > 0 && applicableCodes.every((code) => filter.items.includes(code));
        return (
          <div className="filter-group" key={group.code}>
            <button
              type="button"
              className={`group-toggle${allSelected ? ' is-active' : ''}`}
              aria-pressed={allSelected}
              onClick={() =>
                props.onSetItems(
                  allSelected
                    ? filter.items.filter((code) => !applicableCodes.includes(code))
                    : [...new Set([...filter.items, ...applicableCodes])],
                )
              }
            >
              {localName(group, language)}
            </button>
            <ul className="item-list">
              {items.map((item) => {
                const entry = summary.get(item.code);
                const active = filter.items.includes(item.code);
                if (!item.applicable) {
                  return (
                    <li key={item.code} className="item-row is-na" data-item={item.code}>
                      <span className="item-code">{item.code}</span>
                      <span className="item-name">{localName(item, language)}</span>
                      <span className="na-badge" title={t('filters.notApplicableHint')}>
                        {t('filters.notApplicable')}
                      </span>
                    </li>
                  );
                }
                const total = entry?.total ?? 0;
                const accepted = entry?.accepted ?? 0;
                return (
                  <li key={item.code} className={`item-row${active ? ' is-active' : ''}`} data-item={item.code}>
                    <button
                      type="button"
                      className="item-button"
                      aria-pressed={active}
                      onClick={() => props.onToggleItem(item.code)}
                    >
                      <span className="item-code">{item.code}</span>
                      <span className="item-name">{localName(item, language)}</span>
                      <span className="item-stats" title={t('filters.acceptedOfTotal', { accepted, total })}>
                        {total === 0 ? t('filters.noZones') : `${accepted}/${total}`}
                        {entry?.overdue ? (
                          <span className="item-overdue">{t('filters.overdueCount', { count: entry.overdue })}</span>
                        ) : null}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}

      <div className="filter-group">
        <div className="filter-label">{t('filters.status')}</div>
        <div className="chips">
          {campaign.zoneStatuses.map((status) => {
            const active = filter.statuses.includes(status.code);
            return (
              <button
                key={status.code}
                type="button"
                className={`chip${active ? ' is-active' : ''}`}
                aria-pressed={active}
                onClick={() => props.onToggleStatus(status.code)}
              >
                <span className="swatch" style={{ backgroundColor: status.color }} />
                {localName(status, language)}
              </button>
            );
          })}
          <button
            type="button"
            className={`chip chip-overdue${filter.overdueOnly ? ' is-active' : ''}`}
            aria-pressed={filter.overdueOnly}
            onClick={() => props.onChange({ overdueOnly: !filter.overdueOnly })}
          >
            <span className="swatch swatch-overdue" style={{ borderColor: campaign.overdueColor }} />
            {t('filters.overdueOnly')}
          </button>
        </div>
      </div>

      <div className="filter-group">
        <label className="filter-label" htmlFor="unit-filter">
          {t('filters.unit')}
        </label>
        <select
          id="unit-filter"
          className="unit-select"
          value={filter.unit ?? ''}
          onChange={(event) => props.onChange({ unit: event.target.value || null })}
        >
          <option value="">{t('filters.allUnits')}</option>
          <UnitOptions units={units} />
        </select>
      </div>

      {isFilterActive(filter) ? (
        <button type="button" className="link-button" onClick={props.onClear}>
          {t('filters.clear')}
        </button>
      ) : null}
    </section>
  );
}
