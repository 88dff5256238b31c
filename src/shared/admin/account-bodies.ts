import * as z from 'zod/mini';
import { TOWN_ROLES } from './auth';
import { TOWN_CODE } from '../county/town-code';

/*
 * The bodies of the account routes (login, password changes, account administration), checked by the server.
 * Apart from auth.ts so that the map page's first JavaScript, which reads the session, does not carry them (P1).
 */

const townRoleSchema = z.enum(TOWN_ROLES);

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
  /** The town whose account this is (`GET /api/towns`); omitted: the deployment's default town. */
  town: z.optional(z.string().check(z.regex(TOWN_CODE, 'town must be a town code'))),
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
  role: townRoleSchema,
  unit: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  password: newPasswordSchema,
});

/** Fields admin may change on an account; anything else (id, version, createdAt …) is refused. */
export const updateUserBodySchema = z.strictObject({
  displayName: z.optional(displayName),
  role: z.optional(townRoleSchema),
  unit: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  disabled: z.optional(z.boolean()),
});

export const resetPasswordBodySchema = z.strictObject({ newPassword: newPasswordSchema });
