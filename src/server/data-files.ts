import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { campaignConfigSchema, type CampaignConfig } from '../shared/campaign';
import { basemapFileSchema, placesFileSchema, sampleZonesFileSchema } from '../shared/sample-data';
import type { SampleData } from './db/seed';

/** The repository's data/ folder (committed configuration and sample data). */
export const DATA_FOLDER = fileURLToPath(new URL('../../data/', import.meta.url));

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Read and validate data/campaign.json; throws with the zod issues if it is malformed. */
export function loadCampaignConfig(folder = DATA_FOLDER): CampaignConfig {
  return campaignConfigSchema.parse(readJson(path.join(folder, 'campaign.json')));
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
