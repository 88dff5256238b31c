import type { Db } from '../../platform/db/connection';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { CAMPAIGN_SQL, campaignAnswerer, type ConfigRow, type PhaseRow } from './campaign.rows';

export interface CampaignRepository {
  getCampaign(today: string): Promise<CampaignResponse | null>;
}

/** Campaign configuration (items, units, statuses) and the phases of the current campaign year. */
export function createCampaignRepository(db: Db): CampaignRepository {
  const configStatement = db.prepare<[], ConfigRow>(CAMPAIGN_SQL.config);
  const phasesStatement = db.prepare<[], PhaseRow>(CAMPAIGN_SQL.phases);
  const answer = campaignAnswerer();
  return {
    async getCampaign(today) {
      const row = configStatement.get();
      return row ? answer(row, phasesStatement.all(), today) : null;
    },
  };
}
