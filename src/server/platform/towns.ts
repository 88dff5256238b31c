import { AsyncLocalStorage } from 'node:async_hooks';

/** A town of the deployment: its code (schema `town_<code>` on PostgreSQL; never shown to users) and its name. */
export interface Town {
  code: string;
  name: string;
}

/** The sample town: the one town of the SQLite default, and the town demo mode seeds on PostgreSQL. */
export const SAMPLE_TOWN: Town = { code: 'jinxi', name: '锦溪镇' };

/**
 * The towns one deployment serves. On SQLite there is one (the data folder); on PostgreSQL the registry
 * `platform.towns` (src/server/platform/db/pg/towns.ts), filled by `npm run town -- add`.
 */
export interface TownDirectory {
  /** The town of a request that names none (TOWN, default jinxi). */
  defaultTown: string;
  list(): Promise<Town[]>;
  find(code: string): Promise<Town | null>;
}

/** One town only: the SQLite default, and tests that need no registry. */
export function singleTownDirectory(town: Town): TownDirectory {
  return {
    defaultTown: town.code,
    list: async () => [town],
    find: async (code) => (code === town.code ? town : null),
  };
}

/** The town a request (or a piece of work) runs in; mutable so the auth hook can settle it once per request. */
export interface TownScope {
  town: string;
}

const scopes = new AsyncLocalStorage<TownScope>();

/** The town of the work under way, or null outside any (start-up, tests that open a town directly). */
export const currentTown = (): string | null => scopes.getStore()?.town ?? null;

/** The scope of the work under way, to settle its town (the auth hook, login). */
export const currentTownScope = (): TownScope | undefined => scopes.getStore();

/** Run `fn` in `town`: every PostgreSQL transaction inside enters that town's schema and role. */
export function runInTown<T>(town: string, fn: () => T): T {
  return scopes.run({ town }, fn);
}

/** Run `fn` (a Fastify hook's `done`) inside `scope`, so the rest of the request keeps it. */
export function runInTownScope(scope: TownScope, fn: () => void): void {
  scopes.run(scope, fn);
}
