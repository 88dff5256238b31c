import type { Task } from '../../shared/zones/zone';
import { applyTaskAction, type TaskActor } from '../../shared/tasks/task';
import type { OutboxItem } from '../../data/outbox';

/**
 * The task as it will be once the user's queued writes of it are sent (docs/field.md): queued photos counted,
 * queued actions applied in order by the shared workflow rules, one version each. A refused or conflicting item
 * holds the ones after it, as the outbox does.
 */
export function taskWithQueued(task: Task, queued: readonly OutboxItem[], actor: TaskActor): Task {
  let current = task;
  for (const item of queued) {
    if (item.taskId !== task.id) continue;
    if (item.state === 'failed' || item.state === 'conflict') break;
    if (item.kind === 'photo') {
      if (item.phase === 'before') current = { ...current, beforePhotoCount: current.beforePhotoCount + 1 };
      if (item.phase === 'after') current = { ...current, afterPhotoCount: current.afterPhotoCount + 1 };
    } else if (item.kind === 'action') {
      const result = applyTaskAction(current, item.action, actor, item.body);
      if (!result.ok) break;
      const { change } = result;
      current = {
        ...current,
        status: change.status,
        dueDate: change.dueDate,
        extensionRequest: change.extensionRequest,
        statusBeforeSuspend: change.statusBeforeSuspend,
        reworkCount: current.reworkCount + change.reworkIncrement,
        version: current.version + 1,
      };
    }
  }
  return current;
}
