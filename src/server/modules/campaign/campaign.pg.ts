import type { PgDb } from '../../platform/db/pg/pool';
import type { CampaignRepository } from './campaign.repo';
import { CAMPAIGN_SQL, campaignAnswerer, configParser, type ConfigRow, type PhaseRow } from './campaign.rows';

/** The PostgreSQL campaign repository (campaign.repo.ts is the SQLite one). */
export function createCampaignPgRepository(db: PgDb): CampaignRepository {
  const parse = configParser();
  const answer = campaignAnswerer(parse);
  return {
    async getCampaign(today) {
      const [config, phases] = await Promise.all([
        db.query<ConfigRow>(CAMPAIGN_SQL.config),
        db.query<PhaseRow>(CAMPAIGN_SQL.phases),
      ]);
      const row = config.rows[0];
      return row ? answer(row, phases.rows, today) : null;
    },
    async getConfig() {
      const row = (await db.query<ConfigRow>(CAMPAIGN_SQL.config)).rows[0];
      return row ? { config: parse(row), year: row.campaign_year } : null;
    },
  };
}
