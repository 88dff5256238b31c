import type { Repositories } from '../repos/types';
import type { ClientConfig } from '../../shared/basemap';
import type { AuthOptions } from '../auth/guard';

/** What every route module receives: storage, client configuration and the clock. */
export interface RouteContext {
  repos: Repositories;
  clientConfig: ClientConfig;
  /** Today in Asia/Shanghai (YYYY-MM-DD); injectable so tests can freeze time. */
  today(): string;
  auth: AuthOptions;
}
