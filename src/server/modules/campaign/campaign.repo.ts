import type { Db } from '../../platform/db/connection';
import {
  campaignConfigSchema,
  DEFAULT_ASSESSMENT_CONFIG,
  type CampaignResponse,
} from '../../../shared/campaign/campaign';

export interface CampaignRepository {
  getCampaign(today: string): Promise<CampaignResponse | null>;
}

interface ConfigRow {
  campaign_year: number;
  config_json: string;
}
interface PhaseRow {
  seq: number;
  name: string;
  name_en: string;
  starts_on: string;
  ends_on: string;
}

/** Campaign configuration (items, units, statuses) and the phases of the current campaign year. */
export function createCampaignRepository(db: Db): CampaignRepository {
  const configStatement = db.prepare<[], ConfigRow>(
    'SELECT campaign_year, config_json FROM campaign_config WHERE id = 1',
  );
  const phasesStatement = db.prepare<[], PhaseRow>('SELECT * FROM phases ORDER BY seq');
  // The configuration is parsed once per stored text, not on every request.
  let parsed: { text: string; config: ReturnType<typeof campaignConfigSchema.parse> } | null = null;
  return {
    async getCampaign(today) {
      const row = configStatement.get();
      if (!row) return null;
      if (parsed?.text !== row.config_json) {
        parsed = { text: row.config_json, config: campaignConfigSchema.parse(JSON.parse(row.config_json)) };
      }
      const config = parsed.config;
      const response: CampaignResponse = {
        campaign: {
          id: config.campaign.id,
          name: config.campaign.name,
          nameEn: config.campaign.nameEn,
          year: row.campaign_year,
          templateYear: config.campaign.templateYear,
        },
        groups: config.groups,
        items: config.items,
        units: config.units,
        phases: phasesStatement.all().map((phase) => ({
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
      return response;
    },
  };
}
