import type { Db } from '../../platform/db/connection';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { CampaignConfig } from '../../../shared/campaign/campaign-config';
import { CAMPAIGN_SQL, campaignAnswerer, configParser, type ConfigRow, type PhaseRow } from './campaign.rows';

export interface CampaignRepository {
  getCampaign(today: string): Promise<CampaignResponse | null>;
  /** The stored configuration file and its campaign year (the phases' deliverables live there); null before seeding. */
  getConfig(): Promise<{ config: CampaignConfig; year: number } | null>;
}

/** Campaign configuration (items, units, statuses) and the phases of the current campaign year. */
export function createCampaignRepository(db: Db): CampaignRepository {
  const configStatement = db.prepare<[], ConfigRow>(CAMPAIGN_SQL.config);
  const phasesStatement = db.prepare<[], PhaseRow>(CAMPAIGN_SQL.phases);
  const parse = configParser();
  const answer = campaignAnswerer(parse);
  return {
    async getCampaign(today) {
      const row = configStatement.get();
      return row ? answer(row, phasesStatement.all(), today) : null;
    },
    async getConfig() {
      const row = configStatement.get();
      return row ? { config: parse(row), year: row.campaign_year } : null;
    },
  };
}
