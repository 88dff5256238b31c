import * as z from 'zod/mini';

/** Tokens start with this, so a leaked one is recognisable (e.g. by secret scanners). */
export const API_TOKEN_PREFIX = 'jxt_';
/** How many characters of a token the list shows, to tell tokens apart (the prefix and 4 random ones). */
export const API_TOKEN_SHOWN_CHARACTERS = API_TOKEN_PREFIX.length + 4;
export const API_TOKEN_MAX_DAYS = 3650;

/**
 * An API token for desktop GIS (QGIS, GDAL) as the admin sees it: never the secret, which is shown
 * once when it is issued and stored only as its SHA-256.
 */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token, e.g. "jxt_Ab3d". */
  start: z.string(),
  /** The issuer's name as people know it (the username only when the account has no name). */
  createdBy: z.nullable(z.string()),
  createdAt: z.string(),
  /** null: does not expire. */
  expiresAt: z.nullable(z.string()),
  lastUsedAt: z.nullable(z.string()),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenListSchema = z.array(apiTokenSchema);

/** `POST /api/tokens`. */
export const createApiTokenBodySchema = z.strictObject({
  name: z
    .string()
    .check(z.trim(), z.minLength(1, 'give the token a name'), z.maxLength(80, 'the name is at most 80 characters')),
  expiresInDays: z.optional(
    z
      .int('expiresInDays must be a whole number of days')
      .check(
        z.minimum(1, 'expiresInDays is at least 1'),
        z.maximum(API_TOKEN_MAX_DAYS, `expiresInDays is at most ${API_TOKEN_MAX_DAYS}`),
      ),
  ),
});
export type CreateApiTokenBody = z.infer<typeof createApiTokenBodySchema>;

/** The answer to `POST /api/tokens`: the token's record and, this once, the secret itself. */
export const createdApiTokenSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
