import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feature } from 'geojson';
import type { MapEngine } from '../../../map/map-engine';
import { areaReading, distanceReading, lineMeters, polygonSquareMeters } from '../../../shared/geo/measure';
import '../measure.css';

type Mode = 'distance' | 'area';
type Position = [number, number];

const DRAFT = 'measure';
const COLOR = '#e65100';

/** Distance and area readings of the clicked points, in the user's words (m/km; m², 亩, 公顷). */
export function MeasureReading({ mode, points }: { mode: Mode; points: readonly Position[] }) {
  const { t, i18n } = useTranslation();
  const number = (value: number) => value.toLocaleString(i18n.language);
  if (mode === 'distance') {
    if (points.length < 2) return <p className="muted">{t('measure.hintDistance')}</p>;
    const reading = distanceReading(lineMeters(points));
    return (
      <p className="measure-result" data-testid="measure-result">
        {t(reading.unit === 'm' ? 'measure.meters' : 'measure.kilometers', { value: number(reading.value) })}
      </p>
    );
  }
  if (points.length < 3) return <p className="muted">{t('measure.hintArea')}</p>;
  const reading = areaReading(polygonSquareMeters(points));
  return (
    <p className="measure-result" data-testid="measure-result">
      {t('measure.areaReading', {
        squareMeters: number(reading.squareMeters),
        mu: number(reading.mu),
        hectares: number(reading.hectares),
      })}
    </p>
  );
}

/**
 * A map tool to measure distance (a line through the clicked points) or area (the polygon they make), geodesic
 * on WGS 84 (turf). While it is open, clicks on the map add points instead of selecting zones.
 */
export function MeasureTool({ engine }: { engine: MapEngine | null }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode | null>(null);
  const [points, setPoints] = useState<Position[]>([]);

  useEffect(() => {
    if (!engine || !mode) return;
    return engine.startPicking(
      (position) => setPoints((previous) => [...previous, position]),
      () => setMode(null),
    );
  }, [engine, mode]);

  useEffect(() => {
    if (!engine || !mode) return;
    const features: Feature[] = points.map((coordinates) => ({
      type: 'Feature',
      properties: { color: COLOR },
      geometry: { type: 'Point', coordinates },
    }));
    if (mode === 'area' && points.length >= 3) {
      features.push({
        type: 'Feature',
        properties: { color: COLOR },
        geometry: { type: 'Polygon', coordinates: [[...points, points[0]!]] },
      });
    } else if (points.length >= 2) {
      features.push({
        type: 'Feature',
        properties: { color: COLOR },
        geometry: { type: 'LineString', coordinates: points },
      });
    }
    engine.setDraft(DRAFT, features);
    return () => engine.setDraft(DRAFT, []);
  }, [engine, mode, points]);

  const choose = (next: Mode | null) => {
    setMode(next);
    setPoints([]);
  };

  return (
    <div className={`measure-tool${mode ? ' is-open' : ''}`} data-testid="measure-tool">
      <button
        type="button"
        className="map-toggle measure-toggle"
        aria-pressed={mode !== null}
        onClick={() => choose(mode ? null : 'distance')}
      >
        {t('measure.toggle')}
      </button>
      {mode ? (
        <div className="measure-card">
          <div className="measure-modes" role="group" aria-label={t('measure.toggle')}>
            {(['distance', 'area'] as const).map((each) => (
              <button
                key={each}
                type="button"
                className="chip"
                aria-pressed={mode === each}
                onClick={() => choose(each)}
              >
                {t(`measure.${each}`)}
              </button>
            ))}
          </div>
          <MeasureReading mode={mode} points={points} />
          <div className="measure-actions">
            <button
              type="button"
              className="link-button"
              disabled={!points.length}
              onClick={() => setPoints(points.slice(0, -1))}
            >
              {t('measure.undo')}
            </button>
            <button type="button" className="link-button" disabled={!points.length} onClick={() => setPoints([])}>
              {t('measure.clear')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
