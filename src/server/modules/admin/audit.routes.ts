import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { attachmentDisposition } from '../../platform/storage/file-names';
import {
  AUDIT_EXPORT_MAX,
  auditExportQuerySchema,
  auditQuerySchema,
  type AuditExportQuery,
} from '../../../shared/admin/audit';
import { addDays, shanghaiDay, shanghaiTimestamp } from '../../../shared/time/dates';
import type { AuditFilter } from './audit.repo';
import { auditExportRows, describeAuditFilters, writeAuditCsv, writeAuditWorkbook } from './audit-export';
import { nextTurn } from '../../platform/next-turn';

/** A calendar day in Asia/Shanghai → the UTC instant it starts. */
const shanghaiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/** The repository's filter of the query's filters (the listing's and the export's are the same). */
const filterOf = (query: Omit<AuditExportQuery, 'format'>): Omit<AuditFilter, 'limit' | 'offset'> => ({
  actor: query.actor,
  action: query.action,
  outcome: query.outcome,
  targetType: query.targetType,
  target: query.target,
  unit: query.unit,
  fromInstant: query.from ? shanghaiMidnight(query.from) : undefined,
  toInstant: query.to ? shanghaiMidnight(addDays(query.to, 1)) : undefined,
});

/** Entries read and put into words at a time by the export. */
const EXPORT_PAGE = 500;

const FORMATS = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** The audit log, newest first, with filters, and its export (admin and inspector). */
export function registerAuditRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/api/audit', async (request) => {
    const query = parseOr400(auditQuerySchema, request.query, 'query');
    return context.repos.audit.list({ ...filterOf(query), limit: query.limit ?? 100, offset: query.offset ?? 0 });
  });

  /** Exactly what the filters select, in the page's words (zh-CN), as a workbook or CSV. */
  app.get('/api/audit/export', async (request, reply) => {
    const { format, ...query } = parseOr400(auditExportQuerySchema, request.query, 'query');
    const filter = filterOf(query);
    const first = await context.repos.audit.list({ ...filter, limit: EXPORT_PAGE, offset: 0 });
    if (first.total > AUDIT_EXPORT_MAX) {
      throw new HttpProblem(
        422,
        `The filters select ${first.total} entries; an export holds at most ${AUDIT_EXPORT_MAX}: narrow the filters (dates, person, action)`,
        [{ path: 'query', message: 'too many entries' }],
        { count: first.total, max: AUDIT_EXPORT_MAX },
      );
    }
    const campaign = await context.campaign();
    const rows = auditExportRows(first.entries, campaign);
    // Page by page, each from below the last entry of the one before (so entries arriving meanwhile are not
    // read), giving the event loop a turn between pages (docs/quality.md P10).
    for (let page = first.entries; page.length === EXPORT_PAGE && rows.length < first.total;) {
      await nextTurn();
      const untilId = Number(page.at(-1)!.id) - 1;
      page = (await context.repos.audit.list({ ...filter, untilId, limit: EXPORT_PAGE, offset: 0 })).entries;
      rows.push(...auditExportRows(page, campaign));
    }
    const now = context.now();
    const day = shanghaiDay(now);
    const file =
      format === 'xlsx'
        ? await writeAuditWorkbook(rows, {
            campaignName: campaign.campaign.name,
            filters: describeAuditFilters({ ...query, format }, campaign),
            generatedAt: shanghaiTimestamp(now),
          })
        : writeAuditCsv(rows);
    return reply
      .type(FORMATS[format])
      .header('Content-Disposition', attachmentDisposition(`audit-log-${day}.${format}`, `操作日志-${day}.${format}`))
      .header('Cache-Control', 'no-store')
      .send(file);
  });
}
