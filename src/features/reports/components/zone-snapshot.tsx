import { useTranslation } from 'react-i18next';
import type { ZoneFeature, ZoneGeometry } from '../../../shared/zones/zone';
import type { StatusDefinition } from '../../../shared/campaign/campaign';
import { localName } from '../../../lib/i18n';

type Position = readonly number[];

function positionsOf(geometry: ZoneGeometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
  }
}

const WIDTH = 640;
const PAD = 12;

/**
 * The zones drawn as an inline SVG for the printed report, coloured by status: an equirectangular
 * projection of the zones' bounding box (longitudes shrunk by cos(latitude)), no map library.
 */
export function ZoneSnapshot({
  zones,
  statuses,
}: {
  zones: readonly ZoneFeature[];
  statuses: readonly StatusDefinition[];
}) {
  const { t, i18n } = useTranslation();
  const all = zones.flatMap((zone) => positionsOf(zone.geometry));
  if (!all.length) return <p className="muted">{t('assessment.map.empty')}</p>;
  const lons = all.map((position) => position[0]!);
  const lats = all.map((position) => position[1]!);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * kx, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = (WIDTH - 2 * PAD) / Math.max(spanX, spanY);
  const height = Math.round(spanY * scale + 2 * PAD);
  const x = (lon: number) => PAD + (lon - minLon) * kx * scale;
  const y = (lat: number) => PAD + (maxLat - lat) * scale;
  const ring = (positions: readonly Position[], close: boolean) =>
    positions.map((p, index) => `${index ? 'L' : 'M'}${x(p[0]!).toFixed(1)} ${y(p[1]!).toFixed(1)}`).join(' ') +
    (close ? ' Z' : '');
  const colorOf = (status: string) => statuses.find((candidate) => candidate.code === status)?.color ?? '#888888';

  return (
    <figure className="report-map">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={t('assessment.map.label', { count: zones.length })}
        data-testid="zone-snapshot"
      >
        <rect x="0" y="0" width={WIDTH} height={height} fill="#f7f9fa" />
        {zones.map((zone) => {
          const color = colorOf(zone.properties.status);
          const geometry = zone.geometry;
          const title = <title>{`${zone.properties.category} ${zone.properties.name}`}</title>;
          if (geometry.type === 'Point') {
            const [lon, lat] = geometry.coordinates;
            return (
              <circle key={zone.id} cx={x(lon!)} cy={y(lat!)} r="4" fill={color} stroke="#333" strokeWidth="0.5">
                {title}
              </circle>
            );
          }
          if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') {
            const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
            return (
              <path
                key={zone.id}
                d={lines.map((line) => ring(line, false)).join(' ')}
                fill="none"
                stroke={color}
                strokeWidth="2.5"
              >
                {title}
              </path>
            );
          }
          const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
          return (
            <path
              key={zone.id}
              d={polygons.flatMap((polygon) => polygon.map((line) => ring(line, true))).join(' ')}
              fill={color}
              fillOpacity="0.55"
              fillRule="evenodd"
              stroke={color}
              strokeWidth="1"
            >
              {title}
            </path>
          );
        })}
      </svg>
      <figcaption className="report-map-legend">
        {statuses.map((status) => (
          <span key={status.code}>
            <span className="report-swatch" style={{ background: status.color }} aria-hidden="true" />
            {localName(status, i18n.language)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
