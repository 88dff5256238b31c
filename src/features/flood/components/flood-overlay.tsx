import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapEngine } from '../../../map/map-engine';
import { Message } from '../../../ui/message';
import { createWaterloggingLayers, WATERLOGGING_SOURCE } from '../flood.layer';
import { useFloodFrequency, useWaterlogging } from '../flood.queries';

/**
 * The water station's view: waterlogging points of recorded rainfall events on the map, and how
 * often each flood-prone area flooded. Off until switched on.
 */
export function FloodOverlay({ engine, onSelectZone }: { engine: MapEngine | null; onSelectZone(id: string): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const points = useWaterlogging(open);
  const frequency = useFloodFrequency(open);

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
      <button type="button" className="flood-toggle" aria-pressed={open} onClick={() => setOpen(!open)}>
        {t('floodView.toggle')}
      </button>
      {open ? (
        <div className="flood-card">
          {frequency.isError || points.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
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
        </div>
      ) : null}
    </div>
  );
}
