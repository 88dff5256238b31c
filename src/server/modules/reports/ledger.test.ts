import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { parseCsv } from '../../../testing/csv';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { addDays } from '../../../shared/time/dates';
import type { Task, ZoneCollection, ZoneFeature } from '../../../shared/zones/zone';
import type { Photo } from '../../../shared/photos/photo';

/** The ledger (台帐) workbook and CSV over real HTTP, opened back with exceljs and parsed cell by cell. */
let server: TestServer;
const cookies: Record<string, string> = {};
const HERE = { lon: 120.921, lat: 31.171 };
/** About 4 m north-east of HERE. */
const NEAR = { lon: 120.92103, lat: 31.17103 };
const MEASURES = '一、清掏雨水口，"汛前"完成\n二、新建泵站, 扩容管网';
const ZONE_NAME = '台帐测试片区（长寿路北）';
let zone: ZoneFeature;
let tasks: Task[] = [];
let photos: Photo[] = [];
const INJECTIONS = ['=HYPERLINK("http://evil","点我")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3'];

async function createZone(name: string, measures = '', category = 'R4'): Promise<ZoneFeature> {
  const response = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.planner,
    json: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [120.905 + Math.random() * 0.01, 31.175 + Math.random() * 0.01] },
      properties: {
        name,
        category,
        measures,
        village: '上下塘社区',
        responsibleUnits: ['jianguansuo', 'chengguanzhongdui'],
        plannedStart: '2026-05-01',
        plannedEnd: '2026-09-30',
      },
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as ZoneFeature;
}

async function upload(fields: Record<string, string>, bytes: Buffer): Promise<Photo> {
  const response = await server.request(`/api/zones/${zone.id}/photos`, {
    method: 'POST',
    cookie: cookies.planner,
    body: photoForm(fields, [{ bytes }]),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { photos: Photo[] }).photos[0]!;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['planner', 'leader', 'water']) cookies[name] = await server.login(name);
  zone = await createZone(ZONE_NAME, MEASURES);
  for (const [title, measures, dueDate] of [
    ['清掏雨水口', '汛前全部清掏，"一口一档"', addDays(server.today, 20)],
    ['新建排水泵站', '', addDays(server.today, -3)],
  ] as const) {
    const response = await server.request(`/api/zones/${zone.id}/tasks`, {
      method: 'POST',
      cookie: cookies.planner,
      json: { title, measures, assignedUnit: 'shuilizhan', dueDate },
    });
    expect(response.status).toBe(201);
    tasks.push((await response.json()) as Task);
  }
  const before = await upload(
    { phase: 'before', taskId: tasks[0]!.id, referenceObject: '泵站东侧墙' },
    await makeTestPhoto({ position: HERE, width: 640, height: 480 }),
  );
  const after = await upload(
    { phase: 'after', taskId: tasks[0]!.id, referenceObject: '泵站东侧墙' },
    await makeTestPhoto({ position: NEAR, width: 480, height: 640 }),
  );
  const lone = await upload({ phase: 'before', taskId: tasks[1]!.id }, await makeTestPhoto({ width: 64, height: 48 }));
  photos = [before, after, lone];
  tasks = await Promise.all(
    tasks.map(
      async (task) =>
        (await (await server.request(`/api/tasks/${task.id}`, { cookie: cookies.planner })).json()) as Task,
    ),
  );
  for (const name of INJECTIONS) await createZone(name, '\t=1+1');
});
afterAll(async () => {
  await server.close();
});

