import { describe, expect, it } from 'vitest';
import { initI18n, loadMoreTexts, switchLanguage } from '../../lib/i18n';
import type { AuditEntry } from '../../shared/admin/audit';
import type { CampaignResponse } from '../../shared/campaign/campaign';
import { auditRowText } from './audit-rows';

const campaign = {
  units: [{ id: 'shuilizhan', name: '水利站', nameEn: 'Water station' }],
  items: [],
  zoneStatuses: [],
  taskStatuses: [],
} as unknown as CampaignResponse;

const accountEdit: AuditEntry = {
  id: '1',
  at: '2026-03-01T16:30:00.000Z',
  actorId: '1',
  actorUsername: 'admin',
  actorName: '创建办管理员',
  actorUnit: null,
  action: 'user_updated',
  targetType: 'user',
  targetId: '5',
  targetName: '李明明',
  outcome: 'ok',
  ip: '127.0.0.1',
  detail: {
    before: { displayName: '李明', role: 'unit', unit: 'shuilizhan' },
    after: { displayName: '李明明', role: 'planner', unit: null },
  },
};

describe('an audit row on the page (issue 16 item 10)', () => {
  it('speaks the shared zh-CN words the export writes, and English labels on request', async () => {
    await loadMoreTexts();
    const i18n = initI18n('zh-CN');
    const zh = auditRowText(accountEdit, i18n.t, 'zh-CN', campaign);
    expect([zh.action, zh.target, zh.outcome]).toEqual(['修改账号', '账号 李明明', '成功']);
    expect(zh.changes).toEqual(['姓名：李明 → 李明明', '角色：责任单位 → 规划人员', '所属单位：水利站 → —']);
    await switchLanguage(i18n, 'en');
    const en = auditRowText(accountEdit, i18n.t, 'en', campaign);
    expect([en.action, en.target]).toEqual(['Account changed', 'Account 李明明']);
    expect(en.changes[0]).toBe('Name：李明 → 李明明');
    const reset = auditRowText(
      { ...accountEdit, action: 'password_reset', detail: { passwordReset: true } },
      i18n.t,
      'en',
      campaign,
    );
    expect(reset.changes).toEqual(['Password reset']);
  });
});
