import * as z from 'zod/mini';

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
