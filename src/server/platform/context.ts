import type { Repositories } from '../repositories/types';
import type { ClientConfig } from '../../shared/geo/basemap';
import type { AuthOptions } from './auth/guard';
import type { CampaignResponse } from '../../shared/campaign/campaign';

/** What every route module receives: storage, client configuration and the clock. */
export interface RouteContext {
  repos: Repositories;
  clientConfig: ClientConfig;
  /** Today in Asia/Shanghai (YYYY-MM-DD); injectable so tests can freeze time. */
  today(): string;
  auth: AuthOptions;
  /** The campaign configuration; 503 problem when none is loaded yet. */
  campaign(): Promise<CampaignResponse>;
}
