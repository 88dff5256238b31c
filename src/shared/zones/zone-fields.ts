/**
 * The one list of a zone's fields (docs/domain.md): the API property, the Chinese label, the i18n
 * key the client shows, the type, and where the field appears: the GIS export's columns (key and
 * DBF name), the GIS import's targets (with the source field names that usually mean it) and the
 * ledger's zone columns. The exports, the import, the ledger and the editor read it.
 */

export type ZoneFieldType = 'integer' | 'text' | 'date' | 'boolean';

/** One column of the GIS export (GeoJSON/CSV/KML/GeoPackage use `key`, the Shapefile's DBF `dbf`). */
export interface ZoneExportColumn {
  key: string;
  type: ZoneFieldType;
  /** At most 10 ASCII characters. */
  dbf: string;
  /** Chinese label (KML description); the field's label when left out. */
  label?: string;
}

export interface ZoneField {
  /** Chinese label (export descriptions, ledger headers). */
  label: string;
  /** The client's i18n key for the field (editor, conflict table). */
  i18nKey?: string;
  type: ZoneFieldType;
  /** The export columns this field gives, in order (a code field gives its code and its name). */
  export?: readonly ZoneExportColumn[];
  /** A GIS import target: source field names (Chinese ledgers, this app's exports) that usually mean it. */
  importPattern?: RegExp;
  /** The ledger column: its key, header (the label when left out) and width in characters. */
  ledger?: { key: string; label?: string; width: number };
}

/** Every zone field, in the GIS export's column order. */
export const ZONE_FIELDS = {
  id: { label: '编号', type: 'integer', export: [{ key: 'id', type: 'integer', dbf: 'id' }] },
  name: {
    label: '整治区域',
    i18nKey: 'editor.name',
    type: 'text',
    export: [{ key: 'name', type: 'text', dbf: 'name' }],
    importPattern: /^(name|名称|区域名称|zone_?name|mc)$/i,
    ledger: { key: 'zoneName', width: 24 },
  },
  category: {
    label: '整治项目',
    i18nKey: 'editor.item',
    type: 'text',
    export: [
      { key: 'itemCode', type: 'text', dbf: 'item_code', label: '项目编号' },
      { key: 'itemName', type: 'text', dbf: 'item_name' },
    ],
    importPattern: /^(item_?code|category|项目|整治项目|项目编号|itemcode)$/i,
    ledger: { key: 'item', width: 22 },
  },
  status: {
    label: '状态',
    i18nKey: 'filters.status',
    type: 'text',
    export: [
      { key: 'statusCode', type: 'text', dbf: 'status', label: '状态代码' },
      { key: 'statusName', type: 'text', dbf: 'status_nm' },
    ],
    importPattern: /^(status|status_?code|状态|statuscode)$/i,
    ledger: { key: 'zoneStatus', label: '区域状态', width: 9 },
  },
  leadUnit: {
    label: '牵头单位',
    i18nKey: 'panel.leadUnit',
    type: 'text',
    export: [{ key: 'leadUnit', type: 'text', dbf: 'lead_unit' }],
    ledger: { key: 'leadUnit', width: 11 },
  },
  responsibleUnits: {
    label: '责任单位',
    i18nKey: 'panel.responsibleUnits',
    type: 'text',
    export: [{ key: 'responsibleUnits', type: 'text', dbf: 'resp_units' }],
    importPattern: /^(resp_?units|responsible_?units|责任单位|responsibleunits)$/i,
    ledger: { key: 'responsibleUnits', width: 24 },
  },
  plannedStart: {
    label: '计划开始',
    i18nKey: 'editor.plannedStart',
    type: 'date',
    export: [{ key: 'plannedStart', type: 'date', dbf: 'plan_start' }],
    importPattern: /^(plan_?start|planned_?start|开始|开始日期|计划开始|plannedstart)$/i,
    ledger: { key: 'plannedStart', width: 11 },
  },
  plannedEnd: {
    label: '计划完成',
    i18nKey: 'editor.plannedEnd',
    type: 'date',
    export: [{ key: 'plannedEnd', type: 'date', dbf: 'plan_end' }],
    importPattern: /^(plan_?end|planned_?end|结束|结束日期|计划完成|plannedend)$/i,
    ledger: { key: 'plannedEnd', width: 11 },
  },
  progress: {
    label: '进度（%）',
    i18nKey: 'editor.progress',
    type: 'integer',
    export: [{ key: 'progress', type: 'integer', dbf: 'progress' }],
    importPattern: /^(progress|进度)$/i,
    ledger: { key: 'progress', width: 8 },
  },
  village: {
    label: '村（社区）',
    i18nKey: 'editor.village',
    type: 'text',
    export: [{ key: 'village', type: 'text', dbf: 'village' }],
    importPattern: /^(village|村|村（社区）|村社区)$/i,
    ledger: { key: 'village', width: 10 },
  },
  measures: {
    label: '整治措施（一区一策）',
    i18nKey: 'panel.measures',
    type: 'text',
    export: [{ key: 'measures', type: 'text', dbf: 'measures' }],
    importPattern: /^(measures|措施|整治措施)$/i,
    ledger: { key: 'measures', width: 30 },
  },
  overdue: { label: '超期', type: 'boolean', export: [{ key: 'overdue', type: 'boolean', dbf: 'overdue' }] },
  notes: {
    label: '备注',
    i18nKey: 'editor.notes',
    type: 'text',
    export: [{ key: 'notes', type: 'text', dbf: 'notes' }],
    importPattern: /^(notes|备注|note)$/i,
  },
} as const satisfies Record<string, ZoneField>;

