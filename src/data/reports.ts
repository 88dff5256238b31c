import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { zoneCollectionSchema } from '../shared/zones/zone';
import { assessmentReportSchema, commentarySchema, monthlyReportSchema } from '../shared/reports/assessment';
import { weeklyBriefingSchema, weeklySendResultSchema } from '../shared/reports/weekly';

// 周报, 月报告 and 年考核 load with their pages, never with the map page.

export const reportKeys = {
  weekly: (week: string) => ['reports', 'weekly', week] as const,
  monthly: (month: string) => ['reports', 'monthly', month] as const,
  annual: (year: number) => ['reports', 'annual', year] as const,
  zones: ['reports', 'zones'] as const,
};

export const weeklyBriefingQuery = (week: string) =>
  queryOptions({
    queryKey: reportKeys.weekly(week),
    queryFn: ({ signal }) =>
      getJson(`/api/reports/weekly?week=${encodeURIComponent(week)}`, weeklyBriefingSchema, signal),
    retry: false,
  });
export const useWeeklyBriefing = (week: string) => useQuery(weeklyBriefingQuery(week));

/** Queue the week's briefing for the leaders' group (the server's delivery outbox sends it). */
export function useSendWeeklyBriefing() {
  return useMutation({
    mutationFn: async (week: string) =>
      (await sendJson('POST', '/api/reports/weekly/send', { week }, weeklySendResultSchema)).data!,
  });
}

export const monthlyReportQuery = (month: string) =>
  queryOptions({
    queryKey: reportKeys.monthly(month),
    queryFn: ({ signal }) =>
      getJson(`/api/reports/monthly?month=${encodeURIComponent(month)}`, monthlyReportSchema, signal),
    retry: false,
  });
export const useMonthlyReport = (month: string) => useQuery(monthlyReportQuery(month));

export const annualAssessmentQuery = (year: number) =>
  queryOptions({
    queryKey: reportKeys.annual(year),
    queryFn: ({ signal }) => getJson(`/api/assessment?year=${year}`, assessmentReportSchema, signal),
    retry: false,
  });
export const useAnnualAssessment = (year: number) => useQuery(annualAssessmentQuery(year));

/** The zones for the map snapshot (current status). */
export const reportZonesQuery = () =>
  queryOptions({
    queryKey: reportKeys.zones,
    queryFn: ({ signal }) => getJson('/api/zones', zoneCollectionSchema, signal),
  });
export const useReportZones = () => useQuery(reportZonesQuery());

/** Save a commentary (unit '' is the town); the report refreshes afterwards. */
export function useSaveCommentary(month: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { unit: string; text: string; version: number | null }) => {
      const path = `/api/reports/monthly/${encodeURIComponent(month)}/commentary/${encodeURIComponent(input.unit || 'town')}`;
      const body = input.version === null ? { text: input.text } : { text: input.text, version: input.version };
      return (await sendJson('PUT', path, body, commentarySchema)).data!;
    },
    onSettled: () => client.invalidateQueries({ queryKey: reportKeys.monthly(month) }),
  });
}
