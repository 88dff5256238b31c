import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { campaignYearFor, instantiatePhases, unitsByKind } from './campaign';
import { campaignConfigSchema } from './campaign-config';
import { deliverableState } from './deliverables';
import { placesFileSchema } from './sample-data';

const raw = JSON.parse(readFileSync(new URL('../../../data/campaign.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

describe('data/campaign.json', () => {
  const config = campaignConfigSchema.parse(raw);

  it('holds the 13 items of the 931 template, four of them not applicable to Jinxi', () => {
    expect(config.items).toHaveLength(13);
    expect(config.items.filter((item) => item.group === 'nine')).toHaveLength(9);
    expect(config.items.filter((item) => item.group === 'three')).toHaveLength(3);
    expect(config.items.filter((item) => item.group === 'one')).toHaveLength(1);
    expect(config.items.filter((item) => !item.applicable).map((item) => item.code)).toEqual(['R7', 'R8', 'R9', 'S3']);
  });

  it('names the lead units of the plan', () => {
    const lead = Object.fromEntries(config.items.map((item) => [item.code, item.leadUnit]));
    const unitName = (id: string | null | undefined) => config.units.find((unit) => unit.id === id)?.name;
    expect(unitName(lead.R1)).toBe('创建办');
    expect(unitName(lead.R3)).toBe('水利站');
    expect(unitName(lead.R4)).toBe('水利站');
    expect(unitName(lead.R5)).toBe('建管所');
    expect(unitName(lead.S1)).toBe('城管中队');
    expect(unitName(lead.U1)).toBe('创建办');
  });

  it('makes each of the town’s 3 communities and 20 villages a unit with its statistical code', () => {
    const places = placesFileSchema.parse(
      JSON.parse(readFileSync(new URL('../../../data/sample/places.json', import.meta.url), 'utf8')),
    ).places;
    const local = config.units.filter((unit) => unit.kind === 'community' || unit.kind === 'village');
    expect(local.filter((unit) => unit.kind === 'community')).toHaveLength(3);
    expect(local.filter((unit) => unit.kind === 'village')).toHaveLength(20);
    // Every one is a place of the town with the same name, kind and 2023 code.
    expect(local.map((unit) => [unit.name, unit.kind, unit.code])).toEqual(
      places.map((place) => [place.shortName, place.kind, place.code2023]),
    );
    // The two the plan names for R1 keep their ids (existing data refers to them).
    expect(config.units.find((unit) => unit.id === 'shangxiatangshequ')?.code).toBe('320583401014');
    expect(config.units.find((unit) => unit.id === 'weixingcun')?.code).toBe('320583401233');
    // 部门 first, then 社区, then 村.
    expect(unitsByKind(config.units).map((group) => [group.kind, group.units.length])).toEqual([
      ['department', config.units.length - 23],
      ['community', 3],
      ['village', 20],
    ]);
  });

  it('gives U1 (管理向社区延伸) to every community and village', () => {
    const u1 = config.items.find((item) => item.code === 'U1')!;
    for (const unit of config.units.filter((candidate) => candidate.kind !== undefined)) {
      expect(u1.responsibleUnits).toContain(unit.id);
    }
  });

  it('rejects a village without a statistical code and a duplicate code', () => {
    const noCode = structuredClone(raw) as { units: { kind?: string; code?: string }[] };
    delete noCode.units.find((unit) => unit.kind === 'village')!.code;
    expect(JSON.stringify(campaignConfigSchema.safeParse(noCode).error?.issues)).toContain('statistical code');
    const twice = structuredClone(raw) as { units: { kind?: string; code?: string }[] };
    const villages = twice.units.filter((unit) => unit.kind === 'village');
    villages[1]!.code = villages[0]!.code;
    expect(JSON.stringify(campaignConfigSchema.safeParse(twice).error?.issues)).toContain('duplicate code');
  });

  it('rejects a configuration that names an unknown unit', () => {
    const broken = structuredClone(raw) as { items: { responsibleUnits: string[] }[] };
    broken.items[0]!.responsibleUnits.push('no-such-unit');
    const result = campaignConfigSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('unknown unit no-such-unit');
  });

  it('rejects an applicable item without a lead unit', () => {
    const broken = structuredClone(raw) as { items: { leadUnit: string | null }[] };
    broken.items[0]!.leadUnit = null;
    expect(campaignConfigSchema.safeParse(broken).success).toBe(false);
  });
});

describe('campaign years and phases', () => {
  it('treats January and February as the tail of last year’s campaign', () => {
    expect(campaignYearFor('2026-02-28')).toBe(2025);
    expect(campaignYearFor('2026-03-01')).toBe(2026);
    expect(campaignYearFor('2026-12-31')).toBe(2026);
  });

  it('instantiates the 2017 template for any year, clamping to real dates', () => {
    const phases = instantiatePhases(
      [
        {
          seq: 1,
          name: 'a',
          nameEn: 'a',
          start: { yearOffset: 0, monthDay: '02-21' },
          end: { yearOffset: 0, monthDay: '02-29' },
        },
        {
          seq: 2,
          name: 'b',
          nameEn: 'b',
          start: { yearOffset: 1, monthDay: '01-01' },
          end: { yearOffset: 1, monthDay: '06-30' },
        },
      ],
      2027,
    );
    expect(phases.map((phase) => [phase.startsOn, phase.endsOn])).toEqual([
      ['2027-02-21', '2027-02-28'],
      ['2028-01-01', '2028-06-30'],
    ]);
  });

  it('follows the plan: phase 1 ends before 2月下旬, phase 2 runs 2月下旬 to 年底, phase 3 the next first half-year', () => {
    const config = campaignConfigSchema.parse(raw);
    const phases = instantiatePhases(config.phases, 2026);
    expect(phases.map((phase) => [phase.seq, phase.startsOn, phase.endsOn])).toEqual([
      [1, '2026-01-01', '2026-02-20'],
      [2, '2026-02-21', '2026-12-31'],
      [3, '2027-01-01', '2027-06-30'],
    ]);
    // No day belongs to two phases.
    for (let index = 1; index < phases.length; index += 1) {
      expect(phases[index]!.startsOn > phases[index - 1]!.endsOn).toBe(true);
    }
  });
});

describe('phase deliverables', () => {
  it('are defined for every phase in data/campaign.json, each kind once', () => {
    const config = campaignConfigSchema.parse(raw);
    for (const phase of config.phases) expect(phase.deliverables?.length, phase.name).toBeGreaterThan(0);
    const kinds = config.phases.flatMap((phase) => phase.deliverables ?? []).map((entry) => entry.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('rejects an unknown kind and a kind twice in a phase', () => {
    const unknown = structuredClone(raw) as { phases: { deliverables: { kind: string }[] }[] };
    unknown.phases[0]!.deliverables[0]!.kind = 'nonsense';
    expect(campaignConfigSchema.safeParse(unknown).success).toBe(false);
    const twice = structuredClone(raw) as { phases: { deliverables: unknown[] }[] };
    twice.phases[1]!.deliverables.push(twice.phases[1]!.deliverables[0]);
    expect(JSON.stringify(campaignConfigSchema.safeParse(twice).error?.issues)).toContain('a deliverable kind twice');
  });

  it('derive a state from what is there, the due day and today', () => {
    expect(deliverableState(null, '2026-02-28', '2026-01-10')).toBe('untracked');
    expect(deliverableState({ done: 0, of: 1 }, '2026-02-28', '2026-02-28')).toBe('upcoming');
    expect(deliverableState({ done: 0, of: 1 }, '2026-02-28', '2026-03-01')).toBe('missing');
    expect(deliverableState({ done: 1, of: 1 }, '2026-02-28', '2026-01-10')).toBe('done');
    expect(deliverableState({ done: 2, of: 4 }, '2026-12-31', '2026-06-15')).toBe('partial');
    // A recurring deliverable with ended months and none done is missing before the phase ends.
    expect(deliverableState({ done: 0, of: 4, late: true }, '2026-12-31', '2026-06-15')).toBe('missing');
    expect(deliverableState({ done: 0, of: 0, late: false }, '2026-12-31', '2026-02-25')).toBe('upcoming');
  });
});
