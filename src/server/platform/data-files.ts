import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import Papa from 'papaparse';
import { problemCodeSchema, type ProblemCode } from '../../shared/cases/case';
import { campaignConfigSchema, type CampaignConfig } from '../../shared/campaign/campaign-config';
import { basemapFileSchema, placesFileSchema, sampleZonesFileSchema } from '../../shared/campaign/sample-data';
import type { SampleData } from './db/seed';
import { checklistProblems, checklistSchema, type Checklist } from '../../shared/checklists/checklists';

/** The repository's data/ folder (committed configuration and sample data). */
export const DATA_FOLDER = fileURLToPath(new URL('../../../data/', import.meta.url));

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Read and validate data/campaign.json; throws with the zod issues if it is malformed. */
export function loadCampaignConfig(folder = DATA_FOLDER): CampaignConfig {
  return campaignConfigSchema.parse(readJson(path.join(folder, 'campaign.json')));
}

/**
 * Read and validate the 评分细则 in data/checklists/<item>.json against the campaign in the same folder: the
 * schema (weights add up to 100, ids unique), the file named after its item, and every check citing the item's
 * 整治要求. Throws naming the file and every problem, so a bad sheet stops the start-up.
 */
export function loadChecklists(folder = DATA_FOLDER): Checklist[] {
  const items = loadCampaignConfig(folder).items;
  const checklistFolder = path.join(folder, 'checklists');
  const files = readdirSync(checklistFolder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return files.map((name) => {
    const parsed = checklistSchema.safeParse(readJson(path.join(checklistFolder, name)));
    if (!parsed.success)
      throw new Error(
        `checklists/${name}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    const problems = checklistProblems(parsed.data, items);
    if (`${parsed.data.item}.json` !== name) problems.push(`the file of item ${parsed.data.item} is named ${name}`);
    if (problems.length) throw new Error(`checklists/${name}: ${problems.join('; ')}`);
    return parsed.data;
  });
}

/** Read and validate the illustrative sample data in data/sample/. */
export function loadSampleData(folder = DATA_FOLDER): SampleData {
  const sampleFolder = path.join(folder, 'sample');
  return {
    zones: sampleZonesFileSchema.parse(readJson(path.join(sampleFolder, 'zones.json'))).zones,
    basemap: basemapFileSchema.parse(readJson(path.join(sampleFolder, 'basemap.geojson'))).features,
    places: placesFileSchema.parse(readJson(path.join(sampleFolder, 'places.json'))).places,
  };
}

/**
 * Read and validate data/problem-codes.csv (the 数字城管 code list: code, kind, 大类, name, legacy label, default
 * 处置时限, generator weight, default unit, provenance). Throws naming the line if a row is malformed.
 */
export function loadProblemCodes(folder = DATA_FOLDER): ProblemCode[] {
  const text = readFileSync(path.join(folder, 'problem-codes.csv'), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) {
    throw new Error(
      `problem-codes.csv: ${parsed.errors.map((error) => `row ${error.row}: ${error.message}`).join('; ')}`,
    );
  }
  const seen = new Set<string>();
  return parsed.data.map((row, index) => {
    const result = problemCodeSchema.safeParse({
      code: row.code,
      kind: row.kind,
      majorCode: row.major_code,
      majorName: row.major_name,
      name: row.name,
      legacyMajor: row.legacy_major ?? '',
      legacyLabel: row.legacy_label ?? '',
      timeLimitHours: Number(row.time_limit_hours),
      weight: Number(row.weight),
      defaultUnit: row.default_unit ?? '',
      source: row.source,
    });
    if (!result.success) {
      throw new Error(
        `problem-codes.csv line ${index + 2}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    if (seen.has(result.data.code))
      throw new Error(`problem-codes.csv line ${index + 2}: duplicate code ${result.data.code}`);
    if (!result.data.code.startsWith(result.data.majorCode)) {
      throw new Error(
        `problem-codes.csv line ${index + 2}: code ${result.data.code} is not in 大类 ${result.data.majorCode}`,
      );
    }
    seen.add(result.data.code);
    return result.data;
  });
}
