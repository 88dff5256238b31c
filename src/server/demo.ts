import type { Repositories } from './repositories/types';
import type { Role } from '../shared/admin/auth';
import type { Unit } from '../shared/campaign/campaign';
import type { DemoUnitAccount } from '../shared/geo/basemap';
import { hashPassword } from './platform/auth/passwords';

/** The demo password, shown in README and on the login page in demo mode only. */
export const DEMO_PASSWORD = 'jinxi-demo';

type DemoAccount = { username: string; displayName: string; role: Role; unit: string | null };

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'leader', displayName: '镇领导（演示）', role: 'leader', unit: null },
  { username: 'admin', displayName: '创建办管理员（演示）', role: 'admin', unit: null },
  { username: 'planner', displayName: '规划人员（演示）', role: 'planner', unit: null },
  { username: 'inspector', displayName: '纪委督查（演示）', role: 'inspector', unit: null },
  { username: 'water', displayName: '水利站（演示）', role: 'unit', unit: 'shuilizhan' },
  { username: 'jianguan', displayName: '建管所（演示）', role: 'unit', unit: 'jianguansuo' },
  { username: 'chengguan', displayName: '城管中队（演示）', role: 'unit', unit: 'chengguanzhongdui' },
  { username: 'county', displayName: '县（市）级（演示）', role: 'county', unit: null },
];

/** One demo account per 社区 and 村 of the campaign: the unit's id is the username (the login page lists them). */
export function demoUnitAccounts(units: readonly Unit[]): DemoUnitAccount[] {
  return units.flatMap((unit) =>
    unit.kind === 'community' || unit.kind === 'village'
      ? [{ username: unit.id, unit: unit.id, name: unit.name, nameEn: unit.nameEn, kind: unit.kind }]
      : [],
  );
}

/**
 * Create the demo accounts (one per role, and one per 社区 and 村 of `units`) when the database has no accounts at
 * all (demo mode only).
 */
export async function seedDemoAccounts(repos: Repositories, units: readonly Unit[]): Promise<boolean> {
  if ((await repos.users.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const local = demoUnitAccounts(units).map((account): DemoAccount => ({
    username: account.username,
    displayName: `${account.name}（演示）`,
    role: 'unit',
    unit: account.unit,
  }));
  for (const account of [...DEMO_ACCOUNTS, ...local]) {
    await repos.users.create({ ...account, passwordHash, demo: true });
  }
  return true;
}
