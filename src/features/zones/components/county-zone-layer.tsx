import { useEffect, useRef } from 'react';
import type { LayerSpecification } from 'maplibre-gl';
import type { MapEngine } from '../../../map/map-engine';
import type { ZoneCollection } from '../../../shared/zones/zone';
import { COUNTY_ZONES_LAYER, createCountyZoneLayers } from '../county-zones.layer';

const COUNTY_DATA_MARKER: LayerSpecification = {
  id: 'county-zones-marker',
  type: 'background',
  layout: { visibility: 'none' },
};

export interface CountyZoneLayerProps {
  engine: MapEngine;
  /** From the map page's content (app/map-content.ts `county`). */
  input: {
    zones: ZoneCollection;
    statusColors: Readonly<Record<string, string>>;
    overdueColor: string;
    visibleIds: readonly string[] | null;
    selectedId: string | null;
  };
  onHover(id: string | null): void;
  onSelect(id: string): void;
}

/**
 * Draws a county's zones with deck.gl (county-zones.layer.ts); loaded only past the P3 limit, so a town's map
 * page never loads it (P1). Hover shows the zone's name beside the pointer, a click opens the zone.
 */
export default function CountyZoneLayer(props: CountyZoneLayerProps) {
  const { engine } = props;
  const { zones, statusColors, overdueColor, visibleIds, selectedId } = props.input;
  const callbacks = useRef(props);
  callbacks.current = props;
  useEffect(() => {
    void engine.setDeckLayers(
      createCountyZoneLayers({
        zones: zones.features,
        statusColors,
        overdueColor,
        visibleIds,
        selectedId,
        onHover: (zone, position) => {
          callbacks.current.onHover(zone?.id ?? null);
          engine.setTooltip(zone && position ? { position, text: zone.properties.name } : null);
        },
        onClick: (zone) => callbacks.current.onSelect(zone.id),
      }),
      COUNTY_ZONES_LAYER,
      ['extensions'],
    );
  }, [engine, zones, statusColors, overdueColor, visibleIds, selectedId]);
  // The data group holds no maplibre layer of the zones here: a hidden marker in it lets the engine see the data
  // drawn at the next idle, so the labels and the extras that wait for the zones follow (MapEngine.whenDataPainted).
  useEffect(() => engine.setLayers('data', [COUNTY_DATA_MARKER]), [engine]);
  useEffect(
    () => () => {
      engine.setTooltip(null);
      void engine.setDeckLayers(() => [], COUNTY_ZONES_LAYER);
    },
    [engine],
  );
  return null;
}
