import * as z from 'zod/mini';

/** A database id as it appears in a path or form field: 1 to 12 digits, no leading zero. */
export const ID_PATTERN = /^[1-9]\d{0,11}$/;

/** An id string → its number, or a 400 naming `message`. */
export const idString = (message: string) =>
  z.pipe(z.string().check(z.regex(ID_PATTERN, message)), z.transform(Number));

/** `{ id }` path parameters of a `what` ("zone", "task", …): a 400 "<what> id must be a positive whole number". */
export const idParams = (what: string) => z.object({ id: idString(`${what} id must be a positive whole number`) });

/** The zone id of `/api/zones/:id/…` (also used where a route names the zone it belongs to). */
export const idParamsSchema = idParams('zone');
