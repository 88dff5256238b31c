import type { FastifyInstance, FastifyRequest } from 'fastify';
import { attachmentDisposition } from '../../platform/storage/file-names';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { ledgerQuerySchema, type LedgerQuery } from '../../../shared/reports/ledger';
import { shanghaiTimestamp } from '../../../shared/time/dates';
import {
  buildLedgerSheets,
  describeFilters,
  writeLedgerCsv,
  writeLedgerWorkbook,
  type LedgerZone,
} from './ledger-export';

/** A Host header fit to become part of a link in the workbook: a name or address with an optional port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,252})|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The ledger (台帐) of the zones matching the map's filters, as an Excel workbook (thumbnails
 * embedded) and as CSV. Reads only: the zones, their tasks and their photos.
 */
export function registerLedgerRoutes(app: FastifyInstance, context: RouteContext, options: { now: () => Date }) {
  const { repos } = context;

  async function gather(request: FastifyRequest) {
    const query: LedgerQuery = parseOr400(ledgerQuerySchema, request.query, 'query');
    const host = request.host;
    if (!HOST.test(host)) throw new HttpProblem(400, 'The Host header is not a valid host name');
    const origin = `${request.protocol}://${host}`;
    const today = context.today();
    const campaign = await context.campaign();
    const { by: _by, ...zoneQuery } = query;
    const zones = await repos.zones.listZones(zoneQuery, today);
    const entries: LedgerZone[] = [];
    /** Photo id → storage key, for reading the thumbnails; the key never leaves the server. */
    const storageKeys = new Map<string, string>();
    for (const zone of zones) {
      const id = Number(zone.id);
      const [tasks, photos] = await Promise.all([repos.tasks.listTasksOfZone(id, today), repos.photos.list(id)]);
      for (const photo of photos) storageKeys.set(photo.id, photo.storageKey);
      entries.push({
        zone,
        tasks,
        photos: photos.map(({ storageKey: _key, uploaderId: _uploader, ...photo }) => photo),
      });
    }
    const grouping = query.by ?? 'item';
    const sheets = buildLedgerSheets(entries, { campaign, grouping, origin });
    return { query, campaign, grouping, sheets, today, storageKeys };
  }

  const fileName = (today: string, extension: string) =>
    attachmentDisposition(`ledger-${today}.${extension}`, `台帐-${today}.${extension}`);

  app.get('/api/reports/ledger.xlsx', async (request, reply) => {
    const { query, campaign, grouping, sheets, today, storageKeys } = await gather(request);
    const workbook = await writeLedgerWorkbook(
      sheets,
      {
        campaignName: campaign.campaign.name,
        grouping,
        filters: describeFilters(query, campaign),
        generatedAt: shanghaiTimestamp(options.now()),
        sampleData: context.clientConfig.sampleData,
      },
      // The thumbnail derivative through the file store; never the original.
      async (photoId) => {
        const key = storageKeys.get(photoId);
        return key ? repos.photoFiles.readDerivative(key, 'thumb') : null;
      },
    );
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', fileName(today, 'xlsx'))
      .header('Cache-Control', 'no-store')
      .send(workbook);
  });

  app.get('/api/reports/ledger.csv', async (request, reply) => {
    const { sheets, today } = await gather(request);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', fileName(today, 'csv'))
      .header('Cache-Control', 'no-store')
      .send(writeLedgerCsv(sheets));
  });
}
