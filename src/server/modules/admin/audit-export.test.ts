import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { parseCsv } from '../../../testing/csv';
import { AUDIT_EXPORT_MAX, auditPageSchema } from '../../../shared/admin/audit';
import { sessionUserSchema } from '../../../shared/admin/auth';

/** The audit export (issue 16 item 10) over real HTTP, opened back with exceljs and parsed as CSV. */
let server: TestServer;
let admin: string;
let inspector: string;
let zone: { id: number; name: string };
const userId = (username: string) =>
  (server.db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }).id;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  inspector = await server.login('inspector');
  zone = server.db.prepare('SELECT id, name FROM zones ORDER BY id LIMIT 1').get() as { id: number; name: string };
  const insert = server.db.prepare(
    `INSERT INTO audit_log (at, actor_user_id, actor_username, action, target_type, target_id, outcome, ip, detail_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, '127.0.0.1', ?)`,
  );
  // Asia/Shanghai 2026-03-02: a zone edit with before → after, a rework with its reason, a refusal.
  insert.run(
    '2026-03-01T16:30:00.000Z',
    userId('planner'),
    'planner',
    'zone_update',
    'zone',
    String(zone.id),
    'ok',
    JSON.stringify({
      before: { status: 'in_progress', progress: 40 },
      after: { status: 'pending_acceptance', progress: 60 },
    }),
  );
  insert.run(
    '2026-03-01T17:00:00.000Z',
    userId('water'),
    'water',
    'task_reject',
    'task',
    '999999',
    'ok',
    JSON.stringify({ from: 'pending_acceptance', to: 'in_progress', reason: '=HYPERLINK("http://x") 垃圾未清' }),
  );
  insert.run('2026-03-01T18:00:00.000Z', userId('water'), 'water', 'denied_write', null, null, 'denied', null);
  // The day before, outside the filter.
  insert.run('2026-03-01T15:00:00.000Z', userId('water'), 'water', 'photo_uploaded', 'photo', '9', 'ok', null);
});
afterAll(async () => {
  await server.close();
});

const DAY = 'from=2026-03-02&to=2026-03-02';
const HEADER = ['时间', '操作人', '单位', '操作', '对象', '结果', '变更', '理由'];

const exportOf = (search: string, cookie = inspector) => server.request(`/api/audit/export?${search}`, { cookie });

async function listed(search: string) {
  const answer = await server.request(`/api/audit?${search}&limit=500`, { cookie: inspector });
  return auditPageSchema.parse(await answer.json()).entries;
}

describe('the audit export (issue 16 item 10)', () => {
  it('writes the filtered entries as CSV: BOM, Chinese columns, the page’s words, formulas guarded', async () => {
    const answer = await exportOf(`format=csv&${DAY}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''%E6%93%8D%E4%BD%9C%E6%97%A5%E5%BF%97-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const bytes = Buffer.from(await answer.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(HEADER);
    const entries = await listed(DAY);
    expect(rows.length - 1).toBe(entries.length);
    expect(rows.slice(1).map((row) => row[3])).toEqual(['越权操作被拒绝', '验收不通过（返工）', '修改整治区域']);
    const [denied, rework, edit] = rows.slice(1);
    expect(edit).toEqual([
      '2026-03-02 00:30:00',
      '规划人员（演示）',
      '—',
      '修改整治区域',
      `整治区域 ${zone.name}`,
      '成功',
      '状态：整治中 → 待验收\n进度（%）：40 → 60',
      '',
    ]);
    expect(rework!.slice(1, 3)).toEqual(['水利站（演示）', '水利站']);
    expect(rework![6]).toBe('状态：待验收 → 进行中');
    expect(rework![7]).toBe(`'=HYPERLINK("http://x") 垃圾未清`);
    expect(denied![5]).toBe('拒绝');
    expect(bytes.toString('utf8')).not.toMatch(/planner|water|zone_update|task_reject|in_progress|\{/);
  });

  it('writes the same rows to a workbook, below a header block naming the filters', async () => {
    const search = `format=xlsx&${DAY}&unit=shuilizhan`;
    const answer = await exportOf(search);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(answer.headers.get('content-disposition')).toContain("filename*=UTF-8''%E6%93%8D%E4%BD%9C");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await answer.arrayBuffer());
    const sheet = workbook.getWorksheet('操作日志')!;
    expect(String(sheet.getCell('A2').value)).toBe('筛选条件：单位 水利站；日期 2026-03-02 至 2026-03-02');
    expect(String(sheet.getCell('A3').value)).toMatch(/^生成时间：.*（北京时间）；共 2 条$/);
    const values = (row: number) =>
      HEADER.map((_, column) => {
        const cell = sheet.getRow(row).getCell(column + 1);
        expect(cell.formula).toBeUndefined();
        return cell.value === null ? '' : String(cell.value);
      });
    expect(values(5)).toEqual(HEADER);
    const entries = await listed(`${DAY}&unit=shuilizhan`);
    expect(entries.map((entry) => entry.action)).toEqual(['denied_write', 'task_reject']);
    expect(values(6)[3]).toBe('越权操作被拒绝');
    expect(values(7)).toEqual([
      '2026-03-02 01:00:00',
      '水利站（演示）',
      '水利站',
      '验收不通过（返工）',
      '整治任务',
      '成功',
      '状态：待验收 → 进行中',
      '=HYPERLINK("http://x") 垃圾未清',
    ]);
    expect(sheet.rowCount).toBe(5 + entries.length);
  });

  it('answers 400 problem+json for a bad format or filter, 403 for roles that cannot read the log', async () => {
    for (const search of ['format=pdf', '', `format=csv&from=2026-13-01`, 'format=xlsx&colour=red']) {
      const answer = await exportOf(search);
      expect(answer.status, search).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(((await answer.json()) as { detail: string }).detail, search).toBeTruthy();
    }
    expect((await exportOf('format=csv', await server.login('water'))).status).toBe(403);
    expect((await server.request('/api/audit/export?format=csv')).status).toBe(401);
  });
  it('exports up to AUDIT_EXPORT_MAX entries page by page, each once; refuses more with 422 saying how many', async () => {
    const insert = server.db.prepare(
      `INSERT INTO audit_log (at, actor_user_id, actor_username, action, outcome, detail_json)
       VALUES (?, NULL, NULL, 'denied_write', 'denied', ?)`,
    );
    server.db.transaction(() => {
      for (let n = 0; n < AUDIT_EXPORT_MAX; n += 1) insert.run('2024-06-01T04:00:00.000Z', `{"reason":"第${n}次"}`);
      insert.run('2024-06-02T04:00:00.000Z', '{"reason":"再一次"}');
    })();
    const full = await exportOf('format=csv&from=2024-06-01&to=2024-06-01');
    expect(full.status).toBe(200);
    const reasons = parseCsv((await full.text()).replace(/^\uFEFF/, ''))
      .slice(1)
      .map((row) => row[7]);
    expect(reasons).toHaveLength(AUDIT_EXPORT_MAX);
    expect(new Set(reasons).size).toBe(AUDIT_EXPORT_MAX);
    expect([reasons[0], reasons.at(-1)]).toEqual([`第${AUDIT_EXPORT_MAX - 1}次`, '第0次']);

    const answer = await exportOf('format=xlsx&from=2024-06-01&to=2024-06-02');
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await answer.json()).toMatchObject({ count: AUDIT_EXPORT_MAX + 1, max: AUDIT_EXPORT_MAX });
  });
});