async function download(path: string, as = 'leader') {
  const response = await server.request(path, { cookie: cookies[as] });
  expect(response.status, response.status === 200 ? '' : await response.clone().text()).toBe(200);
  return response;
}
async function workbookOf(path: string, as = 'leader') {
  const response = await download(path, as);
  expect(response.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return { workbook, response };
}
/** Column number (1-based) of a header in row 7. */
function columnOf(sheet: ExcelJS.Worksheet, header: string): number {
  const values = sheet.getRow(7).values as unknown[];
  const index = values.indexOf(header);
  expect(index, `column ${header}`).toBeGreaterThan(0);
  return index;
}
function rowOf(sheet: ExcelJS.Worksheet, zoneName: string): number {
  const column = columnOf(sheet, '整治区域');
  for (let row = 8; row <= sheet.rowCount; row += 1) if (sheet.getCell(row, column).value === zoneName) return row;
  throw new Error(`no row for ${zoneName}`);
}
const zoneNamesOf = (sheet: ExcelJS.Worksheet) => {
  const column = columnOf(sheet, '整治区域');
  const names: string[] = [];
  for (let row = 8; row <= sheet.rowCount; row += 1) {
    const value = sheet.getCell(row, column).value;
    if (typeof value === 'string') names.push(value);
  }
  return names;
};
const day = (value: string) => new Date(`${value}T00:00:00Z`);

describe('the ledger workbook (台帐.xlsx)', () => {
  it('has one sheet per item with a header block, a frozen header row, an autofilter and an RFC 5987 file name', async () => {
    const { workbook, response } = await workbookOf('/api/reports/ledger.xlsx');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="ledger-${server.today}.xlsx"; filename*=UTF-8''${encodeURIComponent('台帐')}-${server.today}.xlsx`,
    );
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual(['R3 整治镇区河道环境', 'R4 整治低洼易淹易涝片区', 'R6 整治农贸市场', 'S2 规范户外广告设置']);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
    const sheet = workbook.getWorksheet('R4 整治低洼易淹易涝片区')!;
    expect(sheet.getCell('A1').value).toBe('锦溪镇环境综合整治行动 台帐');
    expect(sheet.getCell('A2').value).toBe('整治项目：R4 整治低洼易淹易涝片区');
    expect(sheet.getCell('A3').value).toBe('筛选条件：无（全部整治区域）');
    // The clock is frozen at 2026-06-15T04:00Z: noon in Shanghai.
    expect(sheet.getCell('A4').value).toBe('生成时间：2026-06-15 12:00（北京时间）');
    expect(sheet.getCell('A5').value).toMatch(/^示例数据/);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
    expect(sheet.autoFilter).toBe(`A7:X${sheet.rowCount}`);
    expect(sheet.getRow(7).values).toEqual([
      undefined,
      '序号',
      '整治项目',
      '整治区域',
      '村（社区）',
      '牵头单位',
      '责任单位',
      '计划开始',
      '计划完成',
      '区域状态',
      '进度（%）',
      '整治措施（一区一策）',
      '整治任务',
      '承办单位',
      '完成期限',
      '原定期限',
      '任务状态',
      '超期',
      '返工次数',
      '延期次数',
      '完成日期',
      '整治前照片',
      '整治后照片',
      '前后距离（米）',
      '照片核查',
    ]);
    expect(sheet.getColumn(columnOf(sheet, '整治任务')).width).toBeGreaterThan(20);
  });

  it('writes a zone row followed by its task rows, with real dates, Chinese names and embedded thumbnails linked to the display images', async () => {
    const { workbook } = await workbookOf(`/api/reports/ledger.xlsx?category=R4`);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['R4 整治低洼易淹易涝片区']);
    const sheet = workbook.worksheets[0]!;
    const row = rowOf(sheet, ZONE_NAME);
    const cell = (r: number, header: string) => sheet.getCell(r, columnOf(sheet, header)).value;
    expect(cell(row, '序号')).toMatch(/^\d+$/);
    expect(cell(row, '整治项目')).toBe('R4 整治低洼易淹易涝片区');
    expect(cell(row, '村（社区）')).toBe('上下塘社区');
    expect(cell(row, '牵头单位')).toBe('水利站');
    expect(cell(row, '责任单位')).toBe('建管所、城管中队');
    expect(cell(row, '计划开始')).toEqual(day('2026-05-01'));
    expect(cell(row, '计划完成')).toEqual(day('2026-09-30'));
    expect(sheet.getCell(row, columnOf(sheet, '计划开始')).numFmt).toBe('yyyy-mm-dd');
    expect(cell(row, '区域状态')).toBe('未开始');
    expect(cell(row, '进度（%）')).toBe(0);
    expect(cell(row, '整治措施（一区一策）')).toBe(MEASURES);
    // The zone's overdue days (zoneOverdueDays): its deadline is its open task due in 20 days, its oldest overdue task
    // was due 3 days ago.
    expect(cell(row, '超期')).toBe('超期 3 天');
    expect(cell(row, '整治任务')).toBeNull();

    const [first, second] = [row + 1, row + 2];
    const number = cell(row, '序号') as string;
    expect(cell(first, '序号')).toBe(`${number}.1`);
    expect(cell(first, '整治区域')).toBeNull();
    expect(cell(first, '整治任务')).toBe('清掏雨水口');
    expect(sheet.getCell(first, columnOf(sheet, '整治任务')).alignment.indent).toBe(2);
    expect(cell(first, '整治措施（一区一策）')).toBe('汛前全部清掏，"一口一档"');
    expect(cell(first, '承办单位')).toBe('水利站');
    expect(cell(first, '完成期限')).toEqual(day(tasks[0]!.dueDate));
    expect(cell(first, '原定期限')).toEqual(day(tasks[0]!.originalDueDate));
    expect(cell(first, '任务状态')).toBe('未开始');
    expect(cell(first, '超期')).toBe('否');
    expect(cell(first, '返工次数')).toBe(0);
    expect(cell(first, '延期次数')).toBe(0);
    expect(cell(first, '完成日期')).toBeNull();
    expect(cell(first, '前后距离（米）')).toBe(photos[1]!.pairDistanceM);
    expect(photos[1]!.pairDistanceM).toBeGreaterThan(2);
    expect(cell(first, '照片核查')).toBe('相符');
    expect(cell(second, '序号')).toBe(`${number}.2`);
    expect(cell(second, '整治任务')).toBe('新建排水泵站');
    expect(cell(second, '超期')).toBe('是');
    expect(cell(second, '照片核查')).toBe('尚无整治后照片');

    // Three photos with thumbnails, each embedded once: before and after on the first task, a before on the second.
    const media = (workbook.model as unknown as { media: { type: string; extension: string }[] }).media;
    expect(media.filter((entry) => entry.type === 'image')).toHaveLength(3);
    expect(media.every((entry) => entry.extension === 'jpeg')).toBe(true);
    const images = sheet.getImages();
    expect(images).toHaveLength(3);
    const at = (r: number, header: string) =>
      images.find(
        (image) =>
          Math.floor(image.range.tl.nativeRow) === r - 1 &&
          Math.floor(image.range.tl.nativeCol) === columnOf(sheet, header) - 1,
      );
    const base = server.baseUrl;
    const link = (image: ReturnType<typeof at>) =>
      (image as unknown as { range: { hyperlinks?: { hyperlink: string } } }).range.hyperlinks?.hyperlink;
    expect(link(at(first, '整治前照片'))).toBe(`${base}/api/photos/${photos[0]!.id}/display`);
    expect(link(at(first, '整治后照片'))).toBe(`${base}/api/photos/${photos[1]!.id}/display`);
    expect(link(at(second, '整治前照片'))).toBe(`${base}/api/photos/${photos[2]!.id}/display`);
    // The embedded bytes are the thumbnails (320 px long edge), never the originals.
    const thumb = Buffer.from(await (await download(`/api/photos/${photos[0]!.id}/thumb`)).arrayBuffer());
    const embedded = workbook.getImage(Number(at(first, '整治前照片')!.imageId));
    expect(Buffer.from(embedded.buffer as unknown as Uint8Array).equals(thumb)).toBe(true);
  });

  it('holds only the zones the filters let through', async () => {
    const expected = async (query: string) =>
      ((await (await download(`/api/zones?${query}`)).json()) as ZoneCollection).features.map(
        (feature) => feature.properties.name,
      );
    for (const query of [
      'status=in_progress',
      'status=accepted,not_started&unit=jianguansuo',
      'overdue=true',
      `q=${encodeURIComponent('台帐测试')}`,
    ]) {
      const { workbook } = await workbookOf(`/api/reports/ledger.xlsx?${query}`);
      const names = workbook.worksheets.flatMap(zoneNamesOf);
      expect(names.sort(), query).toEqual((await expected(query)).sort());
      expect(names.length, query).toBeGreaterThan(0);
    }
    const { workbook } = await workbookOf('/api/reports/ledger.xlsx?status=in_progress&category=R4');
    expect(workbook.worksheets[0]!.getCell('A3').value).toBe('筛选条件：整治项目 R4 整治低洼易淹易涝片区；状态 整治中');
    // Nothing matches: one sheet that says so.
    const empty = await workbookOf('/api/reports/ledger.xlsx?q=nothing-like-this');
    expect(empty.workbook.worksheets.map((sheet) => sheet.name)).toEqual(['台帐']);
    expect(empty.workbook.worksheets[0]!.rowCount).toBe(7);
  });

  it('splits by lead unit with by=unit', async () => {
    const { workbook } = await workbookOf('/api/reports/ledger.xlsx?by=unit');
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['建管所', '城管中队', '水利站']);
    const water = workbook.getWorksheet('水利站')!;
    expect(water.getCell('A2').value).toBe('牵头单位：水利站');
    expect(zoneNamesOf(water)).toEqual(
      expect.arrayContaining(['市河（古镇段）河道整治', '长寿路低洼易涝片区', ZONE_NAME, ...INJECTIONS]),
    );
    expect(zoneNamesOf(workbook.getWorksheet('建管所')!)).toEqual(['锦溪农贸市场']);
  });

  it('writes texts that look like formulas as plain text, never as formulas (R10)', async () => {
    const { workbook } = await workbookOf('/api/reports/ledger.xlsx?category=R4');
    const sheet = workbook.worksheets[0]!;
    for (const name of INJECTIONS) {
      const row = rowOf(sheet, name);
      const cell = sheet.getCell(row, columnOf(sheet, '整治区域'));
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(name);
      const measures = sheet.getCell(row, columnOf(sheet, '整治措施（一区一策）'));
      expect(measures.type).toBe(ExcelJS.ValueType.String);
      expect(measures.value).toBe('\t=1+1');
    }
    let formulas = 0;
    sheet.eachRow((row) => row.eachCell((cell) => (formulas += cell.type === ExcelJS.ValueType.Formula ? 1 : 0)));
    expect(formulas).toBe(0);
  });
});

describe('the ledger as CSV', () => {
  it('is UTF-8 with a BOM, RFC 4180 quoted, formula-guarded, with photo URLs', async () => {
    const response = await download('/api/reports/ledger.csv?category=R4');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('台帐')}-`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    const header = rows[0]!;
    expect(header.slice(0, 4)).toEqual(['序号', '整治项目', '整治区域', '村（社区）']);
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    const col = (name: string) => header.indexOf(name);
    const zoneRow = rows.findIndex((row) => row[col('整治区域')] === ZONE_NAME);
    expect(zoneRow).toBeGreaterThan(0);
    expect(rows[zoneRow]![col('整治措施（一区一策）')]).toBe(MEASURES);
    expect(rows[zoneRow]![col('计划开始')]).toBe('2026-05-01');
    expect(rows[zoneRow]![col('牵头单位')]).toBe('水利站');
    const task = rows[zoneRow + 1]!;
    expect(task[col('整治任务')]).toBe('清掏雨水口');
    expect(task[col('整治措施（一区一策）')]).toBe('汛前全部清掏，"一口一档"');
    expect(task[col('完成期限')]).toBe(tasks[0]!.dueDate);
    expect(task[col('整治前照片')]).toBe(`${server.baseUrl}/api/photos/${photos[0]!.id}/display`);
    expect(task[col('整治后照片')]).toBe(`${server.baseUrl}/api/photos/${photos[1]!.id}/display`);
    expect(Number(task[col('前后距离（米）')])).toBe(photos[1]!.pairDistanceM);
    for (const name of INJECTIONS) {
      const row = rows.find((candidate) => candidate[col('整治区域')] === `'${name}`);
      expect(row, name).toBeDefined();
      expect(row![col('整治措施（一区一策）')]).toBe("'\t=1+1");
    }
    expect(rows.some((row) => row.some((field) => /^[=+\-@\t\r]/.test(field)))).toBe(false);
  });
});

describe('who may download, and bad queries', () => {
  it('answers a bad query with a 400 problem naming it', async () => {
    for (const [query, field] of [
      ['status=bogus', 'status'],
      ['by=village', 'by'],
      ['category=R0', 'category'],
      ['bbox=1,2,3', 'bbox'],
      ['overdue=maybe', 'overdue'],
      ['colour=red', 'colour'],
    ]) {
      for (const format of ['xlsx', 'csv']) {
        const response = await server.request(`/api/reports/ledger.${format}?${query}`, { cookie: cookies.leader });
        expect(response.status, query).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        const problem = (await response.json()) as { detail: string };
        expect(problem.detail).toContain(field);
      }
    }
  });

  it('lets a leader and a unit download and refuses an anonymous visitor', async () => {
    await download('/api/reports/ledger.xlsx', 'leader');
    await download('/api/reports/ledger.csv', 'water');
    for (const format of ['xlsx', 'csv']) {
      const response = await server.request(`/api/reports/ledger.${format}`);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });
});
