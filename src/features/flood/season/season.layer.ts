import type { LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Sensor } from '../../../shared/flood/sensors';
import type { PumpStation } from '../../../shared/flood/response';

export const STATIONS_SOURCE = 'flood-stations';
export const PUMPS_SOURCE = 'flood-pumps';
export const STATION_LAYER = 'flood-stations-points';

/** One colour table for the 汛期 view: risk levels, station state, pump status (the legend reads it too). */
export const SEASON_COLORS = {
  risk: { high: '#d7301f', medium: '#f08c00', low: '#2f9e44', none: '#868e96' },
  station: { normal: '#1c7ed6', over: '#e03131' },
  pump: { running: '#2f9e44', stopped: '#868e96', fault: '#e03131', unknown: '#adb5bd' },
} as const;

export function stationFeatures(sensors: readonly Sensor[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: sensors.map((sensor) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: sensor.position },
      properties: { sensorId: sensor.id, over: sensor.over.length > 0, kind: sensor.kind },
    })),
  };
}

export function pumpFeatures(pumps: readonly PumpStation[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: pumps.map((pump) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: pump.position },
      properties: { facilityId: pump.facilityId, status: pump.status ?? 'unknown' },
    })),
  };
}

/**
 * Flood-prone areas coloured by risk level and shaded by how often they flooded (on the zones' own source: below
 * the waterlogging points), stations (red when over a threshold) and pump stations by status (above them).
 */
export function createSeasonLayers(
  zonesSource: string,
  areas: readonly { zoneId: string; events: number; riskLevel: string | null }[],
): { below: LayerSpecification[]; above: LayerSpecification[] } {
  const riskColor: unknown[] = ['match', ['to-string', ['get', 'zoneId']]];
  const opacity: unknown[] = ['match', ['to-string', ['get', 'zoneId']]];
  for (const area of areas) {
    riskColor.push(area.zoneId, SEASON_COLORS.risk[(area.riskLevel ?? 'none') as keyof typeof SEASON_COLORS.risk]);
    opacity.push(area.zoneId, Math.min(0.2 + area.events * 0.15, 0.65));
  }
  riskColor.push(SEASON_COLORS.risk.none);
  opacity.push(0);
  const areaLayers: LayerSpecification[] = areas.length
    ? [
        {
          id: 'flood-risk-areas',
          type: 'fill',
          source: zonesSource,
          filter: ['in', ['to-string', ['get', 'zoneId']], ['literal', areas.map((area) => area.zoneId)]],
          paint: {
            'fill-color': riskColor as never,
            'fill-opacity': opacity as never,
          },
        },
      ]
    : [];
  const above: LayerSpecification[] = [
    {
      id: 'flood-pumps-points',
      type: 'circle',
      source: PUMPS_SOURCE,
      paint: {
        'circle-radius': 7,
        'circle-color': [
          'match',
          ['get', 'status'],
          'running',
          SEASON_COLORS.pump.running,
          'stopped',
          SEASON_COLORS.pump.stopped,
          'fault',
          SEASON_COLORS.pump.fault,
          SEASON_COLORS.pump.unknown,
        ],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: STATION_LAYER,
      type: 'circle',
      source: STATIONS_SOURCE,
      paint: {
        'circle-radius': ['case', ['get', 'over'], 10, 7],
        'circle-color': ['case', ['get', 'over'], SEASON_COLORS.station.over, SEASON_COLORS.station.normal],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
  ];
  return { below: areaLayers, above };
}
