import { describe, expect, it } from 'vitest';
import {
  itemsNotWritable,
  mayOverrideZoneStatus,
  mayReassignTask,
  mayWriteItem,
  mayWriteZone,
  OWNERSHIP_NO_UNIT,
  OWNERSHIP_NO_USER,
  OWNERSHIP_NOT_INVOLVED,
  OWNERSHIP_NOT_FOR_ROLE,
  OWNERSHIP_NOT_LEAD_UNIT,
} from './ownership';

const campaign = {
  items: [
    { code: 'R1', leadUnit: 'water' },
    { code: 'R2', leadUnit: 'roads' },
    { code: 'S1', leadUnit: null },
  ],
};
const water = { role: 'unit', unit: 'water' };
const zone = (category: string, leadUnit = 'roads', responsibleUnits: string[] = []) => ({
  properties: { category, leadUnit, responsibleUnits },
});

describe('mayWriteItem', () => {
  it('lets a unit write the items its unit leads, and only those', () => {
    expect(mayWriteItem(water, 'R1', campaign)).toEqual({ allowed: true });
    expect(mayWriteItem(water, 'R2', campaign)).toEqual({ allowed: false, reason: OWNERSHIP_NOT_LEAD_UNIT });
  });

  it('refuses items without a lead unit and unknown items to units', () => {
    expect(mayWriteItem(water, 'S1', campaign)).toEqual({ allowed: false, reason: OWNERSHIP_NOT_LEAD_UNIT });
    expect(mayWriteItem(water, 'U1', campaign)).toEqual({ allowed: false, reason: OWNERSHIP_NOT_LEAD_UNIT });
  });

  it('leaves other roles to the authorization matrix', () => {
    for (const role of ['admin', 'planner', 'leader', 'inspector']) {
      expect(mayWriteItem({ role, unit: null }, 'R2', campaign).allowed).toBe(true);
    }
  });

  it('refuses nobody and a unit account without a unit', () => {
    expect(mayWriteItem(null, 'R1', campaign)).toEqual({ allowed: false, reason: OWNERSHIP_NO_USER });
    expect(mayWriteItem({ role: 'unit', unit: null }, 'S1', campaign)).toEqual({
      allowed: false,
      reason: OWNERSHIP_NO_UNIT,
    });
  });

  it('lists the items a unit may not write', () => {
    expect(itemsNotWritable(water, ['R1', 'R2', 'S1'], campaign)).toEqual(['R2', 'S1']);
    expect(itemsNotWritable(water, ['R1'], campaign)).toEqual([]);
  });
});

describe('mayWriteZone', () => {
  it('lets a unit that leads the item, leads the zone, is responsible or is assigned the task add evidence', () => {
    expect(mayWriteZone(water, zone('R1'), campaign).allowed).toBe(true);
    expect(mayWriteZone(water, zone('R2', 'water'), campaign).allowed).toBe(true);
    expect(mayWriteZone(water, zone('R2', 'roads', ['water']), campaign).allowed).toBe(true);
    expect(mayWriteZone(water, zone('R2'), campaign, { assignedUnit: 'water' }).allowed).toBe(true);
  });

  it('refuses an uninvolved unit with the reason', () => {
    expect(mayWriteZone(water, zone('R2'), campaign, { assignedUnit: 'roads' })).toEqual({
      allowed: false,
      reason: OWNERSHIP_NOT_INVOLVED,
    });
    expect(mayWriteZone({ role: 'unit', unit: null }, zone('R1'), campaign).reason).toBe(OWNERSHIP_NO_UNIT);
    expect(mayWriteZone(undefined, zone('R1'), campaign).reason).toBe(OWNERSHIP_NO_USER);
    expect(mayWriteZone({ role: 'planner' }, zone('R2'), campaign).allowed).toBe(true);
  });
});

describe('M3 mayOverrideZoneStatus: the office alone', () => {
  it('is the campaign office alone', () => {
    expect(mayOverrideZoneStatus({ role: 'admin' })).toEqual({ allowed: true });
    for (const user of [water, { role: 'planner' }, { role: 'leader' }, { role: 'inspector' }])
      expect(mayOverrideZoneStatus(user)).toEqual({ allowed: false, reason: OWNERSHIP_NOT_FOR_ROLE });
    expect(mayOverrideZoneStatus(null)).toEqual({ allowed: false, reason: OWNERSHIP_NO_USER });
  });
});

describe('M4 mayReassignTask: the office or the lead unit', () => {
  it('is the office, or the unit leading the zone’s item', () => {
    expect(mayReassignTask({ role: 'admin' }, { category: 'R2' }, campaign)).toEqual({ allowed: true });
    expect(mayReassignTask(water, { category: 'R1' }, campaign)).toEqual({ allowed: true });
    expect(mayReassignTask(water, { category: 'R2' }, campaign)).toEqual({
      allowed: false,
      reason: OWNERSHIP_NOT_LEAD_UNIT,
    });
    expect(mayReassignTask({ role: 'planner' }, { category: 'R1' }, campaign)).toEqual({
      allowed: false,
      reason: OWNERSHIP_NOT_FOR_ROLE,
    });
    expect(mayReassignTask(null, { category: 'R1' }, campaign)).toEqual({ allowed: false, reason: OWNERSHIP_NO_USER });
  });
});
