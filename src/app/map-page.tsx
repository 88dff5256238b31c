import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { geometryBounds, zoneBox } from '../shared/geo/bounds';
import type { FeatureCollection, Polygon } from 'geojson';
import type { HistoryPreview } from '../features/zones/history-preview.layer';
import type { SessionUser } from '../shared/admin/auth';
import {
  GEOJSON_MAX_FEATURES,
  type ZoneBbox,
  type ZoneFeature,
  type ZoneGeometry,
  type ZoneListFeature,
} from '../shared/zones/zone';
import { canCall, permissionsLoaded } from '../lib/permissions';
import { FLOOD_ITEM } from '../shared/campaign/items';
import { mayWriteItem } from '../shared/campaign/ownership';
import { MapCanvas } from '../map/map-canvas';
import type { MapEngine } from '../map/map-engine';
import { Message } from '../ui/message';
import { withTexts } from '../lib/i18n';
import { markPageSettled, pageSettled } from '../lib/page-settled';
import { createCampaignLookup } from '../shared/campaign/campaign-lookup';
import { useQuery } from '@tanstack/react-query';
import { useCampaign } from '../data/campaign';
import { dashboardQuery } from '../data/dashboard';
import { useZones } from '../data/zones';
import { matchesZoneFilter, sortZonesForList } from '../features/zones/zone-filter';
import { useZoneMap } from '../features/zones/use-zone-map';
import { createZoneHover } from '../features/zones/zone-hover';
import { ZoneList } from '../features/zones/components/zone-list';
import { useBasemap, useClientConfig, usePlaces } from '../data/basemap';
import { BASEMAP_COLORS } from '../features/basemap/basemap.layer';
import { Header } from './header';
import { OFFLINE_BASEMAP, useUiStateInUrl } from './ui-state';
import { mapPageContent, zonesOnDay } from './map-content';
import { useRoute } from './router';
import { pathOf } from './routes';
import { PHONE_MEDIA_QUERY, PHONE_SHEET_SHARE } from '../styles/breakpoints';

// The figures and the filters follow the first paint by a moment (the map and the list come first: P1).
const SummaryStrip = lazy(
  withTexts(() => import('./summary-strip').then((module) => ({ default: module.SummaryStrip }))),
);
const ZoneFilters = lazy(
  withTexts(() =>
    import('../features/zones/components/zone-filters').then((module) => ({ default: module.ZoneFilters })),
  ),
);

// The editor (with terra-draw) loads when someone first draws or edits.
const ZoneEditor = lazy(
  withTexts(() =>
    permissionsLoaded.then(() => import('./editor-host')).then((module) => ({ default: module.EditorHost })),
  ),
);

// The flood view (waterlogging points, frequency) is small but not part of the first paint.
const FloodOverlay = lazy(
  withTexts(() =>
    import('../features/flood/components/flood-overlay').then((module) => ({ default: module.FloodOverlay })),
  ),
);

// The case view (数字城管 cases with deck.gl, hot spots) loads after the first paint, like the flood view.
const CaseMapOverlay = lazy(
  withTexts(() =>
    import('../features/case-map/components/case-map-overlay').then((module) => ({ default: module.CaseMapOverlay })),
  ),
);

// The measure tool (distance, area with turf) loads after the first paint.
const MeasureTool = lazy(
  withTexts(() =>
    import('../features/measure/components/measure-tool').then((module) => ({ default: module.MeasureTool })),
  ),
);

// The overview (一张表, with ECharts) loads when it is first opened.
const DashboardPanel = lazy(
  withTexts(() =>
    import('../features/dashboard/components/dashboard-panel').then((module) => ({ default: module.DashboardPanel })),
  ),
);

// The ledger links and the legend load beside the sidebar and the map, not in the map page's first JavaScript (P1).
const LedgerLinks = lazy(() => import('./ledger-links').then((module) => ({ default: module.LedgerLinks })));
const Legend = lazy(() => import('./legend').then((module) => ({ default: module.Legend })));
const BasemapPicker = lazy(() => import('./basemap-picker').then((module) => ({ default: module.BasemapPicker })));

// The GIS export menu (导出 GIS) loads after the first paint, beside the ledger links.
const GisExportMenu = lazy(
  withTexts(() => import('./gis-export-menu').then((module) => ({ default: module.GisExportMenu }))),
);

