import * as z from 'zod/mini';
import { zoneGeometrySchema, zoneStatusSchema } from '../zones/zone';

/**
 * The public site (PUBLIC_SITE=1, docs/public.md): what residents may read without logging in. Every schema here
 * is strict, so an answer carrying one field more than listed fails to parse: the API tests parse each public
 * answer with these, which is how "no internal notes, staff names, unpublished photos, photo GPS or anything
 * about reporters" is held.
 */

/** A name in both languages (an item's or a unit's), so the public page needs no staff-only lookup. */
export const publicNameSchema = z.strictObject({ name: z.string(), nameEn: z.string() });
export type PublicName = z.infer<typeof publicNameSchema>;

/** An item as residents see it: its code (R7) and its names. */
export const publicItemSchema = z.strictObject({ code: z.string(), name: z.string(), nameEn: z.string() });

/** A zone on the public map: where it is, what it is and how far along (status only). */
export const publicZoneFeatureSchema = z.strictObject({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: zoneGeometrySchema,
  properties: z.strictObject({
    name: z.string(),
    item: publicItemSchema,
    status: zoneStatusSchema,
  }),
});
export type PublicZoneFeature = z.infer<typeof publicZoneFeatureSchema>;

/** A status with its names and map colour (the campaign's). */
export const publicStatusSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  color: z.string(),
});

/** `GET /api/public/zones`: the zones as GeoJSON, with the statuses' names and colours. */
export const publicZoneCollectionSchema = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(publicZoneFeatureSchema),
  statuses: z.array(publicStatusSchema),
});
export type PublicZoneCollection = z.infer<typeof publicZoneCollectionSchema>;

/** A before/after pair the campaign office published: the two images' public addresses and when. */
export const publicPhotoPairSchema = z.strictObject({
  before: z.string(),
  after: z.string(),
  publishedAt: z.string(),
});
export type PublicPhotoPair = z.infer<typeof publicPhotoPairSchema>;

/** `GET /api/public/zones/:id`: one zone's page. */
export const publicZoneSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  item: publicItemSchema,
  status: zoneStatusSchema,
  leadUnit: z.nullable(publicNameSchema),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  progress: z.int().check(z.minimum(0), z.maximum(100)),
  /** The zone's centre (WGS 84), where its QR poster's report form puts the place. */
  centre: z.tuple([z.number(), z.number()]),
  pairs: z.array(publicPhotoPairSchema),
});
export type PublicZone = z.infer<typeof publicZoneSchema>;

/** `PUT`/`DELETE /api/photos/:id/publication`: the pair's state after the change. */
export const pairPublicationSchema = z.object({
  photoId: z.string(),
  published: z.boolean(),
  publishedAt: z.nullable(z.string()),
});
export type PairPublication = z.infer<typeof pairPublicationSchema>;

/** `GET /api/zones/:id/publications` (the office): the after-photos whose pairs the zone's public page shows. */
export const zonePublicationsSchema = z.object({ afterPhotoIds: z.array(z.string()) });

/** The address of a published photo's display image (the only image the public site serves). */
export const publicPhotoUrl = (photoId: string) => `/api/public/photos/${photoId}`;
