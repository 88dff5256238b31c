import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendForm, sendJson } from '../lib/api';
import {
  responsibilityLetterSchema,
  responsibilityOverviewSchema,
  responsibilityStateSchema,
  type ResponsibilityStateBody,
} from '../shared/responsibility/responsibility';

// 目标责任书: loaded with its page only.

export const responsibilityKeys = {
  all: ['responsibility'] as const,
  year: (year: number) => ['responsibility', 'year', year] as const,
  letter: (year: number, unit: string) => ['responsibility', 'letter', year, unit] as const,
};

const letterUrl = (year: number, unit: string) => `/api/responsibility/${year}/${encodeURIComponent(unit)}`;

/** Every unit's signing of the year (the office's table). */
export const useResponsibilityOverview = (year: number, enabled: boolean) =>
  useQuery({
    queryKey: responsibilityKeys.year(year),
    queryFn: ({ signal }) => getJson(`/api/responsibility?year=${year}`, responsibilityOverviewSchema, signal),
    enabled,
  });

/** One unit's letter (null plan: no approved plan, no letter) with its signing state. */
export const useResponsibilityLetter = (year: number, unit: string) =>
  useQuery({
    queryKey: responsibilityKeys.letter(year, unit),
    queryFn: ({ signal }) => getJson(letterUrl(year, unit), responsibilityLetterSchema, signal),
    enabled: unit !== '',
  });

/** The scan's address (a JPEG), for a link. */
export const scanUrl = (year: number, unit: string) => `${letterUrl(year, unit)}/scan`;

/** Record signed/not and the day, with If-Match of the version shown. */
export function useRecordSigning(year: number, unit: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, body }: { version: number; body: ResponsibilityStateBody }) =>
      (
        await sendJson('PUT', letterUrl(year, unit), body, responsibilityStateSchema, {
          'If-Match': `"${version}"`,
        })
      ).data!,
    onSettled: () => client.invalidateQueries({ queryKey: responsibilityKeys.all }),
  });
}

/** Upload the scan of the signed letter. */
export function useUploadScan(year: number, unit: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return sendForm(`${letterUrl(year, unit)}/scan`, form, responsibilityStateSchema);
    },
    onSettled: () => client.invalidateQueries({ queryKey: responsibilityKeys.all }),
  });
}