// The zone panel loads when a zone is first opened, keeping it out of the initial JavaScript (P1).
// The panel's controls depend on the authorization matrix: it opens once both have loaded, so that it does not open
// read-only and then change under the user (and reload its photos) when the matrix arrives.
const ZonePanel = lazy(
  withTexts(() =>
    permissionsLoaded.then(() => import('./zone-panel')).then((module) => ({ default: module.ZonePanel })),
  ),
);

const NO_COLORS: Record<string, string> = {};

/** The box around these boxes ([west, south, east, north] each, e.g. zoneBox's), or null when there are none. */
function boxesBounds(boxes: readonly (ZoneBbox | null)[]): [[number, number], [number, number]] | null {
  const bounds: ZoneBbox = [Infinity, Infinity, -Infinity, -Infinity];
  // One pass (also over a county's thousands of zones).
  for (const box of boxes) {
    if (!box) continue;
    bounds[0] = Math.min(bounds[0], box[0]);
    bounds[1] = Math.min(bounds[1], box[1]);
    bounds[2] = Math.max(bounds[2], box[2]);
    bounds[3] = Math.max(bounds[3], box[3]);
  }
  if (!Number.isFinite(bounds[0])) return null;
  return [
    [bounds[0], bounds[1]],
    [bounds[2], bounds[3]],
  ];
}

/** Rough extent of 锦溪镇 (WGS 84), the first view before the data arrives. */
export const TOWN_BOUNDS: [[number, number], [number, number]] = [
  [120.84, 31.13],
  [120.98, 31.24],
];

export interface MapPageProps {
  /** The user menu (absent for visitors of the public view). */
  userMenu: ReactNode;
  canSupervise: boolean;
  /** The logged-in user (null for visitors of the public view). */
  user: SessionUser | null;
}

