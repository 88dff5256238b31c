import campaignJson from '../../data/campaign.json';
import { instantiatePhases, type CampaignResponse } from '../shared/campaign/campaign';
import { campaignConfigSchema } from '../shared/campaign/campaign-config';

/** The campaign as `GET /api/campaign` answers it with the sample campaign file, on `today` (for client tests). */
export function sampleCampaign(today: string): CampaignResponse {
  const config = campaignConfigSchema.parse(campaignJson);
  const year = Number(today.slice(0, 4));
  return { ...config, campaign: { ...config.campaign, year }, phases: instantiatePhases(config.phases, year), today };
}
