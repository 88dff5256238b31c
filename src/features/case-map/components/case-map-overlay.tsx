import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Polygon } from 'geojson';
import type { MapEngine } from '../../../map/map-engine';
import { Message } from '../../../ui/message';
import { hasGeometry, type ZoneListFeature } from '../../../shared/zones/zone';
import type { ProblemCode } from '../../../shared/cases/case';
import {
  CASE_POINTS_NONE,
  CASE_POINT_FLAG_SYNTHETIC,
  casePointsBox,
  dayNumber,
  dayText,
} from '../../../shared/cases/case-points';
import {
  binCasePoints,
  caseFilterMask,
  createHexGrid,
  findHotspots,
  type CasePointFilter,
} from '../../../shared/cases/case-hotspots';
import { createPolygonIndex, type JoinGeometry } from '../../../shared/geo/spatial-join';
import { useCaseCodes, useCaseDetail, useCasePoints } from '../../../data/cases';
import { zonesInBoxQuery } from '../../../data/zones';
import { useQuery } from '@tanstack/react-query';
import {
  CASE_MAP_MODES,
  createCaseLayers,
  DENSITY_COLORS,
  GROUP_COLORS,
  prepareCaseLayerData,
  type CaseMapMode,
} from '../case-map.layer';
import { unitName } from '../../../lib/format';
import '../case-map.css';

/** Hexagons of 100 m (centre to corner, ≈ 170 m across): the density cells and the hot spot cells. */
const HEX_RADIUS_METRES = 100;
const HOTSPOT_LIMIT = 20;
const DECK_OWNER = 'cases';

export interface CaseMapOverlayProps {
  engine: MapEngine | null;
  units: readonly { id: string; name: string; nameEn: string }[];
  /** Villages and communities (GET /api/places features). */
  places: readonly { properties: { code2023: string; name: string } }[];
  /** The remediation zones (areas cover hot spots). */
  zones: readonly ZoneListFeature[];
  /** Planners and the office may start a zone from a hot spot. */
  canDrawZone: boolean;
  onDrawZone(polygon: Polygon): void;
  /** Open or closed (the map page keeps one panel open at a time). */
  open: boolean;
  onOpenChange(open: boolean): void;
  /** In-app navigation (the app's router). */
  navigate(href: string): void;
}

const rgb = ([r, g, b]: readonly number[]) => `rgb(${r}, ${g}, ${b})`;

/**
 * The 案件 view: every 数字城管 case on the map as deck.gl points with binary attributes, filtered on the GPU by
 * 大类, status, unit and days; hexagon density or a heatmap instead; and the hot spots no zone covers.
 */