export type ZoneFieldKey = keyof typeof ZONE_FIELDS;

/** The fields a GIS import can fill, in the order the mapping step lists them. */
export const ZONE_IMPORT_FIELDS = [
  'name',
  'category',
  'status',
  'responsibleUnits',
  'plannedStart',
  'plannedEnd',
  'progress',
  'measures',
  'notes',
  'village',
] as const satisfies readonly {
  [K in ZoneFieldKey]: (typeof ZONE_FIELDS)[K] extends { importPattern: RegExp } ? K : never;
}[ZoneFieldKey][];

/** The zone columns of the ledger (台帐), in its order; the task and photo columns follow. */
export const ZONE_LEDGER_FIELDS = [
  'category',
  'name',
  'village',
  'leadUnit',
  'responsibleUnits',
  'plannedStart',
  'plannedEnd',
  'status',
  'progress',
  'measures',
] as const satisfies readonly {
  [K in ZoneFieldKey]: (typeof ZONE_FIELDS)[K] extends { ledger: object } ? K : never;
}[ZoneFieldKey][];

/** The export columns of every zone field, in order. */
export const ZONE_EXPORT_COLUMNS: readonly (ZoneExportColumn & { label: string })[] = Object.values(
  ZONE_FIELDS as Record<string, ZoneField>,
).flatMap((field) => (field.export ?? []).map((column) => ({ ...column, label: column.label ?? field.label })));

/** The ledger column of a zone field: key, header, width. */
export function zoneLedgerColumn<K extends (typeof ZONE_LEDGER_FIELDS)[number]>(
  key: K,
): readonly [(typeof ZONE_FIELDS)[K]['ledger']['key'], string, number] {
  const field: ZoneField = ZONE_FIELDS[key];
  return [ZONE_FIELDS[key].ledger.key, field.ledger!.label ?? field.label, field.ledger!.width] as const;
}

/** The import target a source field name usually means, if any. */
export function guessImportTarget(sourceField: string): (typeof ZONE_IMPORT_FIELDS)[number] | undefined {
  const trimmed = sourceField.trim();
  return ZONE_IMPORT_FIELDS.find((target) => ZONE_FIELDS[target].importPattern.test(trimmed));
}
