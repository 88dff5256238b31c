import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import exifr from 'exifr';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { HEIC_FIXTURE, headerOnlyPng, heicLike, makeTestPhoto, photoForm } from '../../../testing/images';
import { photoListSchema, photoSchema, photoUploadResponseSchema, type Photo } from '../../../shared/photos/photo';

/** R11 and photo evidence over real HTTP, with real images made by sharp. */
let server: TestServer;
let water: string;
let floodZone: string;
let floodTask: string;
const HERE = { lon: 120.921, lat: 31.171 };
/** About 5 m north-east of HERE. */
const NEAR = { lon: 120.92103, lat: 31.17103 };
/** About 100 m east. */
const FAR = { lon: 120.92205, lat: 31.171 };

beforeAll(async () => {
  server = await startTestServer();
  water = await server.login('water');
  floodZone = String((server.db.prepare("SELECT id FROM zones WHERE category = 'R4'").get() as { id: number }).id);
  floodTask = String(
    (server.db.prepare('SELECT id FROM tasks WHERE zone_id = ? ORDER BY id').get(Number(floodZone)) as { id: number })
      .id,
  );
});
afterAll(async () => {
  await server.close();
});

const count = (sql: string, ...params: unknown[]) =>
  (server.db.prepare(`SELECT count(*) AS n FROM (${sql})`).get(...params) as { n: number }).n;
const originals = () => server.storedOriginals();

function upload(
  fields: Record<string, string>,
  files: { bytes: Uint8Array; name?: string; type?: string }[],
  options: { cookie?: string; zone?: string; key?: string } = {},
) {
  return server.request(`/api/zones/${options.zone ?? floodZone}/photos`, {
    method: 'POST',
    cookie: options.cookie ?? water,
    body: photoForm(fields, files),
    ...(options.key ? { headers: { 'idempotency-key': options.key } } : {}),
  });
}
async function uploaded(response: Response): Promise<Photo[]> {
  const text = await response.text();
  expect(response.status, text).toBeLessThan(300);
  return photoUploadResponseSchema.parse(JSON.parse(text)).photos;
}
async function expectProblem(response: Response, status: number, detail?: RegExp) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  const problem = JSON.parse(text) as { detail: string };
  expect(problem.detail.length).toBeGreaterThan(0);
  if (detail) expect(problem.detail).toMatch(detail);
}