export function CaseMapOverlay({
  engine,
  units,
  places,
  zones,
  canDrawZone,
  onDrawZone,
  navigate,
  open,
  onOpenChange,
}: CaseMapOverlayProps) {
  const { t, i18n } = useTranslation();
  const points = useCasePoints(open);
  const codes = useCaseCodes(open);
  const [mode, setMode] = useState<CaseMapMode>('points');
  const [groups, setGroups] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [unit, setUnit] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [minCount, setMinCount] = useState(10);
  const [selectedHotspot, setSelectedHotspot] = useState<string | null>(null);
  const [selectedCase, setSelectedCase] = useState<number | null>(null);

  const data = useMemo(() => (points.data ? prepareCaseLayerData(points.data) : null), [points.data]);
  const codeInfo = useMemo(() => new Map((codes.data?.codes ?? []).map((code) => [code.code, code])), [codes.data]);
  const groupNames = useMemo(() => {
    const names = new Map<string, ProblemCode>();
    for (const code of codes.data?.codes ?? []) if (!names.has(code.majorCode)) names.set(code.majorCode, code);
    return names;
  }, [codes.data]);
  const filter = useMemo<CasePointFilter>(
    () => ({
      groups: groups.length ? groups : null,
      statuses: status ? [status] : null,
      unit: unit || null,
      fromDay: from ? dayNumber(from) : null,
      toDay: to ? dayNumber(to) : null,
    }),
    [groups, status, unit, from, to],
  );
  const shown = useMemo(() => (data ? caseFilterMask(data.points, filter) : null), [data, filter]);
  const grid = useMemo(
    () => createHexGrid(data?.points.originLon ?? 0, data?.points.originLat ?? 0, HEX_RADIUS_METRES),
    [data],
  );
  const cells = useMemo(
    () => (data && shown && mode === 'hexagons' ? binCasePoints(data.points, shown.mask, grid).cells : []),
    [data, shown, grid, mode],
  );
  const weights = useMemo(() => (shown && mode === 'heatmap' ? Float32Array.from(shown.mask) : null), [shown, mode]);
  // Past the P3 limit the zone list has no shapes (P9): the zones around the cases are read with theirs.
  const withShapes = useMemo(() => zones.filter(hasGeometry), [zones]);
  const shapeless = withShapes.length < zones.length;
  const casesBox = useMemo(() => (shapeless && data ? casePointsBox(data.points) : null), [shapeless, data]);
  const near = useQuery({ ...zonesInBoxQuery(casesBox ?? [0, 0, 0, 0]), enabled: casesBox !== null });
  const zoneIndex = useMemo(
    () =>
      createPolygonIndex(
        (shapeless ? (near.data ?? []) : withShapes)
          .filter((zone) => zone.geometry.type === 'Polygon' || zone.geometry.type === 'MultiPolygon')
          .map((zone) => ({ id: zone.id, geometry: zone.geometry as JoinGeometry })),
      ),
    [shapeless, near.data, withShapes],
  );
  const hotspots = useMemo(
    () =>
      data && shown
        ? findHotspots(data.points, shown.mask, { grid, minCount, limit: HOTSPOT_LIMIT, zones: zoneIndex })
        : [],
    [data, shown, grid, minCount, zoneIndex],
  );
  const hotspot = hotspots.find((spot) => spot.key === selectedHotspot) ?? null;
  const dayBounds = useMemo(() => {
    if (!data || data.points.count === 0) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const day of data.points.days) {
      if (day < min) min = day;
      if (day > max) max = day;
    }
    return { min: dayText(data.points.epochDay + min), max: dayText(data.points.epochDay + max) };
  }, [data]);
  const synthetic = useMemo(
    () => !!data && (data.points.allSynthetic || data.points.flags.some((flag) => flag & CASE_POINT_FLAG_SYNTHETIC)),
    [data],
  );

  // Whether this view has drawn on the map: clearing before that would load deck.gl for nothing.
  const drawn = useRef(false);
  useEffect(() => {
    if (!engine) return;
    if (!open || !data) {
      if (drawn.current) void engine.setDeckLayers(() => [], DECK_OWNER);
      return;
    }
    drawn.current = true;
    void engine.setDeckLayers(
      createCaseLayers({
        data,
        mode,
        filter,
        cells,
        weights,
        grid,
        hotspots,
        selectedHotspot,
        selectedCase: selectedCase !== null && shown?.mask[selectedCase] === 1 ? selectedCase : null,
        onPickCase: setSelectedCase,
      }),
      DECK_OWNER,
      ['extensions', 'aggregation'],
    );
  }, [engine, open, data, mode, filter, cells, weights, grid, hotspots, selectedHotspot, selectedCase, shown]);
  useEffect(
    () => () => {
      if (drawn.current) void engine?.setDeckLayers(() => [], DECK_OWNER);
    },
    [engine],
  );

  const selectHotspot = (key: string) => {
    setSelectedHotspot(key);
    const spot = hotspots.find((candidate) => candidate.key === key);
    if (!spot || !engine) return;
    // The cell with its neighbourhood: about a kilometre across.
    const [lon, lat] = spot.centre;
    const halfLat = 0.0045;
    const halfLon = halfLat / Math.cos((lat * Math.PI) / 180);
    engine.fitBounds(
      [
        [lon - halfLon, lat - halfLat],
        [lon + halfLon, lat + halfLat],
      ],
      { maxZoom: 16 },
    );
  };

  const unitLabel = (id: string) => unitName(units, id, i18n.language);
  const villageName = (code: string | null) =>
    (code && places.find((place) => place.properties.code2023 === code)?.properties.name) ||
    t('caseMap.unknownVillage');
  const codeName = (code: string) => codeInfo.get(code)?.name ?? code;
  // 03 and 06 are both 市容环境类 (a component group and a matter group): the kind tells them apart.
  const groupLabel = (group: string) => {
    const first = groupNames.get(group);
    return first ? `${group} ${first.majorName}（${t(`caseMap.kinds.${first.kind}`)}）` : group;
  };

  const detail = (() => {
    if (!data || selectedCase === null || shown?.mask[selectedCase] !== 1) return null;
    const p = data.points;
    const code = p.dictionary.codes[p.codes[selectedCase]!]!;
    const unitIndex = p.units[selectedCase]!;
    const villageIndex = p.villages[selectedCase]!;
    const minute = p.minutes[selectedCase]!;
    return {
      id: p.ids[selectedCase]!,
      code,
      group: code.slice(0, 2),
      status: p.dictionary.statuses[p.statuses[selectedCase]!]!,
      unit: unitIndex === CASE_POINTS_NONE ? null : p.dictionary.units[unitIndex]!,
      village: villageIndex === CASE_POINTS_NONE ? null : p.dictionary.villages[villageIndex]!,
      reported: `${dayText(p.epochDay + p.days[selectedCase]!)} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
      suspended: (p.flags[selectedCase]! & 2) === 2,
    };
  })();
  // The case number people know (e.g. 2026031500012), not the database id.
  const caseDetail = useCaseDetail(detail ? String(detail.id) : null);

  return (
    <div className={`case-map-overlay${open ? ' is-open' : ''}`} data-testid="case-map">
      <button
        type="button"
        className="map-toggle case-map-toggle"
        aria-pressed={open}
        onClick={() => onOpenChange(!open)}
      >
        {t('caseMap.toggle')}
      </button>
      {open ? (
        <section className="case-map-card map-dock" aria-label={t('caseMap.title')}>
          <h2>{t('caseMap.title')}</h2>
          {points.isError || codes.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
          {!data ? (
            points.isError ? null : (
              <Message>{t('common.loading')}</Message>
            )
          ) : (
            <>
              {synthetic ? <p className="case-map-synthetic">{t('caseMap.synthetic')}</p> : null}
              <p className="case-map-count" data-testid="case-count" data-shown={shown?.shown ?? 0} role="status">
                {t('caseMap.shown', { shown: shown?.shown ?? 0, total: data.points.count })}
              </p>
              <fieldset className="case-map-modes">
                <legend>{t('caseMap.mode')}</legend>
                {CASE_MAP_MODES.map((candidate) => (
                  <label key={candidate}>
                    <input
                      type="radio"
                      name="case-map-mode"
                      value={candidate}
                      checked={mode === candidate}
                      onChange={() => setMode(candidate)}
                    />
                    {t(`caseMap.modes.${candidate}`)}
                  </label>
                ))}
              </fieldset>
              <div className="case-map-groups" role="group" aria-label={t('caseMap.groups')}>
                {data.groups.map((group) => (
                  <button
                    key={group}
                    type="button"
                    className={`chip${groups.includes(group) ? ' is-active' : ''}`}
                    aria-pressed={groups.includes(group)}
                    onClick={() =>
                      setGroups(groups.includes(group) ? groups.filter((entry) => entry !== group) : [...groups, group])
                    }
                  >
                    <span className="legend-swatch" style={{ background: rgb(GROUP_COLORS[group] ?? [90, 90, 90]) }} />
                    {groupLabel(group)}
                  </button>
                ))}
              </div>
              <div className="case-map-filters">
                <label>
                  {t('caseMap.status')}
                  <select value={status} onChange={(event) => setStatus(event.target.value)}>
                    <option value="">{t('caseMap.allStatuses')}</option>
                    {data.points.dictionary.statuses.map((candidate) => (
                      <option key={candidate} value={candidate}>
                        {t(`casesPage.status.${candidate}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('caseMap.unit')}
                  <select value={unit} onChange={(event) => setUnit(event.target.value)}>
                    <option value="">{t('caseMap.allUnits')}</option>
                    {data.unitValues.map((value) => {
                      const id = value === CASE_POINTS_NONE ? 'none' : data.points.dictionary.units[value]!;
                      return (
                        <option key={id} value={id}>
                          {id === 'none' ? t('caseMap.noUnit') : unitLabel(id)}
                        </option>
                      );
                    })}
                  </select>
                </label>
                <label>
                  {t('caseMap.from')}
                  <input
                    type="date"
                    value={from}
                    min={dayBounds?.min}
                    max={dayBounds?.max}
                    onChange={(event) => setFrom(event.target.value)}
                  />
                </label>
                <label>
                  {t('caseMap.to')}
                  <input
                    type="date"
                    value={to}
                    min={dayBounds?.min}
                    max={dayBounds?.max}
                    onChange={(event) => setTo(event.target.value)}
                  />
                </label>
              </div>
              <div className="case-map-legend" aria-label={t('caseMap.legend')}>
                {mode === 'points' ? (
                  <p className="muted">{t('caseMap.legendPoints')}</p>
                ) : mode === 'hexagons' ? (
                  <p className="case-map-ramp">
                    {t('caseMap.legendHexagons', { size: HEX_RADIUS_METRES * 2 })}
                    {DENSITY_COLORS.map((color) => (
                      <span key={color.join()} className="legend-swatch" style={{ background: rgb(color) }} />
                    ))}
                  </p>
                ) : (
                  <p className="case-map-ramp">
                    {t('caseMap.heatLow')}
                    <span className="case-map-heat-ramp" />
                    {t('caseMap.heatHigh')}
                  </p>
                )}
                <p className="muted">
                  <span className="legend-swatch case-map-hotspot-swatch" /> {t('caseMap.legendHotspot')}
                </p>
              </div>
              {detail ? (
                <div className="case-map-detail" data-testid="case-detail">
                  <strong>{t('caseMap.caseTitle', { caseNo: caseDetail.data?.data.caseNo ?? '…' })}</strong>
                  <dl>
                    <dt>{t('caseMap.code')}</dt>
                    <dd>
                      {detail.code} {codeName(detail.code)}（{groupLabel(detail.group)}）
                    </dd>
                    <dt>{t('caseMap.status')}</dt>
                    <dd>
                      {t(`casesPage.status.${detail.status}`)}
                      {detail.suspended ? ` · ${t('caseMap.suspended')}` : ''}
                    </dd>
                    <dt>{t('caseMap.unit')}</dt>
                    <dd>{detail.unit ? unitLabel(detail.unit) : t('caseMap.noUnit')}</dd>
                    <dt>{t('caseMap.reportedAt')}</dt>
                    <dd>{detail.reported}</dd>
                    <dt>{t('caseMap.village')}</dt>
                    <dd>{villageName(detail.village)}</dd>
                  </dl>
                  <a
                    className="link-button"
                    href={`/cases?case=${detail.id}`}
                    onClick={(event) => {
                      // In-app navigation (a new tab still works from href).
                      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
                      event.preventDefault();
                      navigate(`/cases?case=${detail.id}`);
                    }}
                  >
                    {t('caseMap.openCase')}
                  </a>{' '}
                  <button type="button" className="link-button" onClick={() => setSelectedCase(null)}>
                    {t('caseMap.closeDetail')}
                  </button>
                </div>
              ) : null}
              <section className="case-map-hotspots" aria-label={t('caseMap.hotspots')}>
                <h3>{t('caseMap.hotspots')}</h3>
                <p className="muted">{t('caseMap.hotspotsHint', { size: HEX_RADIUS_METRES * 2, min: minCount })}</p>
                <label>
                  {t('caseMap.minCount')}
                  <input
                    type="number"
                    min={2}
                    max={1000}
                    value={minCount}
                    onChange={(event) => setMinCount(Math.max(2, Math.min(1000, Number(event.target.value) || 2)))}
                  />
                </label>
                {hotspots.length === 0 ? (
                  <p className="muted">{t('caseMap.noHotspots')}</p>
                ) : (
                  <ol className="case-map-hotspot-list" data-testid="hotspot-list">
                    {hotspots.map((spot) => (
                      <li key={spot.key}>
                        <button
                          type="button"
                          className="case-map-hotspot"
                          aria-pressed={spot.key === selectedHotspot}
                          onClick={() => selectHotspot(spot.key)}
                        >
                          {t('caseMap.hotspotItem', {
                            rank: spot.rank,
                            count: spot.count,
                            village: villageName(spot.villageCode),
                          })}
                          <span className="muted">
                            {spot.topCodes.map((entry) => `${codeName(entry.code)} ${entry.count}`).join('、')}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ol>
                )}
                {hotspot && canDrawZone ? (
                  <button
                    type="button"
                    className="primary-button"
                    onClick={() => onDrawZone(hotspot.polygon as Polygon)}
                  >
                    {t('caseMap.drawZone')}
                  </button>
                ) : null}
              </section>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
