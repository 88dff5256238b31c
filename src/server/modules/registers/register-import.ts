import type { ImportValue } from '../../../shared/gis/gis-import';
import type { RegisterField, RegisterKind } from '../../../shared/registers/kinds';
import type { RegisterImportError, RegisterImportPreview } from '../../../shared/registers/import';
import { checkRegisterAttributes, type RegisterAttributes } from '../../../shared/registers/register';
import { parseDay } from '../gis';

/** Columns a register's own export writes that are not fields of an object (the id, the owner, the last change). */
const IGNORED = new Set(['id', '编号', 'fid', 'ownerunit', 'owner', '责任单位', 'updatedat', 'updated', '更新时间']);
const NAME_COLUMNS = new Set(['name', '名称']);
const normal = (column: string) => column.trim().toLowerCase().replace(/（/g, '(').replace(/）/g, ')');

/** Each column of the file → `name`, a field key of the kind, or null (by key, Shapefile column, Chinese label). */
export function matchColumns(kind: RegisterKind, columns: readonly string[]): RegisterImportPreview['columns'] {
  const byName = new Map<string, string>();
  for (const field of kind.fields) {
    for (const alias of [field.key, field.dbf, field.label, field.unit ? `${field.label}(${field.unit})` : null]) {
      if (alias) byName.set(normal(alias), field.key);
    }
  }
  const taken = new Set<string>();
  return columns.map((column) => {
    const key = normal(column);
    if (IGNORED.has(key)) return { column, field: null, ownExport: true as const };
    const field = NAME_COLUMNS.has(key) ? 'name' : (byName.get(key) ?? null);
    if (!field || taken.has(field)) return { column, field: null };
    taken.add(field);
    return { column, field };
  });
}

const TRUE = new Set(['true', 't', 'y', 'yes', '1', '是', '有']);
const FALSE = new Set(['false', 'f', 'n', 'no', '0', '否', '无']);

/** A file's value as the field's type takes it; a value it cannot be is passed on for the check to name. */
function fieldValue(field: RegisterField, value: ImportValue): unknown {
  if (value === null) return null;
  const text = String(value).trim();
  if (text === '') return null;
  switch (field.type) {
    case 'text':
      return text;
    case 'integer':
    case 'number':
      return typeof value === 'number' ? value : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'date':
      return parseDay(text) ?? parseDay(text.slice(0, 10)) ?? text;
    case 'boolean':
      return TRUE.has(text.toLowerCase()) ? true : FALSE.has(text.toLowerCase()) ? false : text;
    case 'choice': {
      const choices = field.choices ?? {};
      if (text in choices) return text;
      return Object.entries(choices).find(([, label]) => label === text)?.[0] ?? text;
    }
  }
}

/** One feature's properties → its name and attributes checked against the kind (checkRegisterAttributes). */
export function mapRegisterRow(
  kind: RegisterKind,
  columns: RegisterImportPreview['columns'],
  properties: Record<string, ImportValue>,
): { name: string; attributes: RegisterAttributes | null; errors: RegisterImportError[] } {
  const fields = new Map(kind.fields.map((field) => [field.key, field]));
  let name = '';
  const input: Record<string, unknown> = {};
  for (const { column, field } of columns) {
    if (!field) continue;
    const value = properties[column] ?? null;
    if (field === 'name') name = value === null ? '' : String(value).trim();
    else input[field] = fieldValue(fields.get(field)!, value);
  }
  const errors: RegisterImportError[] = [];
  if (!name) errors.push({ path: 'name', code: 'required', message: 'the name is required' });
  else if (name.length > 100) errors.push({ path: 'name', code: 'invalid', message: 'at most 100 characters' });
  const check = checkRegisterAttributes(kind, input, null);
  if (!check.valid) {
    for (const error of check.errors) {
      errors.push({ ...error, code: error.message === 'required' ? 'required' : 'invalid' });
    }
  }
  return { name: name.slice(0, 100), attributes: check.valid ? check.attributes : null, errors };
}
