import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendForm, sendJson } from '../lib/api';
import { publicZoneCollectionSchema, publicZoneSchema } from '../shared/public/public';
import { publicBulletinListSchema, publicBulletinSchema } from '../shared/public/bulletins';
import {
  followedReportSchema,
  meTooResultSchema,
  nearbyReportsSchema,
  reportCreatedSchema,
  type ReportCategory,
  type ReportFeedbackBody,
} from '../shared/public/reports';

// The residents' site (/public, docs/public.md): its reads and writes. Nothing here needs a session.

export const publicKeys = {
  zones: ['public', 'zones'] as const,
  zone: (id: string) => ['public', 'zones', id] as const,
  bulletins: ['public', 'bulletins'] as const,
  bulletin: (id: string) => ['public', 'bulletins', id] as const,
  report: (token: string) => ['public', 'reports', token] as const,
  nearby: (lon: number, lat: number, category: string) => ['public', 'nearby', lon, lat, category] as const,
};

export const usePublicZones = () =>
  useQuery(
    queryOptions({
      queryKey: publicKeys.zones,
      queryFn: ({ signal }) => getJson('/api/public/zones', publicZoneCollectionSchema, signal),
    }),
  );

export const usePublicZone = (id: string) =>
  useQuery(
    queryOptions({
      queryKey: publicKeys.zone(id),
      queryFn: ({ signal }) => getJson(`/api/public/zones/${encodeURIComponent(id)}`, publicZoneSchema, signal),
    }),
  );

/** The published 公开通报, newest first. */
export const usePublicBulletins = () =>
  useQuery(
    queryOptions({
      queryKey: publicKeys.bulletins,
      queryFn: ({ signal }) => getJson('/api/public/bulletins', publicBulletinListSchema, signal),
    }),
  );

export const usePublicBulletin = (id: string) =>
  useQuery(
    queryOptions({
      queryKey: publicKeys.bulletin(id),
      queryFn: ({ signal }) => getJson(`/api/public/bulletins/${encodeURIComponent(id)}`, publicBulletinSchema, signal),
    }),
  );

export const useFollowedReport = (token: string) =>
  useQuery(
    queryOptions({
      queryKey: publicKeys.report(token),
      queryFn: ({ signal }) =>
        getJson(`/api/public/reports/${encodeURIComponent(token)}`, followedReportSchema, signal),
    }),
  );

/** Open reports of the category within 50 m of the place (null: no place or category yet). */
export const useNearbyReports = (place: { lon: number; lat: number } | null, category: ReportCategory | null) =>
  useQuery({
    queryKey: publicKeys.nearby(place?.lon ?? 0, place?.lat ?? 0, category ?? ''),
    enabled: place !== null && category !== null,
    queryFn: ({ signal }) =>
      getJson(
        `/api/public/reports/nearby?lon=${place!.lon.toFixed(7)}&lat=${place!.lat.toFixed(7)}&category=${category!}`,
        nearbyReportsSchema,
        signal,
      ),
  });

export interface NewReport {
  category: ReportCategory;
  description: string;
  phone: string;
  place: { lon: number; lat: number };
  photos: readonly File[];
}

/** Send a report: fields first, then the photos (the server reads them in that order). */
export function useSendReport() {
  return useMutation({
    mutationFn: (report: NewReport) => {
      const form = new FormData();
      form.append('category', report.category);
      if (report.description.trim()) form.append('description', report.description);
      if (report.phone.trim()) form.append('phone', report.phone.trim());
      form.append('lon', report.place.lon.toFixed(7));
      form.append('lat', report.place.lat.toFixed(7));
      for (const photo of report.photos) form.append('file', photo, photo.name);
      return sendForm('/api/public/reports', form, reportCreatedSchema);
    },
  });
}

export function useMeToo() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (await sendJson('POST', `/api/public/reports/${encodeURIComponent(id)}/me-too`, undefined, meTooResultSchema))
        .data!,
    onSuccess: () => client.invalidateQueries({ queryKey: ['public', 'nearby'] }),
  });
}

export function useSendFeedback(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportFeedbackBody) =>
      sendJson('POST', `/api/public/reports/${encodeURIComponent(token)}/feedback`, body, null),
    onSuccess: () => client.invalidateQueries({ queryKey: publicKeys.report(token) }),
  });
}
