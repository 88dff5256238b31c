import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { campaignConfigSchema, campaignYearFor, instantiatePhases } from './campaign';

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
});
