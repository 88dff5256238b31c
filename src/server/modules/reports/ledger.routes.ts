import type { FastifyInstance, FastifyRequest } from 'fastify';
import { attachmentDisposition } from '../../platform/storage/file-names';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { ledgerQuerySchema, type LedgerQuery } from '../../../shared/reports/ledger';
import { shanghaiTimestamp } from '../../../shared/time/dates';
import { OFF_THREAD_MIN_RECORDS, packRows, readExportZones, type ExportWorkers } from '../gis';
import {
  buildLedgerSheets,
  describeFilters,
  writeLedgerCsv,
  writeLedgerWorkbook,
  type BuildOptions,
  type LedgerHeader,
  type LedgerZone,
} from './ledger-export';
import { nextTurn } from '../../platform/next-turn';

/** The worker's half (ledger-job.ts). */
const JOB_MODULE = new URL('./ledger-job.ts', import.meta.url).href;
/** Reading a county's zones, tasks and photos lets other requests in after this much work. */
const SLICE_MS = 20;

/** A Host header fit to become part of a link in the workbook: a name or address with an optional port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,252})|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The ledger (台帐) of the zones matching the map's filters, as an Excel workbook (thumbnails
 * embedded) and as CSV. Reads only: the zones, their tasks and their photos. A large ledger is written in a worker
 * thread (the GIS exports' workers, docs/quality.md P10).
 */
export function registerLedgerRoutes(
  app: FastifyInstance,
  context: RouteContext,
  options: { now: () => Date; exportWorkers: ExportWorkers },
) {
  const { repos } = context;
  const { exportWorkers } = options;

  async function gather(request: FastifyRequest) {
    const query: LedgerQuery = parseOr400(ledgerQuerySchema, request.query, 'query');
    const host = request.host;
    if (!HOST.test(host)) throw new HttpProblem(400, 'The Host header is not a valid host name');
    const origin = `${request.protocol}://${host}`;
    const today = context.today();
    const campaign = await context.campaign();
    const { by: _by, ...zoneQuery } = query;
    const zones = await readExportZones(repos.zones, zoneQuery, today);
    const entries: LedgerZone[] = [];
    /** Photo id → storage key, for reading the thumbnails; the key never leaves the server. */
    const storageKeys = new Map<string, string>();
    let slice = performance.now();
    let lines = 0;
    for (const zone of zones) {
      if (performance.now() - slice > SLICE_MS) {
        await nextTurn();
        slice = performance.now();
      }
      const id = Number(zone.id);
      const [tasks, photos] = await Promise.all([repos.tasks.listTasksOfZone(id, today), repos.photos.list(id)]);
      for (const photo of photos) storageKeys.set(photo.id, photo.storageKey);
      entries.push({
        zone,
        tasks,
        photos: photos.map(({ storageKey: _key, uploaderId: _uploader, ...photo }) => photo),
      });
      lines += 1 + tasks.length;
    }
    const build: BuildOptions = { campaign, grouping: query.by ?? 'item', origin };
    /** The job for a worker: the entries packed a few hundred at a time (the sheets are built there). */
    const job = async (name: string, extra: Record<string, unknown> = {}) => ({
      module: JOB_MODULE,
      name,
      input: { entries: await packRows(entries), build, ...extra },
    });
    return { query, build, entries, lines, today, storageKeys, job };
  }

  const fileName = (today: string, extension: string) =>
    attachmentDisposition(`ledger-${today}.${extension}`, `台帐-${today}.${extension}`);

  app.get('/api/reports/ledger.xlsx', async (request, reply) => {
    const { query, build, entries, lines, today, storageKeys, job } = await gather(request);
    const header: LedgerHeader = {
      campaignName: build.campaign.campaign.name,
      grouping: build.grouping,
      filters: describeFilters(query, build.campaign),
      generatedAt: shanghaiTimestamp(options.now()),
      sampleData: context.clientConfig.sampleData,
    };
    // The thumbnail derivative through the file store; never the original.
    const readThumb = async (photoId: string) => {
      const key = storageKeys.get(photoId);
      return key ? repos.photoFiles.readDerivative(key, 'thumb') : null;
    };
    /** The thumbnails the workbook may show (every before and after photo), read here for the worker. */
    async function readThumbs() {
      const thumbs = new Map<string, Buffer | null>();
      for (const entry of entries) {
        for (const photo of entry.photos) {
          if (photo.phase === 'before' || photo.phase === 'after') thumbs.set(photo.id, await readThumb(photo.id));
        }
      }
      return thumbs;
    }
    const workbook = await exportWorkers.write(
      lines,
      OFF_THREAD_MIN_RECORDS.ledgerWorkbook,
      async () => job('writeLedgerWorkbookFile', { header, thumbs: await readThumbs() }),
      () => writeLedgerWorkbook(buildLedgerSheets(entries, build), header, readThumb),
    );
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', fileName(today, 'xlsx'))
      .header('Cache-Control', 'no-store')
      .send(workbook);
  });

  app.get('/api/reports/ledger.csv', async (request, reply) => {
    const { build, entries, lines, today, job } = await gather(request);
    const body = await exportWorkers.write(
      lines,
      OFF_THREAD_MIN_RECORDS.ledgerCsv,
      () => job('writeLedgerCsvFile'),
      () => writeLedgerCsv(buildLedgerSheets(entries, build)),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', fileName(today, 'csv'))
      .header('Cache-Control', 'no-store')
      .send(body);
  });
}
