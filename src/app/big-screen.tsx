import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FeatureCollection } from 'geojson';
import { MapCanvas } from '../map/map-canvas';
import type { MapEngine } from '../map/map-engine';
import { createCampaignLookup } from '../shared/campaign/campaign-lookup';
import type { CampaignResponse } from '../shared/campaign/campaign';
import { formatDateTime } from '../lib/format';
import { zonesQuery } from '../data/zones';
import { useZoneMap } from '../features/zones/use-zone-map';
import { useBasemap, usePlaces } from '../data/basemap';
import { BASEMAP_COLORS } from '../features/basemap/basemap.layer';
import { DashboardPanel } from '../features/dashboard/components/dashboard-panel';
import { TOWN_BOUNDS } from './map-page';
import { mapPageContent } from './map-content';
import { Legend } from './legend';

/** How often the meeting-room screen refreshes the zones and the figures by itself. */
const REFRESH_MS = 60_000;
/** The screen the big screen is laid out for; others scale it (1366 × 768 to 3840 × 2160). */
const DESIGN = { width: 1920, height: 1080 };

/** The big screen's scale for a window: the design shrunk or grown to fit, never cut off. */
export const bigScale = (width: number, height: number) => Math.min(width / DESIGN.width, height / DESIGN.height);

/**
 * 大屏: the meeting-room screen. Full screen, dark, large type: the town map with every zone by
 * status and the key figures, refreshing by itself. Read-only: nothing to click that edits.
 */
export function BigScreen({ campaign, sampleData }: { campaign: CampaignResponse; sampleData: boolean }) {
  const { t, i18n } = useTranslation();
  const [engine, setEngine] = useState<MapEngine | null>(null);
  const [now, setNow] = useState(() => new Date());
  const lookup = useMemo(() => createCampaignLookup(campaign), [campaign]);
  const zones = useQuery({ ...zonesQuery(), refetchInterval: REFRESH_MS });
  const basemap = useBasemap();
  const places = usePlaces();
  const [selection, setSelection] = useState<string[] | null>(null);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  // Type and panel sizes follow the screen (--big-scale), and the map keeps the whole town in view
  // whenever its box changes (a window resized, the panel's figures arriving).
  const [scale, setScale] = useState(() => bigScale(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const update = () => setScale(bigScale(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  useEffect(() => {
    if (!engine) return;
    const observer = new ResizeObserver(() => engine.fitBounds(TOWN_BOUNDS));
    observer.observe(engine.map.getContainer());
    return () => observer.disconnect();
  }, [engine]);

  const content = useMemo(
    () =>
      mapPageContent({
        zones: zones.data,
        statusColors: lookup.zoneStatusColors,
        overdueColor: campaign.overdueColor,
        visibleIds: selection,
        selectedId: null,
        basemap: basemap.data as FeatureCollection | undefined,
        places: places.data,
        online: null,
        language: i18n.language,
      }),
    [zones.data, lookup, campaign.overdueColor, selection, basemap.data, places.data, i18n.language],
  );
  useZoneMap({
    engine,
    zones: zones.data,
    hover: null,
    onSelect: () => {},
  });

  return (
    <div className="big-screen" data-testid="big-screen" style={{ '--big-scale': scale } as CSSProperties}>
      <header className="big-header">
        <h1>{t('big.title', { year: campaign.campaign.year })}</h1>
        {sampleData ? <span className="sample-badge">{t('header.sampleBadge')}</span> : null}
        <span className="big-clock">{formatDateTime(now.toISOString(), i18n.language)}</span>
        <span className="big-refresh">{t('big.refresh', { seconds: REFRESH_MS / 1000 })}</span>
      </header>
      <div className="big-body">
        <main className="big-map">
          <MapCanvas
            bounds={TOWN_BOUNDS}
            backgroundColor={BASEMAP_COLORS.background}
            label={t('map.label')}
            failedText={t('map.workerFailed')}
            content={content}
            defer={zones.isPending || basemap.isPending}
            onReady={setEngine}
          />
          <Legend campaign={campaign} online={false} />
        </main>
        <DashboardPanel
          campaign={campaign}
          lookup={lookup}
          asOf={null}
          variant="big"
          onAsOf={() => {}}
          onShow={(shown) => setSelection(shown.ids)}
          onSelectZone={(id) => setSelection([id])}
        />
      </div>
    </div>
  );
}
