import * as z from 'zod/mini';

/**
 * Roles a town's admin may give. Not `county` (县级), which reads every town: county accounts are made by the
 * operator (`npm run town -- county-account`) and in demo mode, so no town can give itself a view of the others.
 */
export const TOWN_ROLES = ['leader', 'admin', 'planner', 'unit', 'inspector'] as const;
export const ROLES = [...TOWN_ROLES, 'county'] as const;
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

/** The unit role is bound to one unit; other roles to none. */
export function unitRuleError(role: Role, unit: string | null | undefined): string | null {
  if (role === 'unit' && !unit) return 'a unit account needs a unit';
  if (role !== 'unit' && unit) return 'only unit accounts belong to a unit';
  return null;
}