/** The town map page: where the zone, basemap and campaign features meet. */
export function MapPage({ userMenu, canSupervise, user }: MapPageProps) {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const { navigate } = route;
  const [state, dispatch] = useUiStateInUrl(route);
  const [engine, setEngine] = useState<MapEngine | null>(null);
  // The page has settled once the zones have painted (src/lib/page-settled.ts). The extras (the sidebar's figures,
  // filters and links, the legend, the flood and case overlays, the GIS menu) load only then, so that their code,
  // texts and requests compete with the zones neither for the link (P8) nor for the main thread (P2).
  const [firstPaint, setFirstPaint] = useState(false);
  useEffect(() => {
    let live = true;
    void pageSettled.then(() => live && setFirstPaint(true));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (engine) void engine.whenDataPainted().then(markPageSettled);
  }, [engine]);
  // A new zone's shape handed over by the case view (a hot spot cell).
  const [newZoneShape, setNewZoneShape] = useState<Polygon | null>(null);
  // The floating panel open over the map (the flood or the case view): one at a time, and none beside a zone's.
  const [overlay, setOverlay] = useState<'flood' | 'cases' | null>(null);

  const campaign = useCampaign();
  const zones = useZones();
  const config = useClientConfig();
  const basemap = useBasemap();
  const places = usePlaces();

  const lookup = useMemo(() => (campaign.data ? createCampaignLookup(campaign.data) : null), [campaign.data]);
  // An earlier day from the dashboard (while it is open): the zones that existed then, in the status they had.
  // The same query as the dashboard's (data/dashboard.ts), so it is read once.
  const dashboardOpen = state.view === 'dashboard' && !state.editing && !state.selectedZoneId && user !== null;
  const pastDay = useQuery({ ...dashboardQuery(state.asOf), enabled: dashboardOpen && state.asOf !== null });
  const shownDay = useMemo(
    () =>
      dashboardOpen && state.asOf && pastDay.data?.asOf === state.asOf
        ? { asOf: state.asOf, statuses: pastDay.data.statuses, overdue: pastDay.data.links.overdue }
        : null,
    [dashboardOpen, state.asOf, pastDay.data],
  );
  const displayedZones = useMemo(() => zonesOnDay(zones.data, shownDay), [zones.data, shownDay]);
  const allZones = useMemo(() => displayedZones?.features ?? [], [displayedZones]);
  const selectionIds = useMemo(() => (state.selection ? new Set(state.selection.ids) : null), [state.selection]);
  const shownByFilter = useCallback(
    (zone: ZoneListFeature) => matchesZoneFilter(zone, state.filter) && (!selectionIds || selectionIds.has(zone.id)),
    [state.filter, selectionIds],
  );
  // Sorted once per data; a filter change only filters (in list order), which a county's zones need (P9). Only once
  // the list is shown (after the zones have painted): the zh-CN collator alone cost the map's creation about 10 ms (P2).
  const sortedZones = useMemo(() => (firstPaint ? sortZonesForList(allZones) : []), [firstPaint, allZones]);
  const listed = useMemo(() => sortedZones.filter(shownByFilter), [sortedZones, shownByFilter]);
  const editingId = state.editing && state.editing !== 'new' ? state.editing : null;
  // Past the P3 limit the map draws the zones from vector tiles, filtered by a map expression, not a list of ids
  // (P9); the code for it loads only then (P1).
  // Decided on today's list, which comes without shapes past the limit (data/zones.ts): a past day with fewer zones
  // is still drawn from the tiles.
  const countyScale = (zones.data?.features.length ?? 0) > GEOJSON_MAX_FEATURES;
  // The zones the map shows, as ids (null: all), in no particular order; the tiles past the P3 limit are filtered by
  // an expression instead.
  const visibleIds = useMemo(() => {
    if (countyScale) return null;
    // The zone being edited is drawn by the editor, not by the zone layers.
    const shown = allZones.filter((zone) => shownByFilter(zone) && zone.id !== editingId);
    return shown.length === allZones.length ? null : shown.map((zone) => zone.id);
  }, [countyScale, allZones, shownByFilter, editingId]);
  const selectionCount = useMemo(
    () => (state.selection ? allZones.filter(shownByFilter).length : 0),
    [state.selection, allZones, shownByFilter],
  );
  const [countyZones, setCountyZones] = useState<typeof import('../features/zones/county-zones')>();
  useEffect(() => {
    if (countyScale) void import('../features/zones/county-zones').then(setCountyZones);
  }, [countyScale]);
  const role = user?.role ?? null;
  const canCreate = canCall(role, 'POST', '/api/zones');
  const canEdit = useCallback(
    (zone: ZoneFeature) => {
      if (!user || !canCall(user.role, 'PATCH', '/api/zones/:id')) return false;
      return mayWriteItem(user, zone.properties.category, campaign.data ?? { items: [] }).allowed;
    },
    [user, campaign.data],
  );
  // Unit accounts record flood data only when their unit leads the flood-prone item (the water station).
  const canRecordFlood =
    user !== null &&
    canCall(user.role, 'POST', '/api/flood-events') &&
    mayWriteItem(user, FLOOD_ITEM, campaign.data ?? { items: [] }).allowed;

  const online = config.data?.basemaps.find((option) => option.id === state.basemapId) ?? null;

  const selectZone = useCallback((id: string | null) => dispatch({ type: 'selectZone', id }), [dispatch]);
  const [hover] = useState(createZoneHover);
  // What the map shows, as a pure step from the page's state and data (map-content.ts), handed to the engine.
  const statusColors = lookup?.zoneStatusColors ?? NO_COLORS;
  const overdueColor = campaign.data?.overdueColor ?? '#d7263d';
  const content = useMemo(
    () =>
      mapPageContent({
        zones: displayedZones,
        statusColors,
        overdueColor,
        visibleIds,
        // Once loaded (past the P3 limit) the zones stay tiles, also should deletions bring them under it.
        county: countyZones?.countyContent(
          displayedZones!,
          shownDay?.asOf ?? null,
          state.filter,
          state.selection?.ids,
          editingId,
        ),
        selectedId: state.selectedZoneId,
        basemap: basemap.data as FeatureCollection | undefined,
        places: places.data,
        online,
        language: i18n.language,
        preview: state.preview as HistoryPreview | null,
      }),
    [
      displayedZones,
      statusColors,
      overdueColor,
      visibleIds,
      countyZones,
      shownDay,
      state.filter,
      state.selection,
      editingId,
      state.selectedZoneId,
      basemap.data,
      places.data,
      online,
      i18n.language,
      state.preview,
    ],
  );
  useZoneMap({
    engine,
    zones: displayedZones,
    hover,
    onSelect: selectZone,
  });

  /** Fit the map to bounds, keeping them clear of the phone's bottom sheet when a panel is open. */
  const fitView = useCallback(
    (bounds: [[number, number], [number, number]]) => {
      if (!engine) return;
      const phone = window.matchMedia(PHONE_MEDIA_QUERY).matches;
      const sheet = phone && (state.selectedZoneId !== null || state.editing !== null);
      engine.fitBounds(bounds, { maxZoom: 16, coveredBottomShare: sheet ? 0.55 : 0 });
    },
    [engine, state.selectedZoneId, state.editing],
  );

  // One panel at a time: a zone opened, an editor or the overview closes the floating panel.
  useEffect(() => {
    if (state.selectedZoneId || state.editing || state.view === 'dashboard') setOverlay(null);
  }, [state.selectedZoneId, state.editing, state.view]);
  const openOverlay = useCallback(
    (which: 'flood' | 'cases', open: boolean) => {
      setOverlay(open ? which : null);
      if (!open) return;
      dispatch({ type: 'selectZone', id: null });
      if (state.view === 'dashboard') dispatch({ type: 'setView', view: 'map' });
    },
    [dispatch, state.view],
  );
  // The map keeps its centre and fits in the part the floating panel leaves free.
  useEffect(() => {
    if (!engine) return;
    const dock = overlay ? document.querySelector('.map-area .map-dock') : null;
    if (!dock) return engine.keepClearOf(null);
    // A bottom sheet grows as its data comes.
    const observer = new ResizeObserver(() => engine.keepClearOf(dock.getBoundingClientRect()));
    observer.observe(dock);
    return () => observer.disconnect();
  }, [engine, overlay]);

  // A shape handed over for a new zone (a hot spot cell) is framed in the map beside the editor, not under it.
  useEffect(() => {
    // After the floating panel has closed (and the map's padding with it).
    if (state.editing !== 'new' || !newZoneShape || overlay) return;
    fitView(boxesBounds([geometryBounds(newZoneShape as ZoneGeometry)])!);
    // The shape and the editor opening are the trigger.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, state.editing, newZoneShape, overlay]);

  // A figure picked on the overview shows its zones: fit the map to them (not to the zone seen last).
  useEffect(() => {
    if (!state.selection) return;
    const ids = new Set(state.selection.ids);
    // From each zone's box: the geometry where the list has it, its bbox past the P3 limit (P9).
    const bounds = boxesBounds(allZones.filter((zone) => ids.has(zone.id)).map(zoneBox));
    if (bounds) fitView(bounds);
    // The selection is the trigger; fitting again on other changes would fight the user's panning.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, state.selection, allZones.length > 0]);

  // Fly to the selected zone when it was picked from the list or opened by a link.
  useEffect(() => {
    if (!engine || !state.selectedZoneId || state.focusRequest === 0) return;
    const zone = allZones.find((candidate) => candidate.id === state.selectedZoneId);
    const bounds = zone ? boxesBounds([zoneBox(zone)]) : null;
    if (!bounds) return;
    // On phones the panel is a bottom sheet over part of the map: keep the zone above it.
    const phone = window.matchMedia(PHONE_MEDIA_QUERY).matches;
    engine.fitBounds(bounds, {
      maxZoom: 16,
      coveredBottomShare: phone ? PHONE_SHEET_SHARE : 0,
    });
    // focusRequest is the trigger; re-running on other changes would fight the user's panning.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, state.focusRequest, allZones.length > 0]);

  // Escape closes the zone panel (and the phone drawer).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // A dialog over the page (compare, camera) takes its own Escape.
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      if (state.drawerOpen) dispatch({ type: 'setDrawer', open: false });
      else if (state.selectedZoneId) dispatch({ type: 'selectZone', id: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state.drawerOpen, state.selectedZoneId, dispatch]);

  const mapLocale = useMemo(
    () => ({
      'NavigationControl.ZoomIn': t('map.zoomIn'),
      'NavigationControl.ZoomOut': t('map.zoomOut'),
    }),
    [t],
  );

  const loadError = campaign.isError || zones.isError;
  // The map is created with its zones, their colours and the base map (or once one of them has failed), past the P3
  // limit with the county's tiles: not empty first (MapCanvas `defer`).
  const mapWaits = zones.isPending || campaign.isPending || basemap.isPending || (countyScale && !countyZones);
  // Zones that cannot come do not hold the rest of the page back.
  useEffect(() => {
    if (loadError) markPageSettled();
  }, [loadError]);
  // Grey rows where the sidebar's figures, filters and list will be (the start-up skeleton's look, boot.css).
  const sidebarSkeleton = (
    <div className="skeleton-rows" aria-busy="true" aria-label={t('common.loading')}>
      <i />
      <i />
      <i />
      <i />
    </div>
  );
  return (
    <div className={`app${state.selectedZoneId ? ' has-panel' : ''}${state.drawerOpen ? ' drawer-open' : ''}`}>
      <Header
        year={campaign.data?.campaign.year ?? null}
        sampleData={config.data?.sampleData ?? false}
        start={
          <button
            type="button"
            className="drawer-toggle"
            aria-expanded={state.drawerOpen}
            aria-controls="sidebar"
            onClick={() => dispatch({ type: 'setDrawer', open: !state.drawerOpen })}
          >
            {state.drawerOpen ? t('header.showMap') : t('header.showList')}
          </button>
        }
        end={
          <>
            {config.data?.basemaps.length ? (
              <Suspense fallback={null}>
                <BasemapPicker
                  basemaps={config.data.basemaps}
                  value={online ? state.basemapId : OFFLINE_BASEMAP}
                  onChange={(id) => dispatch({ type: 'setBasemap', id })}
                />
              </Suspense>
            ) : null}
            {userMenu}
          </>
        }
      />
      <div className="app-body">
        <nav id="sidebar" className="sidebar" aria-label={t('sidebar.title')}>
          {loadError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
          {campaign.data && lookup && zones.data ? (
            <>
              {canCreate ? (
                <button
                  type="button"
                  className="primary-button new-zone-button"
                  onClick={() => dispatch({ type: 'startEditing', target: 'new' })}
                  disabled={state.editing !== null}
                >
                  {t('sidebar.newZone')}
                </button>
              ) : null}
              {user ? (
                <div className="view-switch">
                  <button
                    type="button"
                    className="secondary-button"
                    aria-pressed={state.view === 'dashboard'}
                    onClick={() =>
                      dispatch({ type: 'setView', view: state.view === 'dashboard' ? 'map' : 'dashboard' })
                    }
                  >
                    {t('sidebar.dashboard')}
                  </button>
                  <a className="link-button" href={pathOf('big')} target="_blank" rel="noreferrer">
                    {t('sidebar.bigScreen')}
                  </a>
                </div>
              ) : null}
              {shownDay ? (
                <p className="as-of-banner" role="status">
                  {t('sidebar.asOfBanner', { date: shownDay.asOf })}
                </p>
              ) : null}
              {state.selection ? (
                <p className="selection-chip" data-testid="selection-chip">
                  {t('sidebar.selection', { label: state.selection.label, count: selectionCount })}
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('sidebar.clearSelection')}
                    onClick={() => dispatch({ type: 'showSelection', selection: null })}
                  >
                    ×
                  </button>
                </p>
              ) : null}
              {/* The figures, the filters, the links and the list come together once the page has settled (one
                  Suspense for their code): the list alone first was pushed down by the rest a moment later, and a
                  tap then landed on another row. */}
              {firstPaint ? (
                <Suspense fallback={sidebarSkeleton}>
                  <SummaryStrip
                    zones={allZones}
                    overdueOnly={state.filter.overdueOnly}
                    onOverdue={() => dispatch({ type: 'setFilter', patch: { overdueOnly: !state.filter.overdueOnly } })}
                  />
                  <ZoneFilters
                    campaign={campaign.data}
                    zones={allZones}
                    filter={state.filter}
                    onToggleItem={(code) => dispatch({ type: 'toggleItem', code })}
                    onSetItems={(codes) => dispatch({ type: 'setItems', codes })}
                    onToggleStatus={(code) => dispatch({ type: 'toggleStatus', code })}
                    onChange={(patch) => dispatch({ type: 'setFilter', patch })}
                    onClear={() => dispatch({ type: 'clearFilter' })}
                  />
                  {canCall(role, 'GET', '/api/reports/ledger.xlsx') ? <LedgerLinks filter={state.filter} /> : null}
                  {canCall(role, 'GET', '/api/export/zones.geojson') ? (
                    <GisExportMenu filter={state.filter} canImport={canCall(role, 'POST', '/api/imports')} />
                  ) : null}
                  <ZoneList
                    zones={listed}
                    totalCount={allZones.length}
                    lookup={lookup}
                    selectedId={state.selectedZoneId}
                    hover={hover}
                    onSelect={(id) => dispatch({ type: 'selectZone', id, focus: true })}
                  />
                </Suspense>
              ) : (
                sidebarSkeleton
              )}
            </>
          ) : !loadError ? (
            <Message>{t('common.loading')}</Message>
          ) : null}
        </nav>
        <main className="map-area">
          <MapCanvas
            bounds={TOWN_BOUNDS}
            backgroundColor={BASEMAP_COLORS.background}
            label={t('map.label')}
            failedText={t('map.workerFailed')}
            locale={mapLocale}
            content={content}
            defer={mapWaits}
            onReady={setEngine}
            onFailed={markPageSettled}
          />
          <button
            type="button"
            className="map-home-button"
            title={t('map.wholeTownTitle')}
            onClick={() => fitView(TOWN_BOUNDS)}
          >
            {t('map.wholeTown')}
          </button>
          {campaign.data && firstPaint ? (
            <Suspense fallback={null}>
              <Legend campaign={campaign.data} online={online !== null} engine={engine} user={user} />
            </Suspense>
          ) : null}
          {user && firstPaint ? (
            <Suspense fallback={null}>
              <FloodOverlay
                engine={engine}
                today={campaign.data?.today ?? ''}
                canRecord={canRecordFlood}
                open={overlay === 'flood'}
                onOpenChange={(open) => openOverlay('flood', open)}
                onSelectZone={(id) => dispatch({ type: 'selectZone', id, focus: true })}
              />
            </Suspense>
          ) : null}
          {user && firstPaint ? (
            <Suspense fallback={null}>
              <MeasureTool engine={engine} />
            </Suspense>
          ) : null}
          {user && campaign.data && firstPaint ? (
            <Suspense fallback={null}>
              <CaseMapOverlay
                engine={engine}
                units={campaign.data.units}
                places={places.data?.features ?? []}
                zones={allZones}
                canDrawZone={canCreate && state.editing === null}
                open={overlay === 'cases'}
                onOpenChange={(open) => openOverlay('cases', open)}
                navigate={navigate}
                onDrawZone={(shape) => {
                  setNewZoneShape(shape);
                  dispatch({ type: 'startEditing', target: 'new' });
                }}
              />
            </Suspense>
          ) : null}
        </main>
        {state.editing && engine && campaign.data && user ? (
          <Suspense fallback={<aside className="zone-panel" aria-busy="true" />}>
            <ZoneEditor
              key={state.editing}
              engine={engine}
              campaign={campaign.data}
              user={user}
              allZones={allZones}
              editingId={editingId}
              basemap={basemap.data}
              initialGeometry={state.editing === 'new' ? newZoneShape : null}
              onDone={(zoneId) => {
                setNewZoneShape(null);
                dispatch({ type: 'stopEditing', selectId: zoneId });
              }}
            />
          </Suspense>
        ) : state.selectedZoneId && lookup && campaign.data ? (
          <Suspense fallback={<aside className="zone-panel" aria-busy="true" />}>
            <ZonePanel
              key={state.selectedZoneId}
              zoneId={state.selectedZoneId}
              taskId={state.selectedTaskId}
              onSelectTask={(id) => dispatch({ type: 'selectTask', id })}
              user={user}
              lookup={lookup}
              today={campaign.data.today}
              canSupervise={canSupervise}
              engine={engine}
              canEdit={canEdit}
              onEdit={(zoneId) => dispatch({ type: 'startEditing', target: zoneId })}
              onPreview={(geometry) => dispatch({ type: 'preview', geometry })}
              onClose={() => selectZone(null)}
            />
          </Suspense>
        ) : state.view === 'dashboard' && lookup && campaign.data && user ? (
          <Suspense fallback={<aside className="dashboard-panel" aria-busy="true" />}>
            <DashboardPanel
              campaign={campaign.data}
              lookup={lookup}
              asOf={state.asOf}
              onAsOf={(value) => dispatch({ type: 'setAsOf', day: value })}
              onShow={(selection) => dispatch({ type: 'showSelection', selection })}
              onSelectZone={(id) => dispatch({ type: 'selectZone', id, focus: true })}
              onClose={() => dispatch({ type: 'setView', view: 'map' })}
            />
          </Suspense>
        ) : null}
      </div>
    </div>
  );
}
