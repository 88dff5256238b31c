import { describe, expect, it } from 'vitest';
import {
  guessImportTarget,
  ZONE_EXPORT_COLUMNS,
  ZONE_FIELDS,
  ZONE_IMPORT_FIELDS,
  ZONE_LEDGER_FIELDS,
  zoneLedgerColumn,
} from './zone-fields';

describe('the zone field list', () => {
  it('gives the export columns in their published order, DBF names of ≤ 10 characters', () => {
    expect(ZONE_EXPORT_COLUMNS.map((column) => column.key)).toEqual([
      'id',
      'name',
      'itemCode',
      'itemName',
      'statusCode',
      'statusName',
      'leadUnit',
      'responsibleUnits',
      'plannedStart',
      'plannedEnd',
      'progress',
      'village',
      'measures',
      'overdue',
      'notes',
    ]);
    for (const column of ZONE_EXPORT_COLUMNS) expect(column.dbf).toMatch(/^[a-z][a-z0-9_]{0,9}$/);
    expect(ZONE_EXPORT_COLUMNS.find((column) => column.key === 'statusName')!.label).toBe('状态');
  });

  it('gives the ledger its zone columns with their headers and widths', () => {
    expect(ZONE_LEDGER_FIELDS.map(zoneLedgerColumn)).toEqual([
      ['item', '整治项目', 22],
      ['zoneName', '整治区域', 24],
      ['village', '村（社区）', 10],
      ['leadUnit', '牵头单位', 11],
      ['responsibleUnits', '责任单位', 24],
      ['plannedStart', '计划开始', 11],
      ['plannedEnd', '计划完成', 11],
      ['zoneStatus', '区域状态', 9],
      ['progress', '进度（%）', 8],
      ['measures', '整治措施（一区一策）', 30],
    ]);
  });

  it('guesses import targets from usual source field names', () => {
    expect(guessImportTarget('名称')).toBe('name');
    expect(guessImportTarget(' item_code ')).toBe('category');
    expect(guessImportTarget('status_nm')).toBeUndefined();
    expect(guessImportTarget('resp_units')).toBe('responsibleUnits');
    expect(guessImportTarget('村（社区）')).toBe('village');
    expect(guessImportTarget('备注')).toBe('notes');
    // The app's own export reads back into the same fields.
    for (const target of ZONE_IMPORT_FIELDS) {
      const column = ZONE_EXPORT_COLUMNS.find((candidate) => candidate.key === target);
      if (column) expect(guessImportTarget(column.dbf)).toBe(target);
    }
  });

  it('names an i18n key for every importable field', () => {
    for (const target of ZONE_IMPORT_FIELDS) expect(ZONE_FIELDS[target].i18nKey).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });
});
