import type { FeatureCollection } from 'geojson';
import type { i18n as I18n } from 'i18next';
import {
  IMPORT_TARGETS,
  type FieldMapping,
  type ImportReportEntry,
  type ImportTarget,
} from '../../shared/gis/gis-import';

// The import page's pure helpers: the field-mapping guess and the bounding box of the preview (moved out of
// components/import-page.tsx as they were).

export type Box = [number, number, number, number];

/** Field names that usually mean a zone field (Chinese ledgers and the app's own exports). */
const GUESSES: Record<ImportTarget, RegExp> = {
  name: /^(name|名称|区域名称|zone_?name|mc)$/i,
  category: /^(item_?code|category|项目|整治项目|项目编号|itemcode)$/i,
  status: /^(status|status_?code|状态|statuscode)$/i,
  responsibleUnits: /^(resp_?units|responsible_?units|责任单位|responsibleunits)$/i,
  plannedStart: /^(plan_?start|planned_?start|开始|开始日期|计划开始|plannedstart)$/i,
  plannedEnd: /^(plan_?end|planned_?end|结束|结束日期|计划完成|plannedend)$/i,
  progress: /^(progress|进度)$/i,
  measures: /^(measures|措施|整治措施)$/i,
  notes: /^(notes|备注|note)$/i,
  village: /^(village|村|村（社区）|村社区)$/i,
};

export function guessMapping(fields: string[]): FieldMapping {
  const mapping: FieldMapping = {};
  for (const target of IMPORT_TARGETS) {
    const field = fields.find((candidate) => GUESSES[target].test(candidate.trim()));
    if (field) mapping[target] = field;
  }
  return mapping;
}

export function boxOf(collection: FeatureCollection): Box | null {
  let box: Box | null = null;
  const visit = (coordinates: unknown) => {
    if (!Array.isArray(coordinates)) return;
    if (typeof coordinates[0] === 'number') {
      const [x, y] = coordinates as [number, number];
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
      return;
    }
    for (const item of coordinates) visit(item);
  };
  for (const feature of collection.features) visit((feature.geometry as { coordinates?: unknown } | null)?.coordinates);
  return box;
}

export const onEarth = (box: Box | null): box is Box =>
  box !== null && box[0] >= -180 && box[2] <= 180 && box[1] >= -85 && box[3] <= 85;

/**
 * Why a feature of the validation report cannot be imported, in the user's words: a geometry reason
 * (`geometry.*`) or an import reason (`import.reasons.*`) with its numbers; a mixed collection names
 * its parts ("1 个面和 2 条线").
 */
export function importReasonText(
  { reason, params = {} }: Pick<ImportReportEntry, 'reason' | 'params'>,
  i18n: Pick<I18n, 't' | 'exists' | 'language'>,
): string {
  if (reason === null) return '';
  const parts = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
    (['areas', 'lines', 'points'] as const)
      .filter((kind) => (params[kind] ?? 0) > 0)
      .map((kind) => i18n.t(`import.parts.${kind}`, { count: params[kind] })),
  );
  const values = { ...params, parts };
  if (i18n.exists(`geometry.${reason}`)) return i18n.t(`geometry.${reason}`, values);
  if (i18n.exists(`import.reasons.${reason}`)) return i18n.t(`import.reasons.${reason}`, values);
  return reason;
}
