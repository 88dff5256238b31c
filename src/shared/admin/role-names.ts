import type { Role } from './auth';

/**
 * The roles' names in zh-CN: the one source for the UI (i18n `roles`; English in en.json) and the audit
 * log; apart from auth.ts so the first JavaScript carries only these words.
 */
export const ROLE_NAMES: Record<Role, string> = {
  leader: '镇领导',
  admin: '创建办管理员',
  planner: '规划人员',
  unit: '责任单位',
  inspector: '督查考核',
  county: '县（市）级',
};
