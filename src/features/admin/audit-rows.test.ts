import { describe, expect, it } from 'vitest';
import { initI18n, loadMoreTexts } from '../../lib/i18n';
import type { AuditEntry } from '../../shared/admin/audit';
import type { CampaignResponse } from '../../shared/campaign/campaign';
import { auditCsv } from './audit-rows';

const campaign = {
  units: [{ id: 'shuilizhan', name: '水利站', nameEn: 'Water station' }],
  items: [],
  zoneStatuses: [
    { code: 'in_progress', name: '整治中' },
    { code: 'pending_acceptance', name: '待验收' },
  ],
  taskStatuses: [],
} as unknown as CampaignResponse;

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: '1',
  at: '2026-03-01T16:30:00.000Z',
  actorId: '5',
  actorUsername: 'water',
  actorName: '王水利',
  actorUnit: 'shuilizhan',
  action: 'zone_update',
  targetType: 'zone',
  targetId: '30',
  targetName: '=HYPERLINK("x")河道',
  outcome: 'ok',
  ip: '127.0.0.1',
  detail: { before: { status: 'in_progress', progress: 40 }, after: { status: 'pending_acceptance', progress: 60 } },
  ...patch,
});

describe('the audit export (issue 16 item 10)', () => {
  it('writes UTF-8 CSV with a BOM, Chinese columns, names and before → after, formulas guarded', async () => {
    await loadMoreTexts();
    const t = initI18n('zh-CN').getFixedT('zh-CN');
    const csv = auditCsv([entry({})], t, 'zh-CN', campaign);
    expect(csv.startsWith('\uFEFF时间,操作人,单位,操作,对象,变更\r\n')).toBe(true);
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain('2026/03/02 00:30:00');
    expect(row).toContain('王水利,水利站,修改整治区域');
    expect(row).toContain('状态：整治中 → 待验收；进度（%）：40 → 60');
    // The object starts with its type, so no formula; a name alone starting with = is guarded.
    expect(row).toContain('"整治区域 =HYPERLINK(""x"")河道"');
    const bare = auditCsv([entry({ targetType: null, actorName: '=1+1' })], t, 'zh-CN', campaign);
    expect(bare.split('\r\n')[1]).toContain(",'=1+1,");
    expect(csv).not.toMatch(/water|zone_update|in_progress|\{/);
  });
});
