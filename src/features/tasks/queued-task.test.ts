import { describe, expect, it } from 'vitest';
import type { Task } from '../../shared/zones/zone';
import type { OutboxItem } from '../../data/outbox';
import { taskWithQueued } from './queued-task';

const task: Task = {
  id: 't1',
  zoneId: 'z1',
  title: '清理河岸',
  measures: '',
  assignedUnit: 'u1',
  dueDate: '2026-12-31',
  originalDueDate: '2026-12-31',
  status: 'not_started',
  reworkCount: 0,
  completedOn: null,
  overdue: false,
  version: 3,
  extensionRequest: null,
  extensionCount: 0,
  statusBeforeSuspend: null,
  beforePhotoCount: 1,
  afterPhotoCount: 0,
};
const base = { userId: 'u', taskId: 't1', zoneId: 'z1', createdAt: '', attempts: 0, error: null };
const photo = (key: string, phase: 'before' | 'after', state: OutboxItem['state'] = 'waiting'): OutboxItem => ({
  ...base,
  key,
  state,
  kind: 'photo',
  file: new Blob(['x']),
  fileName: `${key}.jpg`,
  phase,
  referenceObject: '',
  note: '',
  position: null,
  exif: null,
  reported: null,
});
const action = (key: string, name: 'start' | 'submit', ifMatch: number, state: OutboxItem['state'] = 'waiting') =>
  ({ ...base, key, state, kind: 'action', action: name, body: {}, ifMatch, mine: task, server: null }) as OutboxItem;

describe('taskWithQueued', () => {
  it('counts queued photos and applies queued actions in order, one version each', () => {
    const view = taskWithQueued(task, [action('a', 'start', 3), photo('p', 'after'), action('b', 'submit', 4)], 'unit');
    expect(view.status).toBe('pending_acceptance');
    expect(view.version).toBe(5);
    expect(view.afterPhotoCount).toBe(1);
    expect(view.beforePhotoCount).toBe(1);
  });

  it('stops where the workflow refuses: no submit without an after-photo', () => {
    const view = taskWithQueued(task, [action('a', 'start', 3), action('b', 'submit', 4)], 'unit');
    expect(view.status).toBe('in_progress');
    expect(view.version).toBe(4);
  });

  it('holds everything after a conflict, and ignores other tasks', () => {
    const other = { ...photo('o', 'after'), taskId: 't2' };
    const view = taskWithQueued(task, [other, action('a', 'start', 3, 'conflict'), photo('p', 'after')], 'unit');
    expect(view).toEqual(task);
  });
});
