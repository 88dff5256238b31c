import * as z from 'zod/mini';
import { daySchema } from '../zones/zone';

export const ROLES = ['leader', 'admin', 'planner', 'unit', 'inspector'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who is logged in, as `GET /api/session` and the user list return it. Never carries the password hash. */
export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unit: z.nullable(z.string()),
  disabled: z.boolean(),
  demo: z.boolean(),
  version: z.int().check(z.positive()),
  createdAt: z.string(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionResponseSchema = z.object({ user: z.nullable(sessionUserSchema) });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

const username = z
  .string()
  .check(
    z.minLength(2, 'username needs 2–32 characters'),
    z.maxLength(32, 'username needs 2–32 characters'),
    z.regex(/^[a-z][a-z0-9._-]*$/, 'username: lowercase letters, digits, . _ - and a letter first'),
  );
/** New passwords: 10 to 200 characters (checked on the server too). */
export const newPasswordSchema = z
  .string()
  .check(
    z.minLength(10, 'password needs at least 10 characters'),
    z.maxLength(200, 'password is at most 200 characters'),
  );

export const loginBodySchema = z.strictObject({
  username: z.string().check(z.minLength(1), z.maxLength(64)),
  password: z.string().check(z.minLength(1), z.maxLength(200)),
});

export const changeOwnPasswordBodySchema = z.strictObject({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(200)),
  newPassword: newPasswordSchema,
});

const displayName = z
  .string()
  .check(z.minLength(1, 'name is required'), z.maxLength(40, 'name is at most 40 characters'));

export const createUserBodySchema = z.strictObject({
  username,
  displayName,
  role: roleSchema,
  unit: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  password: newPasswordSchema,
});

/** Fields admin may change on an account; anything else (id, version, createdAt …) is refused. */
export const updateUserBodySchema = z.strictObject({
  displayName: z.optional(displayName),
  role: z.optional(roleSchema),
  unit: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  disabled: z.optional(z.boolean()),
});

export const resetPasswordBodySchema = z.strictObject({ newPassword: newPasswordSchema });

/** The unit role is bound to one unit; other roles to none. */
export function unitRuleError(role: Role, unit: string | null | undefined): string | null {
  if (role === 'unit' && !unit) return 'a unit account needs a unit';
  if (role !== 'unit' && unit) return 'only unit accounts belong to a unit';
  return null;
}

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
export const auditExportQuerySchema = z.strictObject(auditFilterShape);
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

/** A 督办 (supervision) mark a leader puts on a zone or one of its tasks. */
export const supervisionSchema = z.object({
  id: z.string(),
  zoneId: z.string(),
  taskId: z.nullable(z.string()),
  note: z.string(),
  deadline: daySchema,
  createdBy: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  overdue: z.boolean(),
});
export type Supervision = z.infer<typeof supervisionSchema>;
export const supervisionListSchema = z.array(supervisionSchema);

export const createSupervisionBodySchema = z.strictObject({
  note: z.string().check(z.minLength(1, 'a note is required'), z.maxLength(500, 'the note is at most 500 characters')),
  deadline: daySchema,
  taskId: z.optional(z.nullable(z.string().check(z.regex(/^[1-9]\d{0,11}$/, 'taskId must be a task id')))),
});