describe('account edits in the log (issue 16 item 10)', () => {
  it('records the changed fields before → after, a reset only as 密码已重置, and shows them in words', async () => {
    const created = await server.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: {
        username: 'li.ming',
        displayName: '李明',
        role: 'unit',
        unit: 'shuilizhan',
        password: 'a-long-password-1',
      },
    });
    expect(created.status).toBe(201);
    const user = sessionUserSchema.parse(await created.json());
    const edited = await server.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      cookie: admin,
      headers: { 'if-match': created.headers.get('etag')! },
      json: { displayName: '李明明', role: 'planner', unit: null },
    });
    expect(edited.status).toBe(200);
    const disabled = await server.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      cookie: admin,
      headers: { 'if-match': edited.headers.get('etag')! },
      json: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    const reset = await server.request(`/api/users/${user.id}/password`, {
      method: 'POST',
      cookie: admin,
      json: { newPassword: 'another-long-password' },
    });
    expect(reset.status).toBe(204);

    const stored = (
      server.db
        .prepare("SELECT action, detail_json FROM audit_log WHERE target_type = 'user' AND target_id = ? ORDER BY id")
        .all(user.id) as { action: string; detail_json: string }[]
    ).map((row) => [row.action, JSON.parse(row.detail_json)]);
    expect(stored.slice(1)).toEqual([
      [
        'user_updated',
        {
          before: { displayName: '李明', role: 'unit', unit: 'shuilizhan' },
          after: { displayName: '李明明', role: 'planner', unit: null },
        },
      ],
      ['user_disabled', { before: { disabled: false }, after: { disabled: true } }],
      ['password_reset', { passwordReset: true }],
    ]);
    expect(JSON.stringify(stored)).not.toMatch(/password-|passwordHash|scrypt|argon/i);

    const answer = await exportOf('format=csv&targetType=user', admin);
    const rows = parseCsv((await answer.text()).replace(/^\uFEFF/, ''));
    const ofUser = rows.filter((row) => row[4] === '账号 李明明');
    expect(ofUser.map((row) => [row[3], row[6]])).toEqual([
      ['重置密码', '密码已重置'],
      ['停用账号', '状态：正常 → 已停用'],
      ['修改账号', '姓名：李明 → 李明明\n角色：责任单位 → 规划人员\n所属单位：水利站 → —'],
      ['新建账号', '新建\n姓名：— → 李明\n角色：— → 责任单位\n所属单位：— → 水利站'],
    ]);
  });

  it('still reads older entries that stored the whole account before and after: only what differs', async () => {
    const whole = { id: '7', username: 'zhao', displayName: '赵六', role: 'unit', unit: 'shuilizhan', disabled: false };
    server.db
      .prepare(
        `INSERT INTO audit_log (at, actor_user_id, actor_username, action, target_type, target_id, outcome, detail_json)
         VALUES ('2025-01-05T02:00:00.000Z', ?, 'admin', 'user_updated', 'user', '999998', 'ok', ?)`,
      )
      .run(userId('admin'), JSON.stringify({ before: whole, after: { ...whole, displayName: '赵六六', version: 2 } }));
    const answer = await exportOf('format=csv&from=2025-01-05&to=2025-01-05', admin);
    const rows = parseCsv((await answer.text()).replace(/^\uFEFF/, ''));
    expect(rows.slice(1).map((row) => [row[3], row[4], row[6]])).toEqual([['修改账号', '账号', '姓名：赵六 → 赵六六']]);
  });
});
