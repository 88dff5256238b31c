import type { RegisterField, RegisterKind } from './kinds';
import type { RegisterFeature } from './register';

/** One column of a register's GIS export (the zones' export column shape: key, type, DBF name, Chinese label). */
export interface RegisterExportColumn {
  key: string;
  type: 'integer' | 'number' | 'text' | 'date' | 'boolean';
  dbf: string;
  label: string;
}

const COLUMN_TYPE: Record<RegisterField['type'], RegisterExportColumn['type']> = {
  text: 'text',
  integer: 'integer',
  number: 'number',
  date: 'date',
  boolean: 'boolean',
  // A choice is written as its Chinese name (a file is read by people); the import takes the name or the code.
  choice: 'text',
};

/** The columns of a kind's export: id, name, each field of the kind in order, the owning unit, last change. */
export function registerExportColumns(kind: RegisterKind): RegisterExportColumn[] {
  return [
    { key: 'id', type: 'integer', dbf: 'id', label: '编号' },
    { key: 'name', type: 'text', dbf: 'name', label: '名称' },
    ...kind.fields.map((field) => ({
      key: field.key,
      type: COLUMN_TYPE[field.type],
      dbf: field.dbf,
      label: field.unit ? `${field.label}(${field.unit})` : field.label,
    })),
    { key: 'ownerUnit', type: 'text', dbf: 'owner', label: '责任单位' },
    { key: 'updatedAt', type: 'text', dbf: 'updated', label: '更新时间' },
  ];
}

/** An object's export record: attribute values by column key (choices as their Chinese names), missing → null. */
export function registerExportRecord(
  kind: RegisterKind,
  feature: RegisterFeature,
  unitName: (id: string) => string,
): Record<string, string | number | boolean | null> & { id: number; name: string } {
  const record: Record<string, string | number | boolean | null> & { id: number; name: string } = {
    id: feature.id,
    name: feature.properties.name,
  };
  for (const field of kind.fields) {
    const value = feature.properties.attributes[field.key];
    record[field.key] =
      value === undefined ? null : field.type === 'choice' ? (field.choices?.[String(value)] ?? String(value)) : value;
  }
  record.ownerUnit = unitName(feature.properties.ownerUnit);
  record.updatedAt = feature.properties.updatedAt;
  return record;
}

/** The file/table name of a kind's layer: its slug with `_` (GDAL layer names without hyphens). */
export const registerLayerName = (kind: Pick<RegisterKind, 'slug'>) => kind.slug.replace(/-/g, '_');
