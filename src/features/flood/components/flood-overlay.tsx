import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapEngine } from '../../../map/map-engine';
import { Message } from '../../../ui/message';
import { createWaterloggingLayers, WATERLOGGING_SOURCE } from '../flood.layer';
import { useFloodEvents, useFloodFrequency, useWaterlogging } from '../../../data/flood';
import { EventRecorder } from './event-recorder';
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

  useEffect(() => {
    if (!engine) return;
    engine.setGeoJson(
      WATERLOGGING_SOURCE,
      open && points.data ? points.data : { type: 'FeatureCollection', features: [] },
    );
    engine.setLayers('flood', open ? createWaterloggingLayers() : []);
  }, [engine, open, points.data]);

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
