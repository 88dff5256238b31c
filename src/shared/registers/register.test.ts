import { describe, expect, it } from 'vitest';
import { REGISTER_KINDS, blackOdorousIndicators, registerKind } from './kinds';
import { checkRegisterAttributes, geometryFitsKind, readingBodySchema, registerChanges } from './register';
import { registerExportColumns } from './export-columns';
import campaign from '../../../data/campaign.json';

const ads = registerKind('outdoor-ads')!;

describe('the register kinds', () => {
  it('name units and items of the campaign, and give every field a unique key and DBF column of ≤ 10 ASCII characters', () => {
    const units = new Set(campaign.units.map((unit) => unit.id));
    const items = new Set(campaign.items.map((item) => item.code));
    for (const kind of REGISTER_KINDS) {
      expect(units.has(kind.ownerUnit), kind.slug).toBe(true);
      expect(items.has(kind.item), kind.slug).toBe(true);
      const columns = registerExportColumns(kind);
      expect(new Set(columns.map((column) => column.key)).size).toBe(columns.length);
      expect(new Set(columns.map((column) => column.dbf)).size).toBe(columns.length);
      for (const column of columns) expect(column.dbf).toMatch(/^[a-z][a-z0-9_]{0,9}$/);
    }
  });
});

describe('checkRegisterAttributes', () => {
  it('keeps valid values in field order and trims texts', () => {
    const check = checkRegisterAttributes(ads, { state: 'good', approvalNumber: '  昆城管广审2024-1 ', width: 6.5 });
    expect(check).toEqual({
      valid: true,
      attributes: { approvalNumber: '昆城管广审2024-1', width: 6.5, state: 'good' },
    });
  });

  it('names each wrong field: unknown key, wrong type, bad choice, bad date, missing required', () => {
    const check = checkRegisterAttributes(ads, { colour: 'red', width: 'wide', approvalExpires: '2026-02-30' });
    expect(check.valid).toBe(false);
    if (check.valid) return;
    expect(check.errors.map((error) => error.path).sort()).toEqual([
      'attributes.approvalExpires',
      'attributes.colour',
      'attributes.state',
      'attributes.width',
    ]);
    const choice = checkRegisterAttributes(ads, { state: 'broken' });
    expect(choice).toMatchObject({ valid: false, errors: [{ path: 'attributes.state' }] });
    const sites = registerKind('markets')!;
    expect(checkRegisterAttributes(sites, { operator: 'x', stalls: 2.5 })).toMatchObject({
      valid: false,
      errors: [{ path: 'attributes.stalls', message: 'expected a whole number ≥ 0' }],
    });
  });

  it('merges a change into the stored values; null or an empty text clears an optional field', () => {
    const base = { approvalNumber: 'A-1', width: 6, state: 'good' };
    expect(checkRegisterAttributes(ads, { width: null, state: 'damaged' }, base)).toEqual({
      valid: true,
      attributes: { approvalNumber: 'A-1', state: 'damaged' },
    });
    expect(checkRegisterAttributes(ads, { state: '' }, base)).toMatchObject({
      valid: false,
      errors: [{ path: 'attributes.state', message: 'required' }],
    });
    expect(checkRegisterAttributes(ads, [1])).toMatchObject({ valid: false, errors: [{ path: 'attributes' }] });
  });
});

describe('geometry and readings', () => {
  it('takes the geometry family of the kind (Multi* included)', () => {
    expect(geometryFitsKind(ads, { type: 'Point' })).toBe(true);
    expect(geometryFitsKind(ads, { type: 'Polygon' })).toBe(false);
    expect(geometryFitsKind(registerKind('markets')!, { type: 'MultiPolygon' })).toBe(true);
  });

  it('flags the 黑臭 indicators past their limits and refuses an empty or out-of-range reading', () => {
    expect(blackOdorousIndicators({ transparency: 30, dissolvedOxygen: 1.5, redox: 60, ammonia: 9 })).toEqual([
      'dissolvedOxygen',
      'ammonia',
    ]);
    expect(blackOdorousIndicators({ transparency: 40 })).toEqual([]);
    expect(readingBodySchema.safeParse({ sampledOn: '2026-06-01', values: {} }).success).toBe(false);
    expect(readingBodySchema.safeParse({ sampledOn: '2026-06-01', values: { ammonia: -1 } }).success).toBe(false);
    expect(readingBodySchema.safeParse({ sampledOn: '2026-06-01', values: { ph: 7 } }).success).toBe(false);
    expect(readingBodySchema.safeParse({ sampledOn: '2026-06-01', values: { redox: -120 } }).success).toBe(true);
  });

  it('says what changed between two versions', () => {
    const geometry = { type: 'Point' as const, coordinates: [120.9, 31.18] as [number, number] };
    const before = { name: 'A', geometry, attributes: { state: 'good' }, ownerUnit: 'chengguanzhongdui' };
    const after = { ...before, geometry: { ...geometry, coordinates: [120.91, 31.18] as [number, number] } };
    expect(registerChanges(before, { ...after, attributes: { state: 'damaged', width: 3 } })).toEqual({
      geometry: ['Point', 'Point'],
      'attributes.state': ['good', 'damaged'],
      'attributes.width': [null, 3],
    });
  });
});
