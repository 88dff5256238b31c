import { describe, expect, it } from 'vitest';
import { auditLines, auditLineText } from './audit-changes';

const names = {
  units: [
    { id: 'shuilizhan', name: '水利站', nameEn: 'Water station' },
    { id: 'jianguansuo', name: '建管所', nameEn: 'Building office' },
  ],
  items: [{ code: '07002', name: '河道整治' }],
  zoneStatuses: [
    { code: 'in_progress', name: '整治中' },
    { code: 'pending_acceptance', name: '待验收' },
  ],
  taskStatuses: [
    { code: 'in_progress', name: '整治中' },
    { code: 'pending_acceptance', name: '待验收' },
  ],
} as unknown as Parameters<typeof auditLines>[2];

const text = (lines: ReturnType<typeof auditLines>) =>
  lines.map((line) => auditLineText(line, (key, values) => `${key}${values ? JSON.stringify(values) : ''}`));

describe('audit entries in words (issue 16 item 10)', () => {
  it('shows a zone edit as field labels with before → after, codes as names', () => {
    const lines = auditLines(
      {
        version: 3,
        changed: ['status', 'progress', 'responsibleUnits', 'category', 'geometry'],
        before: {
          status: 'in_progress',
          progress: 40,
          responsibleUnits: ['shuilizhan'],
          category: '07002',
          geometry: '(geometry)',
        },
        after: {
          status: 'pending_acceptance',
          progress: 60,
          responsibleUnits: ['shuilizhan', 'jianguansuo'],
          category: '07002',
          geometry: '(geometry)',
        },
      },
      'zone',
      names,
    );
    expect(text(lines)).toEqual([
      '状态：整治中 → 待验收',
      '进度（%）：40 → 60',
      '责任单位：水利站 → 水利站、建管所',
      '整治项目：河道整治 → 河道整治',
      'geometry',
    ]);
  });

  it('shows a task status change and its reason; a login failure as a sentence, never the stored code', () => {
    expect(
      text(auditLines({ from: 'in_progress', to: 'pending_acceptance', reason: '已清理' }, 'task', names)),
    ).toEqual(['状态：整治中 → 待验收', 'reason{"reason":"已清理"}']);
    expect(text(auditLines({ reason: 'wrong password' }, null, names))).toEqual(['wrongPassword']);
    expect(text(auditLines(null, null, names))).toEqual(['none']);
  });
});
