import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import { createCampaignLookup } from '../../../../shared/campaign/campaign-lookup';
import type { ZoneFeature, ZoneGeometry } from '../../../../shared/zones/zone';
import { normalizeGeometry } from './geometry';
import { ZONE_EXPORT_COLUMNS, type ZoneFieldType } from '../../../../shared/zones/zone-fields';

/** One attribute value as the writers put it in a file. */
export type ExportValue = string | number | boolean | null;

/** The attributes every GIS export writes for a zone: codes and their Chinese names, as plain values. */
export type ZoneRecord = {
  id: number;
  name: string;
  itemCode: string;
  itemName: string;
  statusCode: string;
  statusName: string;
  leadUnit: string;
  /** The responsible units' names joined with "、" (one text column in every format). */
  responsibleUnits: string;
  plannedStart: string;
  plannedEnd: string;
  progress: number;
  village: string | null;
  measures: string;
  overdue: boolean;
  notes: string;
};

/**
 * One feature ready to write (a zone, a register object): its attributes by column key and its geometry (RFC 7946
 * winding, ≤ 7 decimals). Every writer (GeoJSON, CSV, KML, Shapefile, GeoPackage) takes these and its columns.
 */
export interface ExportRow<R extends Readonly<Record<string, ExportValue>> = Readonly<Record<string, ExportValue>>> {
  record: R & { id: number; name: string };
  geometry: ZoneGeometry;
}

/** A zone ready to write: its attributes and its geometry (RFC 7946 winding, ≤ 7 decimals). */
export type ExportZone = ExportRow<ZoneRecord>;

/** A column's type: the zone fields' types and decimal numbers (register attributes). */
export type FieldType = ZoneFieldType | 'number';

export interface ExportField {
  key: string;
  type: FieldType;
  /** The DBF (Shapefile) column: at most 10 ASCII characters. */
  dbf: string;
  /** Chinese label, for the KML description. */
  label: string;
}

/**
 * The columns of every export in order, from the one zone field list (src/shared/zones/zone-fields.ts).
 * GeoJSON, CSV, KML and GeoPackage use `key`; the Shapefile's DBF uses `dbf` (≤ 10 characters;
 * README lists the mapping).
 */
export const EXPORT_FIELDS = ZONE_EXPORT_COLUMNS as readonly ExportField[];

/** The zones of the API as export records, names looked up in the campaign configuration. */
export function toExportZones(zones: readonly ZoneFeature[], campaign: CampaignResponse): ExportZone[] {
  const lookup = createCampaignLookup(campaign);
  const unitName = (id: string) => lookup.unit(id)?.name ?? id;
  return zones.map((zone) => {
    const p = zone.properties;
    return {
      geometry: normalizeGeometry(zone.geometry),
      record: {
        id: Number(zone.id),
        name: p.name,
        itemCode: p.category,
        itemName: lookup.item(p.category)?.name ?? p.category,
        statusCode: p.status,
        statusName: lookup.zoneStatus(p.status)?.name ?? p.status,
        leadUnit: unitName(p.leadUnit),
        responsibleUnits: p.responsibleUnits.map(unitName).join('、'),
        plannedStart: p.plannedStart,
        plannedEnd: p.plannedEnd,
        progress: p.progress,
        village: p.village,
        measures: p.measures,
        overdue: p.overdue,
        notes: p.notes,
      },
    };
  });
}
