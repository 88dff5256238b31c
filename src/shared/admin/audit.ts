/** The audit log's entries and filters, shared by the server and the audit page. */
import * as z from 'zod/mini';
import { daySchema } from '../zones/zone';

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.nullable(z.string()),
  actorUsername: z.nullable(z.string()),
  /** The person's display name (the username when there is none). */
  actorName: z.nullable(z.string()),
  /** The unit (id) of the person who acted, if they belong to one. */
  actorUnit: z.nullable(z.string()),
  action: z.string(),
  targetType: z.nullable(z.string()),
  targetId: z.nullable(z.string()),
  /** The zone's name, task's title, case's number or account's name (null for other targets, or once gone). */
  targetName: z.nullable(z.string()),
  outcome: z.enum(AUDIT_OUTCOMES),
  ip: z.nullable(z.string()),
  detail: z.nullable(z.record(z.string(), z.unknown())),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), total: z.int() });

/** The object types the audit log records (targetType); the filter accepts only these. */
export const AUDIT_TARGET_TYPES = [
  'zone',
  'task',
  'user',
  'case',
  'case_code',
  'photo',
  'api_token',
  'monthly_commentary',
] as const;

/** The audit filters shared by the listing and its export. */
const auditFilterShape = {
  /** A person: their username or (part of) their name. */
  actor: z.optional(z.string().check(z.maxLength(64))),
  action: z.optional(z.string().check(z.regex(/^[a-z_]{1,64}$/, 'action must be an action code'))),
  outcome: z.optional(z.enum(AUDIT_OUTCOMES)),
  targetType: z.optional(z.enum(AUDIT_TARGET_TYPES)),
  /** An object by (part of) its name: a zone's name or a task's title. */
  target: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** The unit of the person who acted. */
  unit: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  from: z.optional(daySchema),
  to: z.optional(daySchema),
};

/** The export's file formats: an Excel workbook, or CSV (UTF-8 with BOM). */
export const AUDIT_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
/** The most entries one export holds; a filter selecting more is refused (422) and the page says so. */
export const AUDIT_EXPORT_MAX = 20_000;

/** `GET /api/audit/export`: the filters of the listing and the format. */
export const auditExportQuerySchema = z.strictObject({
  ...auditFilterShape,
  format: z.enum(AUDIT_EXPORT_FORMATS, 'format must be xlsx or csv'),
});
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

export const auditQuerySchema = z.strictObject({
  ...auditFilterShape,
  limit: z.optional(
    z
      .pipe(z.string().check(z.regex(/^\d{1,3}$/, 'limit must be 1–500')), z.transform(Number))
      .check(z.refine((value) => value >= 1 && value <= 500, 'limit must be 1–500')),
  ),
  offset: z.optional(
    z.pipe(z.string().check(z.regex(/^\d{1,9}$/, 'offset must be a whole number')), z.transform(Number)),
  ),
});