describe('uploading photo evidence', () => {
  it('stores a before photo with EXIF time, GPS and bearing, and pairs an after photo with its distance', async () => {
    const [before] = await uploaded(
      await upload({ phase: 'before', taskId: floodTask, referenceObject: '泵站东侧墙', note: '整治前' }, [
        { bytes: await makeTestPhoto({ position: HERE, bearing: 45, takenAt: '2026:06:01 08:00:00' }) },
      ]),
    );
    expect(before).toMatchObject({
      phase: 'before',
      taskId: floodTask,
      referenceObject: '泵站东侧墙',
      takenAt: '2026-06-01T08:00:00+08:00',
      positionSource: 'exif',
      bearing: 45,
      pairedWith: null,
      pairFlagged: false,
      width: 640,
      height: 480,
      uploadedBy: '水利站（演示）',
    });
    expect(before!.position!.lat).toBeCloseTo(HERE.lat, 6);
    const [after] = await uploaded(
      await upload({ phase: 'after', taskId: floodTask }, [{ bytes: await makeTestPhoto({ position: NEAR }) }]),
    );
    expect(after).toMatchObject({ pairedWith: before!.id, pairFlagged: false, referenceObject: '泵站东侧墙' });
    expect(after!.pairDistanceM).toBeGreaterThan(3);
    expect(after!.pairDistanceM).toBeLessThan(6);
    const audit = server.db
      .prepare("SELECT action, target_id FROM audit_log WHERE action = 'photo_uploaded' ORDER BY id")
      .all() as { target_id: string }[];
    expect(audit.map((row) => row.target_id)).toEqual([before!.id, after!.id]);
  });

  it('flags an after photo taken far from the before photo, and one without a position, never refusing them', async () => {
    const [far] = await uploaded(
      await upload({ phase: 'after', taskId: floodTask }, [{ bytes: await makeTestPhoto({ position: FAR }) }]),
    );
    expect(far).toMatchObject({ pairFlagged: true });
    expect(far!.pairDistanceM).toBeGreaterThan(90);
    const [unknown] = await uploaded(
      await upload({ phase: 'after', taskId: floodTask }, [{ bytes: await makeTestPhoto() }]),
    );
    expect(unknown).toMatchObject({ position: null, positionSource: null, pairDistanceM: null, pairFlagged: true });

    // Placing it by hand next to the before photo judges the pair again.
    const placed = await server.request(`/api/photos/${unknown!.id}/position`, {
      method: 'PATCH',
      cookie: water,
      json: NEAR,
    });
    expect(placed.status).toBe(200);
    const moved = photoSchema.parse(await placed.json());
    expect(moved).toMatchObject({ position: NEAR, positionSource: 'manual', pairFlagged: false });
    expect(moved.pairDistanceM).toBeLessThan(6);
    expect(count("SELECT 1 FROM audit_log WHERE action = 'photo_position_set' AND target_id = ?", moved.id)).toBe(1);
  });

  it('pairs with the before photo of the same reference object, else the latest, and needs a before photo', async () => {
    const zone = String((server.db.prepare("SELECT id FROM zones WHERE category = 'R3'").get() as { id: number }).id);
    const task = String(
      (server.db.prepare('SELECT id FROM tasks WHERE zone_id = ? ORDER BY id').get(Number(zone)) as { id: number }).id,
    );
    const first = await upload({ phase: 'after', taskId: task }, [{ bytes: await makeTestPhoto() }], { zone });
    await expectProblem(first, 409, /before photo first/);
    await expectProblem(
      await upload({ phase: 'after' }, [{ bytes: await makeTestPhoto() }], { zone }),
      400,
      /after photo belongs to a task/,
    );
    const [bridge] = await uploaded(
      await upload({ phase: 'before', taskId: task, referenceObject: '桥头' }, [{ bytes: await makeTestPhoto() }], {
        zone,
      }),
    );
    const [outfall] = await uploaded(
      await upload({ phase: 'before', taskId: task, referenceObject: '排口' }, [{ bytes: await makeTestPhoto() }], {
        zone,
      }),
    );
    const [sameObject] = await uploaded(
      await upload({ phase: 'after', taskId: task, referenceObject: '桥头' }, [{ bytes: await makeTestPhoto() }], {
        zone,
      }),
    );
    expect(sameObject!.pairedWith).toBe(bridge!.id);
    const [latest] = await uploaded(
      await upload({ phase: 'after', taskId: task }, [{ bytes: await makeTestPhoto() }], { zone }),
    );
    expect(latest).toMatchObject({ pairedWith: outfall!.id, referenceObject: '排口' });

    // Lists: newest first, filtered by task.
    const list = photoListSchema.parse(
      await (await server.request(`/api/zones/${zone}/photos?taskId=${task}`, { cookie: water })).json(),
    );
    expect(list.photos.map((photo) => photo.id)).toEqual([latest!.id, sameObject!.id, outfall!.id, bridge!.id]);
    const other = await upload({ phase: 'before', taskId: floodTask }, [{ bytes: await makeTestPhoto() }], { zone });
    await expectProblem(other, 400, /not a task of zone/);
    await expectProblem(await server.request(`/api/zones/${zone}/photos?taskId=x`, { cookie: water }), 400);
  });

  it('takes a manual position with the upload when the photo has no GPS, and several files in one request', async () => {
    const response = await upload({ phase: 'progress', lon: '120.9215', lat: '31.1715' }, [
      { bytes: await makeTestPhoto(), name: 'a.jpg' },
      { bytes: await makeTestPhoto({ position: HERE }), name: 'b.jpg' },
      { bytes: Buffer.from('<html><script>alert(1)</script></html>'), name: 'c.jpg' },
    ]);
    expect(response.status).toBe(201);
    const body = photoUploadResponseSchema.parse(await response.json());
    expect(body.photos.map((photo) => [photo.originalName, photo.positionSource])).toEqual([
      ['a.jpg', 'manual'],
      ['b.jpg', 'exif'],
    ]);
    expect(body.photos[0]!.position).toEqual({ lon: 120.9215, lat: 31.1715 });
    expect(body.rejected).toEqual([{ file: 'c.jpg', index: 2, status: 415, detail: expect.stringMatching(/HTML/) }]);
    await expectProblem(await upload({ phase: 'before', lon: '120.9' }, [{ bytes: await makeTestPhoto() }]), 400);
    await expectProblem(
      await upload({ phase: 'before', lon: '190', lat: '31.1' }, [{ bytes: await makeTestPhoto() }]),
      400,
    );
    await expectProblem(await upload({ phase: 'later' }, [{ bytes: await makeTestPhoto() }]), 400, /phase/);
    await expectProblem(await upload({ phase: 'before' }, []), 400, /No photo/);
    await expectProblem(
      await upload({ phase: 'before', referenceObject: 'x'.repeat(81) }, [{ bytes: await makeTestPhoto() }]),
      400,
      /referenceObject/,
    );
  });

  it('makes one photo and one file for a retried upload with the same Idempotency-Key', async () => {
    const bytes = await makeTestPhoto({ position: HERE });
    const rowsBefore = count('SELECT 1 FROM photos');
    const filesBefore = (await originals()).length;
    const first = await uploaded(await upload({ phase: 'progress' }, [{ bytes }], { key: 'retry-0001' }));
    const retry = await upload({ phase: 'progress' }, [{ bytes }], { key: 'retry-0001' });
    expect(retry.status).toBe(200);
    expect((await uploaded(retry))[0]!.id).toBe(first[0]!.id);
    expect(count('SELECT 1 FROM photos')).toBe(rowsBefore + 1);
    expect((await originals()).length).toBe(filesBefore + 1);
    // Another user's key is theirs alone.
    const planner = await server.login('planner');
    const theirs = await uploaded(
      await upload({ phase: 'progress' }, [{ bytes }], { key: 'retry-0001', cookie: planner }),
    );
    expect(theirs[0]!.id).not.toBe(first[0]!.id);
    await expectProblem(await upload({ phase: 'progress' }, [{ bytes }], { key: 'has space' }), 400);
  });
});

