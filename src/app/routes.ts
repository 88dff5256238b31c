import type { Role } from '../shared/admin/auth';
import type { HttpMethod } from '../shared/campaign/authorization';
import { canCall } from '../lib/permissions';

export type Page =
  | 'map'
  | 'work'
  | 'big'
  | 'accounts'
  | 'audit'
  | 'login'
  | 'checks'
  | 'writeup'
  | 'weeklyReport'
  | 'monthlyReport'
  | 'annualReport'
  | 'plans'
  | 'planSummary'
  | 'import'
  | 'cases'
  | 'county'
  | 'supervisions'
  | 'meetings'
  | 'responsibility'
  | 'notifySettings'
  | 'flood'
  | 'registers';

export interface Route {
  page: Page;
  path: string;
  /** The user menu's link text (i18n key); pages without one are reached from elsewhere (sidebar, panel). */
  navLabel?: string;
  /**
   * Who may open the page and see its link: the API call it is built on, as the authorization matrix
   * (shared/campaign/authorization.ts) allows it. No gate: anyone the app shows the page to.
   */
  gate?: { method: HttpMethod; url: string };
}

/** The one route table (docs/architecture.md): the router, the user menu's links and the page gates read it. */
export const ROUTES: readonly Route[] = [
  { page: 'map', path: '/', navLabel: 'nav.map' },
  // 县（市）级: every town side by side.
  { page: 'county', path: '/county', navLabel: 'nav.county', gate: { method: 'GET', url: '/api/county/overview' } },
  { page: 'work', path: '/work', navLabel: 'nav.work', gate: { method: 'GET', url: '/api/my-tasks' } },
  // The quarter overview: the inspectors' worklist, and for leaders and units the quarter's results (read-only: a
  // check is recorded in the zone's panel, by who may record one).
  {
    page: 'checks',
    path: '/checks',
    navLabel: 'checksNav.overview',
    gate: { method: 'GET', url: '/api/checks' },
  },
  // 周报 (例会材料): printable, sent to the leaders' group by the campaign office.
  {
    page: 'weeklyReport',
    path: '/reports/weekly',
    navLabel: 'reports.weekly',
    gate: { method: 'GET', url: '/api/reports/weekly' },
  },
  {
    page: 'monthlyReport',
    path: '/reports/monthly',
    navLabel: 'reports.monthly',
    gate: { method: 'GET', url: '/api/reports/monthly' },
  },
  {
    page: 'annualReport',
    path: '/reports/annual',
    navLabel: 'reports.annual',
    gate: { method: 'GET', url: '/api/assessment' },
  },
  // Annual plans (整治计划): the units draft and submit theirs, the office reviews them; the town plan (汇总表) is
  // printable beside it.
  { page: 'plans', path: '/plans', navLabel: 'nav.plans', gate: { method: 'GET', url: '/api/plans' } },
  { page: 'planSummary', path: '/plans/summary', gate: { method: 'GET', url: '/api/plans/summary' } },
  // 台账: the plan's registers, a list per kind with its GIS export (everyone signed in reads them).
  { page: 'registers', path: '/registers', navLabel: 'nav.registers' },
  { page: 'cases', path: '/cases', navLabel: 'cases.nav', gate: { method: 'GET', url: '/api/cases' } },
  // 督办: every signed-in role reads them (GET /api/supervisions), so no gate.
  { page: 'supervisions', path: '/supervisions', navLabel: 'nav.supervisions' },
  { page: 'accounts', path: '/admin/accounts', navLabel: 'nav.accounts', gate: { method: 'GET', url: '/api/users' } },
  // The campaign office's notification rules, units' group robots and failed messages.
  {
    page: 'notifySettings',
    path: '/admin/notifications',
    navLabel: 'nav.notifySettings',
    gate: { method: 'PUT', url: '/api/notifications/rules' },
  },
  { page: 'audit', path: '/admin/audit', navLabel: 'nav.audit', gate: { method: 'GET', url: '/api/audit' } },
  { page: 'big', path: '/big' },
  // The printable 整治案件 write-up of one zone (?zone=).
  { page: 'writeup', path: '/reports/case' },
  { page: 'import', path: '/import', gate: { method: 'POST', url: '/api/imports' } },
  // The printable 防汛预案 (?doc=plan) and 灾后总结 (?doc=report&event=) of the flood view (everyone signed in).
  { page: 'flood', path: '/flood' },
  // 目标责任书: a unit's printable letter (?year=&unit=; a unit account its own), the office's signing table (every
  // signed-in role reads a letter, so no gate). Its menu link is in header-end.tsx (LATER_LINKS).
  { page: 'responsibility', path: '/reports/responsibility' },
  // 例会 and 专项工作会议 (?id= one meeting, printable as its 会议纪要): every signed-in role reads them (GET /api/meetings;
  // a unit the meetings it takes part in), so no gate. Its menu link is in header-end.tsx (LATER_LINKS).
  { page: 'meetings', path: '/meetings' },
  { page: 'login', path: '/login' },
];

const byPage = new Map(ROUTES.map((route) => [route.page, route]));
const byPath = new Map(ROUTES.map((route) => [route.path, route]));

/** The path of a page. */
export const pathOf = (page: Page): string => byPage.get(page)!.path;

/** The page at a path (the map for any other path: the server answers every page path with the app). */
export const pageOf = (pathname: string): Page => byPath.get(pathname)?.page ?? 'map';

/** Whether a role may open a page (and sees its link). */
export function mayOpen(page: Page, role: Role | null): boolean {
  const gate = byPage.get(page)?.gate;
  return !gate || canCall(role, gate.method, gate.url);
}

/** The user menu's links for a role, in the table's order. */
export const navRoutes = (role: Role | null): Route[] =>
  ROUTES.filter((route) => route.navLabel && mayOpen(route.page, role));
