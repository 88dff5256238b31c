import * as z from 'zod/mini';
import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import { addDays, isValidDay } from '../../../../shared/time/dates';
import type { FieldMapping, ImportDefaults, ImportValue } from '../../../../shared/gis/gis-import';
import { createZoneBodySchema, type CreateZoneBody, type ZoneGeometry } from '../../../../shared/zones/zone';
import { zodErrors } from '../../../platform/problem';

export type MappedZone = { ok: true; body: CreateZoneBody } | { ok: false; detail: string };

const text = (value: ImportValue | undefined) => (value === null || value === undefined ? '' : String(value).trim());

/** 2026-03-01, 2026/3/1, 2026.3.1, 20260301, 2026年3月1日 → YYYY-MM-DD; null when it is none of these. */
export function parseDay(value: string): string | null {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return null;
  const day = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isValidDay(day) ? day : null;
}

/**
 * One imported feature's attributes → the body of a zone create (POST /api/zones), by the mapping
 * (zone field → source field) and the defaults. Items, statuses and units are matched by code or
 * Chinese name; what cannot be matched is a reason for the validation report, never a guess.
 */
export function mapFeature(
  properties: Record<string, ImportValue>,
  geometry: ZoneGeometry,
  mapping: FieldMapping,
  defaults: ImportDefaults,
  context: { config: CampaignResponse; today: string; fallbackName: string },
): MappedZone {
  const { config } = context;
  const value = (target: keyof FieldMapping) => {
    const field = mapping[target];
    return field === undefined ? '' : text(properties[field]);
  };
  const problems: string[] = [];

  const name = (value('name') || context.fallbackName).slice(0, 80);

  let category = defaults.category ?? '';
  const itemText = value('category');
  if (itemText) {
    const item = config.items.find(
      (candidate) =>
        candidate.code.toLowerCase() === itemText.toLowerCase() ||
        candidate.name === itemText ||
        candidate.nameEn.toLowerCase() === itemText.toLowerCase(),
    );
    if (item) category = item.code;
    else problems.push(`unknown item "${itemText.slice(0, 40)}"`);
  } else if (!category) {
    problems.push('no item (整治项目): map a field or choose a default');
  }

  let status = defaults.status ?? 'not_started';
  const statusText = value('status');
  if (statusText) {
    const found = config.zoneStatuses.find(
      (candidate) =>
        candidate.code === statusText ||
        candidate.name === statusText ||
        candidate.nameEn.toLowerCase() === statusText.toLowerCase(),
    );
    if (found) status = found.code as typeof status;
    else problems.push(`unknown status "${statusText.slice(0, 40)}"`);
  }

  let responsibleUnits = defaults.responsibleUnits;
  const unitsText = value('responsibleUnits');
  if (unitsText) {
    responsibleUnits = [];
    for (const part of unitsText.split(/[、,，;；/\s]+/).filter(Boolean)) {
      const unit = config.units.find((candidate) => candidate.id === part || candidate.name === part);
      if (unit) responsibleUnits.push(unit.id);
      else problems.push(`unknown unit "${part.slice(0, 40)}"`);
    }
  }

  const day = (target: 'plannedStart' | 'plannedEnd', fallback: string) => {
    const raw = value(target);
    if (!raw) return defaults[target] ?? fallback;
    const parsed = parseDay(raw);
    if (!parsed)
      problems.push(
        `${target === 'plannedStart' ? 'planned start' : 'planned end'} "${raw.slice(0, 20)}" is not a date`,
      );
    return parsed ?? fallback;
  };
  const plannedStart = day('plannedStart', context.today);
  const plannedEnd = day('plannedEnd', addDays(plannedStart, 90));

  let progress: number | undefined;
  const progressText = value('progress').replace(/%$/, '');
  if (progressText) {
    const number = Number(progressText);
    if (!Number.isFinite(number) || number < 0 || number > 100)
      problems.push(`progress "${progressText.slice(0, 20)}" is not 0–100`);
    else progress = Math.round(number);
  }

  if (problems.length) return { ok: false, detail: problems.join('; ') };
  const candidate = {
    type: 'Feature',
    geometry,
    properties: {
      name,
      category,
      status,
      plannedStart,
      plannedEnd,
      ...(responsibleUnits ? { responsibleUnits } : {}),
      ...(progress !== undefined ? { progress } : {}),
      ...(mapping.measures ? { measures: value('measures') } : {}),
      ...(mapping.notes ? { notes: value('notes') } : {}),
      ...(mapping.village ? { village: value('village') || null } : {}),
    },
  };
  const parsed = createZoneBodySchema.safeParse(candidate);
  if (!parsed.success) {
    const error = zodErrors(parsed.error)[0];
    return {
      ok: false,
      detail: error ? `${error.path.replace(/^properties\./, '')}: ${error.message}` : 'invalid attributes',
    };
  }
  return { ok: true, body: parsed.data };
}

export const importQuerySchema = z.strictObject({
  encoding: z.optional(z.string()),
  crs: z.optional(z.string()),
  gcj02: z.optional(z.enum(['true', 'false'])),
  layer: z.optional(z.string()),
});
