import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, sendJson } from '../lib/api';
import { supervisionKeys } from './supervision';
import { zoneKeys } from './zones';
import {
  decisionSchema,
  meetingListSchema,
  meetingSchema,
  type CreateDecisionBody,
  type CreateMeetingBody,
  type Decision,
  type Meeting,
  type UpdateMeetingBody,
} from '../shared/meetings/meetings';

// 例会 and 专项工作会议: loaded with the meetings page only.

export const meetingKeys = {
  all: ['meetings'] as const,
  list: () => ['meetings', 'list'] as const,
  one: (id: string) => ['meetings', 'one', id] as const,
};

const meetingUrl = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const useMeetingList = () =>
  useQuery(
    queryOptions({
      queryKey: meetingKeys.list(),
      queryFn: ({ signal }) => getJson('/api/meetings', meetingListSchema, signal),
    }),
  );

export const useMeeting = (id: string) =>
  useQuery(
    queryOptions({
      queryKey: meetingKeys.one(id),
      queryFn: ({ signal }) => getJson(meetingUrl(id), meetingSchema, signal),
    }),
  );

/** After a meeting write: the meeting (from the answer), the list, and what a decision created (tasks, 督办). */
function useRefresh() {
  const client = useQueryClient();
  return {
    meeting: (meeting: Meeting) => {
      client.setQueryData(meetingKeys.one(meeting.id), meeting);
      return client.invalidateQueries({ queryKey: meetingKeys.list() });
    },
    all: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: meetingKeys.all }),
        client.invalidateQueries({ queryKey: supervisionKeys.all }),
        client.invalidateQueries({ queryKey: zoneKeys.all }),
      ]),
  };
}

export function useCreateMeeting() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateMeetingBody) => (await sendJson('POST', '/api/meetings', body, meetingSchema)).data!,
    onSuccess: refresh.meeting,
  });
}

/** A change (minutes, held, fields) with If-Match of the version shown. */
export function useUpdateMeeting() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ meeting, body }: { meeting: Meeting; body: UpdateMeetingBody }) =>
      (await sendJson('PATCH', meetingUrl(meeting.id), body, meetingSchema, { 'If-Match': `"${meeting.version}"` }))
        .data!,
    onSuccess: refresh.meeting,
    onError: refresh.all,
  });
}

/** Generate the agenda again from the campaign as it stands. */
export function useRegenerateAgenda() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (meeting: Meeting) =>
      (
        await sendJson('POST', `${meetingUrl(meeting.id)}/agenda`, {}, meetingSchema, {
          'If-Match': `"${meeting.version}"`,
        })
      ).data!,
    onSuccess: refresh.meeting,
    onError: refresh.all,
  });
}

export function useAddDecision(meetingId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: CreateDecisionBody) =>
      (await sendJson('POST', `${meetingUrl(meetingId)}/decisions`, body, decisionSchema)).data!,
    onSuccess: refresh.all,
  });
}

/** 转为任务 (on a zone) or 转为督办 (on a zone): once; a repeat answers the decision as it is. */
export function useConvertDecision() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({
      decision,
      action,
      zoneId,
    }: {
      decision: Decision;
      action: 'task' | 'supervise';
      zoneId: string;
    }) =>
      (
        await sendJson(
          'POST',
          `${meetingUrl(decision.meetingId)}/decisions/${encodeURIComponent(decision.id)}/actions/${action}`,
          { zoneId },
          decisionSchema,
        )
      ).data!,
    onSettled: refresh.all,
  });
}
