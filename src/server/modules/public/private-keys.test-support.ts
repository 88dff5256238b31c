/**
 * Keys that must never appear in a public answer (docs/public.md): internal notes and measures, staff and
 * reporters, photo positions and files, versions and override reasons, who edited or published a bulletin and the
 * office's commentary. The API tests scan every public answer for them, besides parsing it with the strict public
 * schemas.
 */
export const PRIVATE_KEYS = [
  'notes',
  'note',
  'measures',
  'statusOverrideReason',
  'supervisionCount',
  'uploadedBy',
  'uploaderId',
  'createdBy',
  'updatedBy',
  'publishedBy',
  'commentary',
  'triagedBy',
  'displayName',
  'username',
  'storageKey',
  'takenAt',
  'bearing',
  'lon',
  'lat',
  'phone',
  'ip',
  'tokenHash',
  'version',
] as const;

/** The paths (a.0.b) of every private key anywhere in `value`. */
export function privateKeysIn(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => privateKeysIn(item, [...path, String(index)]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...((PRIVATE_KEYS as readonly string[]).includes(key) ? [[...path, key].join('.')] : []),
    ...privateKeysIn(inner, [...path, key]),
  ]);
}
