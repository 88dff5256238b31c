import type { FastifyPluginAsync } from 'fastify';
import type { Repositories } from '../repositories/types';
import type { ClientConfig } from '../../shared/geo/basemap';
import type { AuthOptions } from './auth/guard';
import type { CampaignResponse } from '../../shared/campaign/campaign';
import type { TownDirectory } from './towns';

/** The storage interface, composed of the modules' repositories in src/server/repositories (a type only). */
export type { Repositories };

/** What every module receives: storage, client configuration and the clock. */
export interface RouteContext {
  /** Storage of the town the request runs in (platform/towns.ts). */
  repos: Repositories;
  /** The towns this deployment serves. */
  towns: TownDirectory;
  clientConfig: ClientConfig;
  /** The clock; injectable so tests can freeze time. */
  now(): Date;
  /** Today in Asia/Shanghai (YYYY-MM-DD), from `now`. */
  today(): string;
  auth: AuthOptions;
  /** The campaign configuration; 503 problem when none is loaded yet. */
  campaign(): Promise<CampaignResponse>;
}

/** The options of every module plugin: the shared context (and, per module, its own settings). */
export interface ModuleOptions {
  context: RouteContext;
}

/** A module of src/server/modules: an encapsulated Fastify plugin (docs/architecture.md). */
export type ServerModule<Options extends ModuleOptions = ModuleOptions> = FastifyPluginAsync<Options>;
