import { useMemo, type MouseEvent } from 'react';
import type { PublicZoneFeature } from '../../../shared/public/public';
import { boxOf, fitProjection, svgPath, type Box } from '../projection';

/** The drawing's width in its own units; the SVG scales to the phone's width. */
const WIDTH = 400;

export interface PublicMapProps {
  zones: readonly PublicZoneFeature[];
  /** The colour of a zone's status. */
  colorOf(status: string): string;
  label: string;
  onZone?(id: string): void;
  /** A tap on the map (not on a zone when onZone is given): the place in WGS 84. */
  onPlace?(place: { lon: number; lat: number }): void;
  marker?: { lon: number; lat: number } | null;
  /** Draw around this box instead of all the zones (a zone's own page). */
  focus?: Box | null;
}

/** The town's zones drawn as an SVG, light enough for any phone: tap a zone, or tap a place. */
export function PublicMap({ zones, colorOf, label, onZone, onPlace, marker, focus }: PublicMapProps) {
  const projection = useMemo(() => {
    const box = focus ?? boxOf(zones.map((zone) => zone.geometry)) ?? [120.9, 31.1, 121.0, 31.2];
    // A margin of a tenth around the box, so a place beside the zones can be tapped too.
    const padX = (box[2] - box[0]) * 0.1 + 0.0005;
    const padY = (box[3] - box[1]) * 0.1 + 0.0005;
    return fitProjection([box[0] - padX, box[1] - padY, box[2] + padX, box[3] + padY], WIDTH);
  }, [zones, focus]);
  const place = (event: MouseEvent<SVGSVGElement>) => {
    if (!onPlace) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = WIDTH / rect.width;
    onPlace(projection.toLonLat((event.clientX - rect.left) * scale, (event.clientY - rect.top) * scale));
  };
  const markerXY = marker ? projection.toXY(marker.lon, marker.lat) : null;
  return (
    <svg
      className="public-map"
      viewBox={`0 0 ${WIDTH} ${projection.height}`}
      role="img"
      aria-label={label}
      onClick={place}
      data-testid="public-map"
    >
      <rect className="public-map-ground" x={0} y={0} width={WIDTH} height={projection.height} />
      {zones.map((zone) => {
        const color = colorOf(zone.properties.status);
        const select = onZone ? () => onZone(zone.id) : undefined;
        if (zone.geometry.type === 'Point') {
          const [x, y] = projection.toXY(...zone.geometry.coordinates);
          return (
            <circle key={zone.id} cx={x} cy={y} r={6} fill={color} onClick={select} data-zone={zone.id}>
              <title>{zone.properties.name}</title>
            </circle>
          );
        }
        const line = zone.geometry.type === 'LineString' || zone.geometry.type === 'MultiLineString';
        return (
          <path
            key={zone.id}
            d={svgPath(zone.geometry, projection)}
            className={line ? 'public-map-line' : 'public-map-zone'}
            fill={line ? 'none' : color}
            stroke={color}
            onClick={select}
            data-zone={zone.id}
          >
            <title>{zone.properties.name}</title>
          </path>
        );
      })}
      {markerXY && <circle className="public-map-marker" cx={markerXY[0]} cy={markerXY[1]} r={8} />}
    </svg>
  );
}
