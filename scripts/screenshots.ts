/**
 * README screenshots of the main views, taken with the same Debian Chromium the browser tests use,
 * against the real server with a fresh sample-data folder. Run: npm run screenshots (it makes the test build first: the shots read the map through its test hooks).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { apiLogin, launchBrowser, loginAs, openPage, runCommand, startServer, waitForMapIdle } from '../tests/helpers';
import { makeTestPhoto } from '../src/testing/images';
import type { Photo } from '../src/shared/photos/photo';
import type { Page } from 'playwright-core';
import type { ZoneCollection } from '../src/shared/zones/zone';

interface Shot {
  name: string;
  url: string;
  width: number;
  height: number;
  mobile?: boolean;
  language?: string;
  /** Demo account to log in as; none shows the login page. */
  as?: string;
  map?: boolean;
  /** Open the zone editor on the selected zone. */
  edit?: boolean;
  /** Steps after the map is ready (open a tool, fill a form). */
  prepare?: (page: Page) => Promise<void>;
  /** What to wait for on a page without the town map (default: its first h2). */
  ready?: string;
  /** Let the offline field app's service worker run (docs/field.md). */
  serviceWorker?: boolean;
}

/** The water station's task in progress, opened from 我的工作; then offline: a photo and a note queued. */
async function queueOfflineWork(page: Page, taskId: string) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
  await page.locator(`[data-task-id="${taskId}"]`).click();
  const detail = page.getByTestId('task-detail');
  await detail.waitFor();
  await page.context().setOffline(true);
  const photos = page.getByTestId('task-photos');
  await photos.getByLabel(/加水印/).check();
  await photos.getByLabel('整治前').check();
  await photos.locator('input[name="referenceObject"]').fill('电杆编号 12');
  await photos.locator('input[name="file"]').setInputFiles({
    name: 'IMG_2041.jpg',
    mimeType: 'image/jpeg',
    buffer: await makeTestPhoto({ position: { lon: 120.9123, lat: 31.1801 }, noise: 20 }),
  });
  await photos.getByRole('button', { name: '上传 1 张' }).click();
  await photos.getByTestId('queued-photos').getByText('IMG_2041.jpg').waitFor();
  await detail.locator('textarea[name="note"]').fill('杂物已清运，护栏明天补装');
  await detail.getByRole('button', { name: '发送留言' }).click();
  await page.getByTestId('outbox-button').getByText('待上传 2').waitFor();
  await page.getByTestId('outbox-button').click();
  await page.getByTestId('outbox-item').nth(1).waitFor();
}

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
/** `npm run screenshots -- case-map hotspots` (or SHOTS=case-map,hotspots) takes only the shots named. */
const only = process.argv.slice(2).length ? process.argv.slice(2) : (process.env.SHOTS?.split(',') ?? []);
try {
  // 20,000 SYNTHETIC cases (生成的示例数据) for the case map, seeded, over the year before the sample's today.
  const generated = await runCommand(
    [
      'scripts/generate-cases.ts',
      '--count',
      '20000',
      '--seed',
      '1',
      '--db',
      path.join(server.dataDir, 'jinxi.sqlite'),
      '--replace',
    ],
    {},
  );
  if (generated.code !== 0) throw new Error(generated.output);
  const openCases = async (page: Page) => {
    await page.getByRole('button', { name: '案件', exact: true }).click();
    await page.getByTestId('case-count').waitFor();
  };
  const cookie = await apiLogin(server.baseUrl, 'leader');
  const response = await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } });
  const zones = ((await response.json()) as ZoneCollection).features;
  const showcase =
    zones.find(
      (zone) => zone.properties.overdue && zone.geometry.type === 'Polygon' && zone.properties.overdueTaskCount > 0,
    ) ?? zones[0]!;

  const floodArea = zones.find((zone) => zone.properties.category === 'R4' && zone.geometry.type === 'Polygon')!;
  const ring = (floodArea.geometry as { coordinates: number[][][] }).coordinates[0]!;
  const floodCenter: [number, number] = [
    (Math.min(...ring.map((point) => point[0]!)) + Math.max(...ring.map((point) => point[0]!))) / 2,
    (Math.min(...ring.map((point) => point[1]!)) + Math.max(...ring.map((point) => point[1]!))) / 2,
  ];
  /** The water station recording a rainfall event: two waterlogging points clicked on the map. */
  const recordFloodEvent = async (page: Page) => {
    await page.evaluate((center) => window.__jinxiMap!.jumpTo({ center, zoom: 15.5 }), floodCenter);
    await waitForMapIdle(page);
    const overlay = page.getByTestId('flood-overlay');
    await overlay.getByRole('button', { name: '积水点' }).click();
    await overlay.getByRole('button', { name: '＋ 记录降雨积水事件' }).click();
    await overlay.locator('input[name="rainfallMm"]').fill('86');
    await overlay.locator('textarea[name="notes"]').fill('梅雨期强降雨（示例）');
    await overlay.getByTestId('pick-points').click();
    const box = await page.locator('.maplibregl-canvas').boundingBox();
    const at = await page.evaluate((center) => window.__jinxiMap!.project(center), floodCenter);
    await page.mouse.click(box!.x + at.x, box!.y + at.y);
    await page.mouse.click(box!.x + at.x + 60, box!.y + at.y + 30);
    await overlay.getByLabel('第 1 个积水点的深度（厘米）').fill('30');
    await overlay.getByLabel('第 1 个积水点的时间').fill('15:20');
    await overlay.getByLabel('第 2 个积水点的深度（厘米）').fill('15');
  };

  // Before/after evidence: a task holding a pair of the illustrative sample photos (示例照片, data/sample/photos/)
  // that `npm start` stores on a fresh data folder; flood-prone areas first, so the water station sees its own work.
  const ordered = [...zones].sort(
    (a, b) => Number(b.properties.category === 'R4') - Number(a.properties.category === 'R4'),
  );
  let evidence: { zoneId: string; taskId: string } | null = null;
  for (const zone of ordered) {
    const listed = (await (
      await fetch(`${server.baseUrl}/api/zones/${zone.id}/photos`, { headers: { cookie } })
    ).json()) as { photos: Pick<Photo, 'taskId' | 'phase'>[] };
    const paired = listed.photos.find(
      (photo) =>
        photo.taskId !== null &&
        photo.phase === 'after' &&
        listed.photos.some((other) => other.taskId === photo.taskId && other.phase === 'before'),
    );
    if (paired) {
      evidence = { zoneId: String(zone.id), taskId: paired.taskId! };
      break;
    }
  }
  if (!evidence) throw new Error('no task with a before/after pair of sample photos: were the sample photos seeded?');

  const waterWork = (await (
    await fetch(`${server.baseUrl}/api/my-tasks`, { headers: { cookie: await apiLogin(server.baseUrl, 'water') } })
  ).json()) as { tasks: { id: string; status: string }[] };
  const fieldTask = waterWork.tasks.find((task) => task.status === 'in_progress');
  if (!fieldTask) throw new Error('the water station has no task in progress in the sample');

  // The year of the sample annual plans and 目标责任书 (the seed's year in Asia/Shanghai).
  const planYear = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
  );
  const meetings = (await (
    await fetch(`${server.baseUrl}/api/meetings`, { headers: { cookie: await apiLogin(server.baseUrl, 'admin') } })
  ).json()) as { id: string; state: string }[];
  const heldMeeting = meetings.find((meeting) => meeting.state === 'held');
  if (!heldMeeting) throw new Error('no held sample meeting: were the sample meetings seeded?');

  const shots: Shot[] = [
    { name: 'login', url: '/', width: 1440, height: 900, map: false },
    { name: 'town-map', url: '/', width: 1440, height: 900, as: 'leader' },
    { name: 'zone-panel', url: `/?zone=${showcase.id}`, width: 1440, height: 900, as: 'leader' },
    { name: 'overdue-filter-en', url: '/?overdue=1', width: 1440, height: 900, language: 'en', as: 'water' },
    { name: 'phone-sheet', url: `/?zone=${showcase.id}`, width: 390, height: 844, mobile: true, as: 'leader' },
    { name: 'accounts', url: '/admin/accounts', width: 1440, height: 900, as: 'admin', map: false },
    { name: 'editor', url: `/?zone=${showcase.id}`, width: 1440, height: 900, as: 'planner', edit: true },
    {
      name: 'task-photos',
      url: `/?zone=${evidence.zoneId}&task=${evidence.taskId}`,
      width: 1440,
      height: 900,
      as: 'water',
      prepare: async (page) => {
        await page.getByTestId('photo-pairs').locator('img').first().waitFor();
        await page.waitForFunction(() =>
          [...document.querySelectorAll<HTMLImageElement>('.photo-pair img')].every((image) => image.complete),
        );
      },
    },
    {
      name: 'compare',
      url: `/?zone=${evidence.zoneId}&task=${evidence.taskId}`,
      width: 1440,
      height: 900,
      as: 'leader',
      prepare: async (page) => {
        await page.getByRole('button', { name: '对比查看' }).click();
        await page.getByTestId('compare-dialog').locator('img').first().waitFor();
        await page.waitForTimeout(400);
      },
    },
    {
      name: 'dashboard',
      url: '/?view=dashboard',
      width: 1440,
      height: 900,
      as: 'leader',
      prepare: async (page) => {
        await page.locator('[data-testid="status-chart"][data-ready="true"] canvas').first().waitFor();
      },
    },
    {
      name: 'big-screen',
      url: '/big',
      width: 1920,
      height: 1080,
      as: 'leader',
      prepare: async (page) => {
        await page.locator('[data-testid="status-chart"][data-ready="true"] canvas').first().waitFor();
      },
    },
    {
      name: 'monthly-report',
      url: '/reports/monthly',
      width: 1240,
      height: 1754,
      as: 'admin',
      map: false,
      prepare: async (page) => {
        await page.getByTestId('monthly-table').waitFor();
        await page.emulateMedia({ media: 'print' });
      },
    },
    { name: 'my-work', url: '/work', width: 390, height: 844, mobile: true, as: 'water', map: false },
    { name: 'plans', url: '/plans', width: 1440, height: 900, as: 'admin', map: false },
    { name: 'meeting', url: `/meetings?id=${heldMeeting.id}`, width: 1440, height: 900, as: 'admin', map: false },
    {
      name: 'responsibility',
      url: `/reports/responsibility?year=${planYear}&unit=shuilizhan`,
      width: 1440,
      height: 900,
      as: 'admin',
      map: false,
    },
    { name: 'registers', url: '/registers', width: 390, height: 844, mobile: true, as: 'chengguan', map: false },
    {
      // The outbox (待上传) on a phone: a before-photo and a note made offline, waiting for the network.
      name: 'outbox',
      url: '/work',
      width: 390,
      height: 844,
      mobile: true,
      as: 'water',
      map: false,
      ready: '[data-testid="work-list"]',
      serviceWorker: true,
      prepare: (page) => queueOfflineWork(page, fieldTask.id),
    },
    { name: 'flood-record', url: '/', width: 1440, height: 900, as: 'water', prepare: recordFloodEvent },
    {
      // GIS import of a real file that says nothing about itself: 苏州市 (UTF-8 to confirm, no .prj, GCJ-02).
      name: 'import',
      url: '/import',
      width: 1440,
      height: 1400,
      as: 'planner',
      map: false,
      ready: 'h1',
      prepare: async (page) => {
        const folder = fileURLToPath(new URL('../tests/fixtures/gis/shapefile-suzhou-gcj02/', import.meta.url));
        const zip = new JSZip();
        for (const name of readdirSync(folder)) zip.file(name, readFileSync(`${folder}${name}`));
        await page.getByLabel('选择文件').setInputFiles({
          name: '苏州市.zip',
          mimeType: 'application/zip',
          buffer: await zip.generateAsync({ type: 'nodebuffer' }),
        });
        await page.getByTestId('import-encoding-candidates').waitFor();
        await page.getByLabel('文字编码').selectOption('utf-8');
        await page.getByLabel('坐标系').selectOption('EPSG:4326');
        await page.getByTestId('import-gcj02').check();
        await page.getByTestId('import-default-category').selectOption('R1');
        await page.getByRole('button', { name: '校验' }).click();
        await page.getByTestId('import-report').waitFor();
        await page.locator('.page-scroll').evaluate((element) => element.scrollTo(0, 0));
        await page.waitForTimeout(1500);
      },
    },
    {
      // 数字城管 cases as a list with one case's steps and the office's actions.
      name: 'cases',
      url: '/cases',
      width: 1440,
      height: 900,
      as: 'admin',
      map: false,
      ready: '[data-testid="case-row"]',
      prepare: async (page) => {
        await page.getByTestId('case-row').nth(2).getByRole('button').first().click();
        await page.getByTestId('case-steps').waitFor();
      },
    },
    { name: 'case-map', url: '/', width: 1440, height: 900, as: 'leader', prepare: openCases },
    {
      name: 'hotspots',
      url: '/',
      width: 1440,
      height: 900,
      as: 'planner',
      prepare: async (page) => {
        await openCases(page);
        await page.getByLabel('六边形密度').check();
        await page.getByTestId('hotspot-list').getByRole('button').first().click();
      },
    },
  ];
  for (const shot of shots.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
    const watched = await openPage(browser, {
      width: shot.width,
      height: shot.height,
      isMobile: shot.mobile,
      serviceWorkers: shot.serviceWorker ? 'allow' : 'block',
    });
    const { page } = watched;
    if (shot.as) await loginAs(watched, server.baseUrl, shot.as);
    if (shot.language)
      await page.addInitScript((language) => localStorage.setItem('jinxi.language', language), shot.language);
    await page.goto(`${server.baseUrl}${shot.url}`);
    if (shot.map === false) {
      await page
        .locator(shot.ready ?? 'h2')
        .first()
        .waitFor();
      if (shot.prepare) await shot.prepare(page);
      await page.waitForTimeout(300);
    } else {
      await waitForMapIdle(page);
      if (shot.url.includes('task=')) await page.getByTestId('task-detail').waitFor();
      else if (shot.url.includes('zone=')) await page.getByTestId('zone-panel').locator('.task-row').first().waitFor();
      if (shot.edit) {
        await page.getByRole('button', { name: '编辑区域' }).click();
        await page.getByTestId('measure').waitFor();
      }
      if (shot.prepare) await shot.prepare(page);
      // Let the fly-to and the lazily loaded deck.gl rings finish.
      await page.waitForTimeout(1500);
      await waitForMapIdle(page);
    }
    await page.screenshot({ path: `${out}${shot.name}.png` });
    console.log(`docs/screenshots/${shot.name}.png`);
    await watched.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
