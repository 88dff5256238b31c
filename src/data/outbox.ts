import { useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import * as z from 'zod/mini';
import { ApiError, getJson, sendJson } from '../lib/api';
import type { Problem } from '../shared/http/problem';
import type { PhoneReport, PhotoPhase, SentExif } from '../shared/photos/photo';
import { taskSchema, type Task } from '../shared/zones/zone';
import { taskUpdateSchema, type TaskAction, type TaskActionBody } from '../shared/tasks/task';
import type { CreateCaseBody } from '../shared/cases/case';
import type { FloodEventBody } from '../shared/flood/flood';
import { sendInParts, uploadPhoto } from './photos';
import { taskKeys } from './tasks';
import { zoneKeys } from './zones';
import { caseKeys } from './cases';
import { floodKeys } from './flood';
import { requestOutboxSync } from '../lib/service-worker';

/*
 * The outbox (docs/field.md): writes made without a network (photos, task actions, notes, 数字城管 reports, 积水点
 * records) kept in IndexedDB,
 * each with its idempotency key and the If-Match it was made against, sent in order, each once, when the network
 * returns. A 412 on return becomes a conflict the user settles; nothing is dropped or overwritten silently.
 */

export type OutboxState = 'waiting' | 'sending' | 'failed' | 'conflict';

interface OutboxBase {
  /** The order of sending (IndexedDB key). */
  seq?: number;
  /** Idempotency key (photos, notes, reports, records) and the item's identity. */
  key: string;
  /** The signed-in user who made it: only they send it. */
  userId: string;
  /** The task and zone it belongs to ('' for a 数字城管 report or a 积水点 record). */
  taskId: string;
  zoneId: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  /** The last refusal (status and the server's problem), worded by the UI. */
  error: { status: number; problem: Problem | null } | null;
}

export interface OutboxPhoto extends OutboxBase {
  kind: 'photo';
  file: Blob;
  fileName: string;
  phase: PhotoPhase;
  referenceObject: string;
  note: string;
  position: { lon: number; lat: number } | null;
  exif: SentExif | null;
  reported: PhoneReport | null;
  /** The upload sent in parts, once opened: a later try resumes it from where the server is. */
  uploadId?: string | null;
  /** 水印 on the display image (the user's choice when the photo was taken). */
  watermark?: boolean;
}

export interface OutboxAction extends OutboxBase {
  kind: 'action';
  action: TaskAction;
  body: TaskActionBody;
  /** The task version the action was made against (sent as If-Match). */
  ifMatch: number;
  /** The task as the user saw it when acting. */
  mine: Task;
  /** On a conflict: the task as the server has it now. */
  server: Task | null;
}

export interface OutboxNote extends OutboxBase {
  kind: 'note';
  note: string;
}

/** A 数字城管 case report made offline. */
export interface OutboxCase extends OutboxBase {
  kind: 'case';
  body: CreateCaseBody;
}

/** A rainfall event with its 积水点 recorded offline. */
export interface OutboxFloodEvent extends OutboxBase {
  kind: 'flood-event';
  body: FloodEventBody;
}

export type OutboxItem = OutboxPhoto | OutboxAction | OutboxNote | OutboxCase | OutboxFloodEvent;
type NewItem =
  | Omit<OutboxPhoto, keyof OutboxBase | 'seq'>
  | Omit<OutboxAction, keyof OutboxBase | 'seq' | 'server'>
  | Omit<OutboxNote, keyof OutboxBase | 'seq'>
  | Omit<OutboxCase, keyof OutboxBase | 'seq'>
  | Omit<OutboxFloodEvent, keyof OutboxBase | 'seq'>;

/** What holds later items after a refusal or a conflict: the same task's, or the same kind's outside tasks. */
const orderOf = (item: OutboxItem) => item.taskId || item.kind;

interface OutboxDb extends DBSchema {
  items: { key: number; value: OutboxItem };
}

const DB_NAME = 'jinxi-outbox';
let database: Promise<IDBPDatabase<OutboxDb>> | null = null;
const db = () =>
  (database ??= openDB<OutboxDb>(DB_NAME, 1, {
    upgrade(upgrade) {
      upgrade.createObjectStore('items', { keyPath: 'seq', autoIncrement: true });
    },
  }));

// The items in sending order, for React (useSyncExternalStore) and the sender.
let snapshot: readonly OutboxItem[] = [];
const listeners = new Set<() => void>();
async function reload(): Promise<readonly OutboxItem[]> {
  snapshot = await (await db()).getAll('items');
  listeners.forEach((listener) => listener());
  return snapshot;
}
let loaded: Promise<unknown> | null = null;
function subscribe(listener: () => void) {
  listeners.add(listener);
  loaded ??= reload();
  return () => listeners.delete(listener);
}

/** The outbox's items of this user, in sending order. */
export function useOutbox(userId: string | null): readonly OutboxItem[] {
  const all = useSyncExternalStore(subscribe, () => snapshot);
  return userId === null ? [] : all.filter((item) => item.userId === userId);
}

/** A new Idempotency-Key (also outside a secure context, where `crypto.randomUUID` is missing: plain http). */
export const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

/** Queue a write; it is sent by the next `sendOutbox`. */
export async function enqueue(
  item: NewItem & { userId: string; taskId: string; zoneId: string },
  now = new Date(),
): Promise<OutboxItem> {
  const full = {
    ...item,
    ...(item.kind === 'action' ? { server: null } : {}),
    key: newKey(),
    createdAt: now.toISOString(),
    state: 'waiting',
    attempts: 0,
    error: null,
  } as OutboxItem;
  const seq = await (await db()).add('items', full);
  await reload();
  return { ...full, seq };
}

async function put(item: OutboxItem) {
  await (await db()).put('items', item);
  await reload();
}

/**
 * Offline: queue a 数字城管 report or a 积水点 record of `userId` instead of sending it (it belongs to no task) and ask
 * for a sync; answers whether it was queued (online it is sent as usual).
 */
export async function queueWhenOffline(
  item: Omit<OutboxCase, keyof OutboxBase | 'seq'> | Omit<OutboxFloodEvent, keyof OutboxBase | 'seq'>,
  userId: string | null,
): Promise<boolean> {
  if (navigator.onLine || !userId) return false;
  await enqueue({ ...item, userId, taskId: '', zoneId: '' });
  void requestOutboxSync();
  return true;
}

/** Remove an item (sent, or given up by the user). */
export async function discard(item: OutboxItem): Promise<void> {
  if (item.seq !== undefined) await (await db()).delete('items', item.seq);
  await reload();
}

/** A failed item tried again. */
export const retry = (item: OutboxItem) => put({ ...item, state: 'waiting', error: null });

/**
 * Settle a conflict. `mine`: send my action again against the server's version (the later queued actions of the
 * task follow it, one version each). `theirs`: drop my action and keep the server's task.
 */
export async function settleConflict(item: OutboxAction, choice: 'mine' | 'theirs'): Promise<void> {
  const server = item.server;
  if (!server) return;
  const later = snapshot.filter(
    (other): other is OutboxAction =>
      other.kind === 'action' && other.taskId === item.taskId && (other.seq ?? 0) > (item.seq ?? 0),
  );
  let version = server.version;
  if (choice === 'mine') {
    await put({ ...item, state: 'waiting', error: null, ifMatch: version, server: null });
    version += 1;
  } else {
    await discard(item);
  }
  for (const other of later) {
    await put({ ...other, ifMatch: version });
    version += 1;
  }
}

/** A request that got no answer (offline, dropped) or a server failure: try again later. */
const isTransient = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status >= 500;

async function sendItem(item: OutboxItem): Promise<void> {
  const task = encodeURIComponent(item.taskId);
  const idempotent = { 'Idempotency-Key': item.key };
  switch (item.kind) {
    case 'photo': {
      // Sent in parts (a dropped link resumes where the server is), then made a photo once by its key.
      const opened = async (id: string) => {
        item.uploadId = id;
        await put(item);
      };
      const upload = await sendInParts(item.file, item.fileName, item.uploadId ?? null, opened);
      const answer = await uploadPhoto({
        upload,
        watermark: item.watermark ?? false,
        zoneId: item.zoneId,
        taskId: item.taskId,
        file: item.file,
        fileName: item.fileName,
        phase: item.phase,
        referenceObject: item.referenceObject,
        note: item.note,
        position: item.position,
        exif: item.exif,
        reported: item.reported,
        idempotencyKey: item.key,
        onProgress: () => undefined,
      });
      const refused = answer.rejected?.[0];
      if (!answer.photos.length && refused) {
        throw new ApiError(refused.status, {
          type: 'about:blank',
          title: refused.detail,
          detail: refused.detail,
          status: refused.status,
        });
      }
      return;
    }
    case 'action':
      await sendJson('POST', `/api/tasks/${task}/actions/${item.action}`, item.body, taskSchema, {
        'If-Match': `"${item.ifMatch}"`,
      });
      return;
    case 'note':
      await sendJson('POST', `/api/tasks/${task}/notes`, { note: item.note }, z.array(taskUpdateSchema), idempotent);
      return;
    case 'case':
      await sendJson('POST', '/api/cases', item.body, null, idempotent);
      return;
    case 'flood-event':
      await sendJson('POST', '/api/flood-events', item.body, null, idempotent);
      return;
  }
}

/**
 * A 412 for an action may be our own earlier send whose answer was lost: the server's task is one version on and
 * its thread ends with this user's same action. Then it was sent, not a conflict.
 */
export function isOwnEarlierSend(
  item: Pick<OutboxAction, 'action' | 'ifMatch'>,
  server: Pick<Task, 'version'>,
  thread: readonly { kind: string; action: string | null; actor: string | null }[],
  username: string,
): boolean {
  const last = thread.findLast((entry) => entry.kind === 'action');
  return server.version === item.ifMatch + 1 && last?.action === item.action && last.actor === username;
}

async function refresh(client: QueryClient, item: OutboxItem) {
  if (item.kind === 'case') return client.invalidateQueries({ queryKey: caseKeys.all });
  if (item.kind === 'flood-event') {
    await client.invalidateQueries({ queryKey: floodKeys.all });
    return client.invalidateQueries({ queryKey: zoneKeys.all });
  }
  await Promise.all([
    client.invalidateQueries({ queryKey: taskKeys.detail(item.taskId) }),
    client.invalidateQueries({ queryKey: taskKeys.mine }),
    client.invalidateQueries({ queryKey: zoneKeys.detail(item.zoneId) }),
    client.invalidateQueries({ queryKey: zoneKeys.list() }),
  ]);
}

let sending: Promise<void> | null = null;

/**
 * Send this user's queued writes in order, one at a time. No answer: stop and keep the rest for later. A refusal
 * or a conflict holds the later items of the same task (they were made after it) until the user settles it.
 */
export function sendOutbox(user: { id: string; username: string }, client: QueryClient): Promise<void> {
  sending ??= (async () => {
    const held = new Set<string>();
    for (const stored of await reload()) {
      if (stored.userId !== user.id) continue;
      if (stored.state === 'failed' || stored.state === 'conflict' || held.has(orderOf(stored))) {
        held.add(orderOf(stored));
        continue;
      }
      const item = { ...stored, state: 'sending', attempts: stored.attempts + 1 } as OutboxItem;
      await put(item);
      try {
        await sendItem(item);
        await discard(item);
        await refresh(client, item);
      } catch (error) {
        if (isTransient(error)) {
          await put({ ...item, state: 'waiting' });
          break;
        }
        const status = (error as ApiError).status;
        const problem = (error as ApiError).problem;
        held.add(orderOf(item));
        if (item.kind === 'action' && status === 412) {
          const id = encodeURIComponent(item.taskId);
          const [server, thread] = await Promise.all([
            getJson(`/api/tasks/${id}`, taskSchema),
            getJson(`/api/tasks/${id}/updates`, z.array(taskUpdateSchema)),
          ]);
          if (isOwnEarlierSend(item, server, thread, user.username)) {
            held.delete(item.taskId);
            await discard(item);
          } else {
            await put({ ...item, state: 'conflict', server, error: { status, problem } });
          }
          await refresh(client, item);
        } else {
          await put({ ...item, state: 'failed', error: { status, problem } });
        }
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      sending = null;
    });
  return sending;
}

/** An item left "sending" by a closed page was not confirmed: it waits again (its key makes a resend harmless). */
export async function recoverInterrupted(): Promise<void> {
  for (const item of await reload()) if (item.state === 'sending') await put({ ...item, state: 'waiting' });
}
