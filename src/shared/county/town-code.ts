/**
 * A town code: lower-case letters, digits and _, starting with a letter (its PostgreSQL schema and role are
 * `town_<code>`). Apart from county.ts so the login schema in the first JavaScript carries only this.
 */
export const TOWN_CODE = /^[a-z][a-z0-9_]{0,40}$/;
