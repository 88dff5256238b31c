import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../shared/campaign/campaign';
import type { SessionUser } from '../shared/admin/auth';
import type { MapEngine } from '../map/map-engine';
import { localName, withTexts } from '../lib/i18n';
import { BASEMAP_COLORS } from '../features/basemap/basemap.layer';
import { PHONE_MEDIA_QUERY } from '../styles/breakpoints';

// The registers' layer switches (台账图层), with their texts, on first use of the legend by a signed-in user.
const RegisterLayers = lazy(
  withTexts(() =>
    import('../features/registers/components/register-layers').then((module) => ({ default: module.RegisterLayers })),
  ),
);

/**
 * Map legend: zone status colours, the overdue mark, the base map symbols and, for a signed-in user, the registers'
 * layers. Collapsible.
 */
export function Legend({
  campaign,
  online,
  engine,
  user,
}: {
  campaign: CampaignResponse;
  online: boolean;
  engine?: MapEngine | null;
  user?: SessionUser | null;
}) {
  const { t, i18n } = useTranslation();
  // On a phone the legend starts folded: open, it would cover a third of the map.
  const [open, setOpen] = useState(() => !window.matchMedia(PHONE_MEDIA_QUERY).matches);
  return (
    <div className={`legend${open ? '' : ' is-collapsed'}`} aria-label={t('legend.title')}>
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('legend.title')}
      </button>
      {/* Folded, the list is hidden but stays mounted: the register layers switched on stay on the map. */}
      <ul hidden={!open}>
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
        {engine && user ? (
          <Suspense fallback={null}>
            <RegisterLayers engine={engine} user={user} today={campaign.today} />
          </Suspense>
        ) : null}
      </ul>
    </div>
  );
}
