import { useTranslation } from 'react-i18next';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { daysBetween } from '../../../shared/time/dates';
import { localName } from '../../../lib/i18n';
import { OverdueFlag, StatusBadge } from '../../../ui/status-badge';
import { Message } from '../../../ui/message';
import { useMyTasks } from '../../../data/tasks';
import { unitName } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import '../tasks.css';

/**
 * "My work": a unit's tasks by urgency (overdue first), what awaits the campaign office
 * (acceptance, extension requests), or for other roles every overdue task. Made for phones too.
 */
export function WorkPage({
  lookup,
  today,
  onOpen,
}: {
  lookup: CampaignLookup;
  today: string;
  onOpen(zoneId: string, taskId: string): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const work = useMyTasks();
  const unitLabel = (id: string) => unitName(lookup, id, language);
  return (
    <main className="work-page" aria-labelledby="work-title">
      <h2 id="work-title">{t('work.title')}</h2>
      {work.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {work.data ? (
        <>
          <p className="muted">{t(`work.scope.${work.data.scope}`, { count: work.data.tasks.length })}</p>
          {work.data.tasks.length ? (
            <ul className="work-list" data-testid="work-list">
              {work.data.tasks.map((task) => {
                const status = lookup.taskStatus(task.status);
                const days = daysBetween(today, task.dueDate);
                return (
                  <li key={task.id}>
                    <button
                      type="button"
                      className={`work-item${task.overdue ? ' is-overdue' : ''}`}
                      data-task-id={task.id}
                      onClick={() => onOpen(task.zoneId, task.id)}
                    >
                      <div className="work-zone">
                        {itemLabel(lookup, task.zoneCategory, language)} · {task.zoneName}
                      </div>
                      <div className="work-title">{task.title}</div>
                      <div className="work-meta">
                        {status ? <StatusBadge label={localName(status, language)} color={status.color} /> : null}
                        {task.overdue ? <OverdueFlag label={t('panel.daysLate', { count: -days })} /> : null}
                        <span>{t('panel.due', { date: task.dueDate })}</span>
                        {!task.overdue && task.status !== 'done' && days >= 0 ? (
                          <span className="muted">{t('panel.daysLeft', { count: days })}</span>
                        ) : null}
                        <span>{unitLabel(task.assignedUnit)}</span>
                        {task.extensionRequest ? (
                          <span className="extension-flag">{t('task.extensionFlag')}</span>
                        ) : null}
                        {task.reworkCount ? (
                          <span className="rework">{t('panel.rework', { count: task.reworkCount })}</span>
                        ) : null}
                      </div>
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p>{t('work.empty')}</p>
          )}
        </>
      ) : !work.isError ? (
        <Message>{t('common.loading')}</Message>
      ) : null}
    </main>
  );
}
