import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../shared/campaign/campaign';
import { localName } from '../lib/i18n';
import { BASEMAP_COLORS } from '../features/basemap/basemap.layer';

/** Map legend: zone status colours, the overdue mark and the base map symbols. Collapsible. */
export function Legend({ campaign, online }: { campaign: CampaignResponse; online: boolean }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(true);
  return (
    <div className={`legend${open ? '' : ' is-collapsed'}`} aria-label={t('legend.title')}>
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('legend.title')}
      </button>
      {open ? (
        <ul>
          {campaign.zoneStatuses.map((status) => (
            <li key={status.code}>
              <span className="legend-swatch" style={{ backgroundColor: status.color }} />
              {localName(status, i18n.language)}
            </li>
          ))}
          <li>
            <span className="legend-swatch legend-overdue" style={{ borderColor: campaign.overdueColor }} />
            {t('legend.overdue')}
          </li>
          <li className="legend-separator" />
          <li>
            <span className="legend-swatch legend-outline" style={{ borderColor: BASEMAP_COLORS.outline }} />
            {t('legend.outline')}
          </li>
          {online ? null : (
            <>
              <li>
                <span className="legend-swatch" style={{ backgroundColor: BASEMAP_COLORS.water }} />
                {t('legend.water')}
              </li>
              <li>
                <span className="legend-swatch legend-line" style={{ backgroundColor: BASEMAP_COLORS.roadCasing }} />
                {t('legend.road')}
              </li>
            </>
          )}
          <li>
            <span className="legend-dot" style={{ backgroundColor: BASEMAP_COLORS.community }} />
            {t('legend.community')}
          </li>
          <li>
            <span className="legend-dot" style={{ backgroundColor: BASEMAP_COLORS.village }} />
            {t('legend.village')}
          </li>
        </ul>
      ) : null}
    </div>
  );
}