describe('upload hazards (R11)', () => {
  it('refuses a file over the size cap with 413 and keeps nothing', async () => {
    const rows = count('SELECT 1 FROM photos');
    const huge = Buffer.alloc(26 * 1024 * 1024, 0);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    await expectProblem(await upload({ phase: 'before' }, [{ bytes: huge }]), 413, /larger than 25 MB/);
    expect(count('SELECT 1 FROM photos')).toBe(rows);
  });

  it('refuses a 14000×14000 PNG from its header, without decoding it', async () => {
    // A header-only PNG of 70 bytes: decoding it would fail as damaged (400), so a 413 shows the header check.
    await expectProblem(
      await upload({ phase: 'before' }, [
        { bytes: headerOnlyPng(14_000, 14_000), name: 'bomb.png', type: 'image/png' },
      ]),
      413,
      /14000×14000.*at most 50 megapixels/,
    );
  });

  it.each([
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'x.svg', 'image/svg+xml'],
    ['HTML named .jpg, sent as image/jpeg', '<!doctype html><script>alert(1)</script>', 'photo.jpg', 'image/jpeg'],
    ['PDF', '%PDF-1.4\n%âãÏÓ', 'scan.pdf', 'application/pdf'],
    ['plain text named .png', 'not an image at all', 'x.png', 'image/png'],
  ])('refuses %s with 415', async (_name, text, name, type) => {
    await expectProblem(await upload({ phase: 'before' }, [{ bytes: Buffer.from(text), name, type }]), 415);
  });

  it('accepts a HEIC photo (made by a real encoder, libheif): kept as sent, JPEG derivatives upright', async () => {
    const heic = readFileSync(HEIC_FIXTURE);
    const [photo] = await uploaded(
      await upload({ phase: 'before' }, [{ bytes: heic, name: 'IMG_0001.HEIC', type: 'image/heic' }]),
    );
    expect(photo).toMatchObject({ width: 320, height: 240, originalName: 'IMG_0001.HEIC' });
    const display = await server.request(photo!.urls.display, { cookie: water });
    expect(display.status).toBe(200);
    expect(display.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await display.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
    const row = server.db.prepare('SELECT mime FROM photos WHERE id = ?').get(Number(photo!.id)) as { mime: string };
    expect(row.mime).toBe('image/heic');
  });

  it('refuses a HEIC header with no image behind it with a 400, not a 500', async () => {
    await expectProblem(
      await upload({ phase: 'before' }, [{ bytes: heicLike(), name: 'IMG_0002.HEIC', type: 'image/heic' }]),
      400,
    );
  });

  it('refuses a truncated JPEG with a 400, not a 500', async () => {
    const whole = await makeTestPhoto({ noise: 40 });
    await expectProblem(
      await upload({ phase: 'before' }, [{ bytes: whole.subarray(0, Math.floor(whole.length / 2)) }]),
      400,
      /damaged or cut short/,
    );
  });

  it('takes the EXIF the phone read before resizing when the file has none, and keeps the phone report beside it', async () => {
    // The phone resized the photo (no EXIF left) and sent what the original's EXIF said, with its own GPS fix.
    const resized = await makeTestPhoto({ width: 64, height: 48 });
    const fields = {
      phase: 'before',
      exifTakenAt: '2026-11-02T09:15:00+08:00',
      exifLon: HERE.lon.toFixed(7),
      exifLat: HERE.lat.toFixed(7),
      exifBearing: '80.0',
      reportedLon: NEAR.lon.toFixed(7),
      reportedLat: NEAR.lat.toFixed(7),
      reportedAccuracy: '8.0',
      reportedAt: '2026-11-02T01:15:04.000Z',
    };
    const [sent] = await uploaded(await upload(fields, [{ bytes: resized }]));
    expect(sent).toMatchObject({
      takenAt: '2026-11-02T09:15:00+08:00',
      position: HERE,
      positionSource: 'exif',
      bearing: 80,
      reported: { position: NEAR, accuracyM: 8, at: '2026-11-02T01:15:04.000Z' },
    });
    // The file's own EXIF wins over what was sent beside it.
    const own = await makeTestPhoto({ position: FAR, takenAt: '2026:11:03 10:00:00', bearing: 120 });
    const [kept] = await uploaded(await upload(fields, [{ bytes: own }]));
    expect(kept).toMatchObject({ takenAt: '2026-11-03T10:00:00+08:00', bearing: 120 });
    expect(kept!.position!.lon).toBeCloseTo(FAR.lon, 6);
    expect(kept!.position!.lat).toBeCloseTo(FAR.lat, 6);
    // Half a position, a time without an offset, a bearing past 360: a 400 naming the field.
    await expectProblem(await upload({ phase: 'before', exifLon: '120.9' }, [{ bytes: resized }]), 400, /exifLat/);
    await expectProblem(
      await upload({ phase: 'before', reportedAt: '2026-11-02 09:15' }, [{ bytes: resized }]),
      400,
      /reportedAt/,
    );
    await expectProblem(await upload({ phase: 'before', exifBearing: '400' }, [{ bytes: resized }]), 400);
  });

  it('accepts PNG and WebP, and answers a JSON body with 415', async () => {
    const photos = await uploaded(
      await upload({ phase: 'before' }, [
        { bytes: await makeTestPhoto({ format: 'png' }), type: 'image/png' },
        { bytes: await makeTestPhoto({ format: 'webp' }), type: 'image/webp' },
      ]),
    );
    expect(photos).toHaveLength(2);
    await expectProblem(
      await server.request(`/api/zones/${floodZone}/photos`, {
        method: 'POST',
        cookie: water,
        json: { phase: 'before' },
      }),
      415,
    );
  });

  it('serves upright derivatives without GPS or any EXIF, privately cached; the original stays in the database', async () => {
    const [photo] = await uploaded(
      await upload({ phase: 'before' }, [
        {
          bytes: await makeTestPhoto({
            width: 4000,
            height: 3000,
            orientation: 6,
            position: HERE,
            takenAt: '2026:06:12 10:00:00',
          }),
          name: '../../etc/passwd.jpg',
        },
      ]),
    );
    expect(photo).toMatchObject({ width: 3000, height: 4000, originalName: 'passwd.jpg', positionSource: 'exif' });
    expect(photo!.position!.lon).toBeCloseTo(HERE.lon, 6);
    for (const [kind, size] of [
      ['thumb', [240, 320]],
      ['display', [1200, 1600]],
    ] as const) {
      const response = await server.request(photo!.urls[kind], { cookie: water });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const bytes = Buffer.from(await response.arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect([metadata.width, metadata.height]).toEqual(size);
      expect(metadata.exif).toBeUndefined();
      const tags = (await exifr.parse(bytes, { gps: true }).catch(() => undefined)) as
        { latitude?: number } | undefined;
      expect(tags?.latitude).toBeUndefined();
    }
    const row = server.db.prepare('SELECT lat, storage_key FROM photos WHERE id = ?').get(Number(photo!.id)) as {
      lat: number;
      storage_key: string;
    };
    expect(row.lat).toBeCloseTo(HERE.lat, 6);
    // The storage key is never handed out, and no route serves the original.
    const metadata = await (await server.request(`/api/photos/${photo!.id}`, { cookie: water })).text();
    expect(metadata).not.toContain(row.storage_key);
    expect(await originals()).toContain(row.storage_key);
    for (const url of [
      `/api/photos/${photo!.id}/original`,
      `/api/photos/..%2F..%2Fetc/thumb`,
      `/api/photos/..%2Foriginals%2F${row.storage_key}/display`,
      `/api/photos/${row.storage_key}/thumb`,
      `/api/photos/${photo!.id}%00/thumb`,
      `/photos/originals/${row.storage_key}`,
    ]) {
      const response = await server.request(url, { cookie: water });
      expect([400, 404], url).toContain(response.status);
    }
  });
});

describe('who may add, place and delete photos', () => {
  it('refuses leaders and inspectors (403) and a unit with no part in the zone, and audits the refusal', async () => {
    for (const account of ['leader', 'inspector', 'jianguan']) {
      const cookie = await server.login(account);
      const rows = count('SELECT 1 FROM photos');
      const denied = count("SELECT 1 FROM audit_log WHERE action = 'denied_write'");
      await expectProblem(await upload({ phase: 'before' }, [{ bytes: await makeTestPhoto() }], { cookie }), 403);
      expect(count('SELECT 1 FROM photos')).toBe(rows);
      expect(count("SELECT 1 FROM audit_log WHERE action = 'denied_write'")).toBe(denied + 1);
    }
    const anonymous = await server.request(`/api/zones/${floodZone}/photos`, {
      method: 'POST',
      body: photoForm({ phase: 'before' }, [{ bytes: await makeTestPhoto() }]),
    });
    expect(anonymous.status).toBe(401);
  });

  it('lets a responsible unit upload, and a unit assigned the task upload with that task named first', async () => {
    const jianguan = await server.login('jianguan');
    // 建管所 is a responsible unit of the river zone (R3, led by the water station).
    const river = String((server.db.prepare("SELECT id FROM zones WHERE category = 'R3'").get() as { id: number }).id);
    await uploaded(
      await upload({ phase: 'before' }, [{ bytes: await makeTestPhoto() }], { cookie: jianguan, zone: river }),
    );
    // In the flood area it has no part, except the task assigned to it.
    const [task] = await server.repos.tasks.createTasks(
      Number(floodZone),
      [{ title: '协助清淤', measures: '', dueDate: '2026-07-01', assignedUnit: 'jianguansuo' }],
      { id: null, username: 'test', ip: null },
      'test',
    );
    await uploaded(
      await upload({ phase: 'before', taskId: task!.id }, [{ bytes: await makeTestPhoto() }], { cookie: jianguan }),
    );
    const form = new FormData();
    form.append('phase', 'before');
    form.append('file', new Blob([new Uint8Array(await makeTestPhoto())], { type: 'image/jpeg' }), 'x.jpg');
    form.append('taskId', task!.id);
    const late = await server.request(`/api/zones/${floodZone}/photos`, {
      method: 'POST',
      cookie: jianguan,
      body: form,
    });
    await expectProblem(late, 403);
  });

  it('lets only the uploader or the campaign office delete a photo; a deleted photo is gone from every read', async () => {
    const [photo] = await uploaded(await upload({ phase: 'progress' }, [{ bytes: await makeTestPhoto() }]));
    const planner = await server.login('planner');
    await expectProblem(await server.request(`/api/photos/${photo!.id}`, { method: 'DELETE', cookie: planner }), 403);
    const placedByOther = await server.request(`/api/photos/${photo!.id}/position`, {
      method: 'PATCH',
      cookie: await server.login('jianguan'),
      json: HERE,
    });
    await expectProblem(placedByOther, 403);
    expect((await server.request(`/api/photos/${photo!.id}`, { method: 'DELETE', cookie: water })).status).toBe(204);
    expect(count("SELECT 1 FROM audit_log WHERE action = 'photo_deleted' AND target_id = ?", photo!.id)).toBe(1);
    for (const url of [`/api/photos/${photo!.id}`, photo!.urls.thumb, photo!.urls.display]) {
      expect((await server.request(url, { cookie: water })).status).toBe(404);
    }
    const list = photoListSchema.parse(
      await (await server.request(`/api/zones/${floodZone}/photos`, { cookie: water })).json(),
    );
    expect(list.photos.map((entry) => entry.id)).not.toContain(photo!.id);
    expect((await server.request(`/api/photos/${photo!.id}`, { method: 'DELETE', cookie: water })).status).toBe(404);
    const [another] = await uploaded(await upload({ phase: 'progress' }, [{ bytes: await makeTestPhoto() }]));
    const admin = await server.login('admin');
    expect((await server.request(`/api/photos/${another!.id}`, { method: 'DELETE', cookie: admin })).status).toBe(204);
  });

  it('hands the after-photos of a deleted before-photo to the next before-photo, or flags them when none is left', async () => {
    // A fresh task, so that the earlier tests' photos do not interfere.
    const task = String(
      server.db
        .prepare(
          `INSERT INTO tasks (zone_id, title, assigned_unit_id, due_date, original_due_date, status, sort, created_at, updated_at)
           VALUES (?, '配对测试', 'shuilizhan', '2026-12-31', '2026-12-31', 'in_progress', 90, ?, ?)`,
        )
        .run(Number(floodZone), new Date().toISOString(), new Date().toISOString()).lastInsertRowid,
    );
    const before = async (position: { lon: number; lat: number }) =>
      (
        await uploaded(
          await upload({ phase: 'before', taskId: task, referenceObject: '桥栏' }, [
            { bytes: await makeTestPhoto({ position }) },
          ]),
        )
      )[0]!;
    const first = await before(FAR);
    const second = await before(HERE);
    const [after] = await uploaded(
      await upload({ phase: 'after', taskId: task }, [{ bytes: await makeTestPhoto({ position: NEAR }) }]),
    );
    expect(after!.pairedWith).toBe(second.id);
    expect((await server.request(`/api/photos/${second.id}`, { method: 'DELETE', cookie: water })).status).toBe(204);
    const moved = photoSchema.parse(await (await server.request(`/api/photos/${after!.id}`, { cookie: water })).json());
    expect(moved.pairedWith).toBe(first.id);
    expect(moved.pairFlagged).toBe(true); // about 100 m from the remaining before-photo
    expect((await server.request(`/api/photos/${first.id}`, { method: 'DELETE', cookie: water })).status).toBe(204);
    const alone = photoSchema.parse(await (await server.request(`/api/photos/${after!.id}`, { cookie: water })).json());
    expect(alone).toMatchObject({ pairedWith: null, pairDistanceM: null, pairFlagged: true });
  });

  it('hides the photos of a deleted zone, and shows them again when the zone is restored', async () => {
    const [photo] = await uploaded(await upload({ phase: 'progress' }, [{ bytes: await makeTestPhoto() }]));
    const admin = await server.login('admin');
    const version = (
      server.db.prepare('SELECT version FROM zones WHERE id = ?').get(Number(floodZone)) as { version: number }
    ).version;
    const deleted = await server.request(`/api/zones/${floodZone}`, {
      method: 'DELETE',
      cookie: admin,
      headers: { 'if-match': `"${version}"` },
    });
    expect(deleted.status, await deleted.clone().text()).toBeLessThan(300);
    for (const url of [`/api/photos/${photo!.id}`, photo!.urls.thumb]) {
      await expectProblem(await server.request(url, { cookie: water }), 404, /deleted zone/);
    }
    expect((await server.request(`/api/zones/${floodZone}/undelete`, { method: 'POST', cookie: admin })).status).toBe(
      200,
    );
    expect((await server.request(`/api/photos/${photo!.id}`, { cookie: water })).status).toBe(200);
  });
});
