import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapEngine } from '../../../map/map-engine';
import { Message } from '../../../ui/message';
import { createWaterloggingLayers, WATERLOGGING_SOURCE } from '../flood.layer';
import { useFloodEvents, useFloodFrequency, useWaterlogging } from '../../../data/flood';
import { EventRecorder } from './event-recorder';
import { useSensors } from '../../../data/flood-season';
import { useCampaign } from '../../../data/campaign';
import { ZONES_SOURCE } from '../../../map/style';
import {
  createSeasonLayers,
  pumpFeatures,
  PUMPS_SOURCE,
  STATION_LAYER,
  stationFeatures,
  STATIONS_SOURCE,
} from '../season/season.layer';
import { SeasonPanel } from '../season/season-panel';
import { DeletedEvents, EventPanel } from '../season/event-panel';
import { usePumps } from '../../../data/flood-season';
import '../flood.css';

/**
 * The water station's view: waterlogging points of recorded rainfall events on the map, and how
 * often each flood-prone area flooded. Off until switched on.
 */
export function FloodOverlay({
  engine,
  today,
  canRecord,
  onSelectZone,
  open,
  onOpenChange,
}: {
  engine: MapEngine | null;
  /** Open or closed (the map page keeps one panel open at a time). */
  open: boolean;
  onOpenChange(open: boolean): void;
  /** The campaign's day (Asia/Shanghai): events cannot be recorded for later days. */
  today: string;
  /** The water station (and planners) record rainfall events. */
  canRecord: boolean;
  onSelectZone(id: string): void;
}) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  const points = useWaterlogging(open);
  const frequency = useFloodFrequency(open);
  const events = useFloodEvents(open);
  const sensors = useSensors(open);
  const pumps = usePumps(open);
  // An alert's link (/?view=flood&sensor=ID) names the station to show.
  const [selectedSensor, setSelectedSensor] = useState<string | null>(() =>
    new URLSearchParams(globalThis.location?.search ?? '').get('sensor'),
  );
  const campaign = useCampaign(open);
  const unitNames = useMemo(
    () => new Map((campaign.data?.units ?? []).map((unit) => [unit.id, unit.name])),
    [campaign.data],
  );
  // The event time control: 0 is the latest event (the list is newest first).
  const [eventIndex, setEventIndex] = useState(0);
  // The event whose panel is open (its points, photos, history; changed or deleted by the water station).
  const [openEvent, setOpenEvent] = useState<string | null>(null);
  const shownEvent = events.data?.[eventIndex] ?? null;
  const shownPoints = useMemo(
    () =>
      points.data && shownEvent
        ? {
            ...points.data,
            features: points.data.features.filter((point) => point.properties.eventId === shownEvent.id),
          }
        : { type: 'FeatureCollection' as const, features: [] },
    [points.data, shownEvent],
  );

  useEffect(() => {
    if (!engine) return;
    engine.setGeoJson(WATERLOGGING_SOURCE, open ? shownPoints : { type: 'FeatureCollection', features: [] });
    engine.setGeoJson(STATIONS_SOURCE, stationFeatures(open ? (sensors.data ?? []) : []));
    engine.setGeoJson(PUMPS_SOURCE, pumpFeatures(open ? (pumps.data ?? []) : []));
    const season = createSeasonLayers(ZONES_SOURCE, frequency.data ?? []);
    engine.setLayers('flood', open ? [...season.below, ...createWaterloggingLayers(), ...season.above] : []);
  }, [engine, open, shownPoints, sensors.data, pumps.data, frequency.data]);

  useEffect(() => {
    if (!engine || !open) return;
    return engine.onClick([STATION_LAYER], (event) => {
      if (event.layerId === STATION_LAYER && event.feature)
        setSelectedSensor(String(event.feature.properties.sensorId));
    });
  }, [engine, open]);

  return (
    <div className={`flood-overlay${open ? ' is-open' : ''}`} data-testid="flood-overlay">
      <button type="button" className="map-toggle flood-toggle" aria-pressed={open} onClick={() => onOpenChange(!open)}>
        {t('floodView.toggle')}
      </button>
      {open ? (
        <div className="flood-card map-dock">
          {frequency.isError || points.isError || events.isError ? (
            <Message tone="error">{t('common.loadFailed')}</Message>
          ) : null}
          {recording && engine ? (
            <EventRecorder engine={engine} today={today} onDone={() => setRecording(false)} />
          ) : canRecord ? (
            <button type="button" className="primary-button" onClick={() => setRecording(true)}>
              {t('floodEvent.record')}
            </button>
          ) : null}
          {points.data ? (
            <p className="muted">{t('floodView.points', { count: points.data.features.length })}</p>
          ) : null}
          {sensors.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
          <SeasonPanel
            sensors={sensors.data ?? []}
            selectedSensor={selectedSensor}
            onSelectSensor={setSelectedSensor}
            canAct={canRecord}
            today={today}
            units={unitNames}
            lastEventId={events.data?.[0]?.id ?? null}
          />
          {events.data?.length ? (
            <div className="event-time-control">
              <label>
                {t('floodSeason.eventShown', {
                  day: shownEvent?.occurredOn ?? '—',
                  count: shownPoints.features.length,
                })}
                <input
                  type="range"
                  min={0}
                  max={events.data.length - 1}
                  // Oldest on the left, the latest on the right.
                  value={events.data.length - 1 - eventIndex}
                  onChange={(event) => setEventIndex(events.data!.length - 1 - Number(event.target.value))}
                />
              </label>
              {shownEvent && openEvent !== shownEvent.id ? (
                <button type="button" onClick={() => setOpenEvent(shownEvent.id)}>
                  {t(canRecord ? 'floodEvents.openToEdit' : 'floodEvents.open')}
                </button>
              ) : null}
            </div>
          ) : null}
          {openEvent ? (
            <EventPanel
              key={openEvent}
              eventId={openEvent}
              canEdit={canRecord}
              onClose={() => {
                setOpenEvent(null);
                setEventIndex(0);
              }}
            />
          ) : null}
          {canRecord ? <DeletedEvents onOpen={setOpenEvent} /> : null}
          {frequency.data ? (
            <table className="data-table frequency-table">
              <caption>{t('floodView.frequency')}</caption>
              <thead>
                <tr>
                  <th>{t('floodView.area')}</th>
                  <th>{t('floodView.events')}</th>
                  <th>{t('floodView.deepest')}</th>
                  <th>{t('floodView.last')}</th>
                </tr>
              </thead>
              <tbody>
                {frequency.data.map((row) => (
                  <tr key={row.zoneId} data-zone-id={row.zoneId}>
                    <td>
                      <button type="button" className="link-button" onClick={() => onSelectZone(row.zoneId)}>
                        {row.name}
                      </button>
                    </td>
                    <td>{row.events}</td>
                    <td>{row.maxDepthCm === null ? '—' : `${row.maxDepthCm} cm`}</td>
                    <td>{row.lastOn ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {events.data?.length ? (
            <table className="data-table events-table">
              <caption>{t('floodView.recentEvents')}</caption>
              <thead>
                <tr>
                  <th>{t('floodEvent.day')}</th>
                  <th>{t('floodView.rainfall')}</th>
                  <th>{t('floodView.pointCount')}</th>
                  <th>{t('floodView.deepest')}</th>
                </tr>
              </thead>
              <tbody>
                {events.data.slice(0, 8).map((event) => (
                  <tr key={event.id} title={event.notes}>
                    <td>{event.occurredOn}</td>
                    <td>{event.rainfallMm} mm</td>
                    <td>{event.pointCount}</td>
                    <td>{event.maxDepthCm === null ? '—' : `${event.maxDepthCm} cm`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
