import { DEFAULT_ASSESSMENT_CONFIG, type CampaignResponse } from '../../../shared/campaign/campaign';
import { campaignConfigSchema, type CampaignConfig } from '../../../shared/campaign/campaign-config';

/** Rows of campaign_config and phases, and the campaign answer built from them (SQLite and PostgreSQL). */
export interface ConfigRow {
  campaign_year: number;
  config_json: string;
}
export interface PhaseRow {
  seq: number;
  name: string;
  name_en: string;
  starts_on: string;
  ends_on: string;
}

export function toCampaignResponse(
  config: CampaignConfig,
  year: number,
  phases: readonly PhaseRow[],
  today: string,
): CampaignResponse {
  return {
    campaign: {
      id: config.campaign.id,
      name: config.campaign.name,
      nameEn: config.campaign.nameEn,
      year,
      templateYear: config.campaign.templateYear,
    },
    groups: config.groups,
    items: config.items,
    units: config.units,
    phases: phases.map((phase) => ({
      seq: phase.seq,
      name: phase.name,
      nameEn: phase.name_en,
      startsOn: phase.starts_on,
      endsOn: phase.ends_on,
    })),
    zoneStatuses: config.zoneStatuses,
    taskStatuses: config.taskStatuses,
    overdueColor: config.overdueColor,
    notApplicableColor: config.notApplicableColor,
    assessment: config.assessment ?? DEFAULT_ASSESSMENT_CONFIG,
    today,
  };
}

/** The statements of the campaign repositories (the same text on both engines). */
export const CAMPAIGN_SQL = {
  config: 'SELECT campaign_year, config_json FROM campaign_config WHERE id = 1',
  phases: 'SELECT * FROM phases ORDER BY seq',
};

/** The stored configuration, parsed once per stored text, not on every request. */
export function configParser(): (row: ConfigRow) => CampaignConfig {
  let parsed: { text: string; config: CampaignConfig } | null = null;
  return (row) => {
    if (parsed?.text !== row.config_json) {
      parsed = { text: row.config_json, config: campaignConfigSchema.parse(JSON.parse(row.config_json)) };
    }
    return parsed.config;
  };
}

/** The campaign answer from the stored rows. */
export function campaignAnswerer(
  parse: (row: ConfigRow) => CampaignConfig = configParser(),
): (row: ConfigRow, phases: readonly PhaseRow[], today: string) => CampaignResponse {
  return (row, phases, today) => toCampaignResponse(parse(row), row.campaign_year, phases, today);
}
