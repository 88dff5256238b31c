import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { taskReads } from '../shared/http/map-page-reads';
import { getJson, sendJson } from '../lib/api';
import { taskSchema, type Task } from '../shared/zones/zone';
import { taskUpdateSchema, type TaskAction, type TaskActionBody } from '../shared/tasks/task';
import { zoneKeys } from './zones';

// Task detail queries load with the zone panel, not with the map page.

export const taskKeys = {
  all: ['tasks'] as const,
  detail: (id: string) => [...taskKeys.all, id] as const,
  updates: (id: string) => [...taskKeys.all, id, 'updates'] as const,
  mine: ['tasks', 'mine'] as const,
};

export const taskQuery = (id: string) =>
  queryOptions({
    queryKey: taskKeys.detail(id),
    queryFn: ({ signal }) => getJson(taskReads(id).task, taskSchema, signal),
  });
export const useTask = (id: string) => useQuery(taskQuery(id));

export const taskUpdatesQuery = (id: string) =>
  queryOptions({
    queryKey: taskKeys.updates(id),
    queryFn: ({ signal }) => getJson(taskReads(id).updates, z.array(taskUpdateSchema), signal),
  });
export const useTaskUpdates = (id: string) => useQuery(taskUpdatesQuery(id));

const myTasksSchema = z.object({
  scope: z.enum(['unit', 'office', 'overdue']),
  tasks: z.array(z.object({ ...taskSchema.shape, zoneName: z.string(), zoneCategory: z.string() })),
});
export type MyTasks = z.infer<typeof myTasksSchema>;
export const myTasksQuery = () =>
  queryOptions({
    queryKey: taskKeys.mine,
    queryFn: ({ signal }) => getJson('/api/my-tasks', myTasksSchema, signal),
  });
export const useMyTasks = () => useQuery(myTasksQuery());

/** After any change of a task: the task, its thread, its zone (roll-up) and the lists refresh. */
function useRefreshTask(zoneId: string) {
  const client = useQueryClient();
  return (taskId: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: taskKeys.detail(taskId) }),
      client.invalidateQueries({ queryKey: taskKeys.mine }),
      client.invalidateQueries({ queryKey: zoneKeys.detail(zoneId) }),
      client.invalidateQueries({ queryKey: zoneKeys.list() }),
    ]);
}

/** A workflow action with If-Match on the version shown. */
export function useTaskAction(zoneId: string) {
  const refresh = useRefreshTask(zoneId);
  return useMutation({
    mutationFn: async ({ task, action, body }: { task: Task; action: TaskAction; body: TaskActionBody }) =>
      (
        await sendJson('POST', `/api/tasks/${encodeURIComponent(task.id)}/actions/${action}`, body, taskSchema, {
          'If-Match': `"${task.version}"`,
        })
      ).data!,
    onSettled: (_data, _error, { task }) => refresh(task.id),
  });
}

export function useTaskNote(zoneId: string) {
  const refresh = useRefreshTask(zoneId);
  return useMutation({
    // `key`: the same for a note sent again after an interrupted send, so it is added once (docs/field.md).
    mutationFn: async ({ taskId, note, key }: { taskId: string; note: string; key: string }) =>
      (
        await sendJson('POST', `/api/tasks/${encodeURIComponent(taskId)}/notes`, { note }, z.array(taskUpdateSchema), {
          'Idempotency-Key': key,
        })
      ).data!,
    onSuccess: (_data, { taskId }) => refresh(taskId),
  });
}
