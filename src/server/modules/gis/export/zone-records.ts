import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import { createCampaignLookup } from '../../../../shared/campaign/campaign-lookup';
import type { ZoneFeature, ZoneGeometry } from '../../../../shared/zones/zone';
import { normalizeGeometry } from './geometry';

/** The attributes every GIS export writes for a zone: codes and their Chinese names, as plain values. */
export interface ZoneRecord {
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
}

/** A zone ready to write: its attributes and its geometry (RFC 7946 winding, ≤ 7 decimals). */
export interface ExportZone {
  record: ZoneRecord;
  geometry: ZoneGeometry;
}

export type FieldType = 'integer' | 'text' | 'date' | 'boolean';

export interface ExportField {
  key: keyof ZoneRecord;
  type: FieldType;
  /** The DBF (Shapefile) column: at most 10 ASCII characters. */
  dbf: string;
  /** Chinese label, for the KML description. */
  label: string;
}

/**
 * The columns of every export in order. GeoJSON, CSV, KML and GeoPackage use `key`; the Shapefile's
 * DBF uses `dbf` (≤ 10 characters; README lists the mapping).
 */
export const EXPORT_FIELDS: readonly ExportField[] = [
  { key: 'id', type: 'integer', dbf: 'id', label: '编号' },
  { key: 'name', type: 'text', dbf: 'name', label: '整治区域' },
  { key: 'itemCode', type: 'text', dbf: 'item_code', label: '项目编号' },
  { key: 'itemName', type: 'text', dbf: 'item_name', label: '整治项目' },
  { key: 'statusCode', type: 'text', dbf: 'status', label: '状态代码' },
  { key: 'statusName', type: 'text', dbf: 'status_nm', label: '状态' },
  { key: 'leadUnit', type: 'text', dbf: 'lead_unit', label: '牵头单位' },
  { key: 'responsibleUnits', type: 'text', dbf: 'resp_units', label: '责任单位' },
  { key: 'plannedStart', type: 'date', dbf: 'plan_start', label: '计划开始' },
  { key: 'plannedEnd', type: 'date', dbf: 'plan_end', label: '计划完成' },
  { key: 'progress', type: 'integer', dbf: 'progress', label: '进度（%）' },
  { key: 'village', type: 'text', dbf: 'village', label: '村（社区）' },
  { key: 'measures', type: 'text', dbf: 'measures', label: '整治措施（一区一策）' },
  { key: 'overdue', type: 'boolean', dbf: 'overdue', label: '超期' },
];

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
      },
    };
  });
}
