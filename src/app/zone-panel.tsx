import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useZonePhotos } from '../data/photos';
import { createPhotoLayers, PHOTOS_SOURCE, photoFeatures } from '../features/photos/photos.layer';
import type { CampaignLookup } from '../shared/campaign/campaign-lookup';
import type { Task, ZoneFeature } from '../shared/zones/zone';
import type { HistoryPreview } from '../features/zones/history-preview.layer';
import { daysBetween } from '../shared/time/dates';
import { localName } from '../lib/i18n';
import { OverdueFlag, StatusBadge } from '../ui/status-badge';
import { ProgressBar } from '../ui/progress-bar';
import { Message } from '../ui/message';
import { useZone, useZoneTasks } from '../data/zones';
import { HistorySection } from '../features/zones/components/history-section';
import { FloodSection } from '../features/flood/components/flood-section';
import { TaskDetail } from '../features/tasks/components/task-detail';
import { TaskPhotos } from '../features/photos/components/task-photos';
import { ChecksSection } from '../features/checks/components/checks-section';
import { ZoneCasesSection } from '../features/cases/components/zone-cases-section';
import type { SessionUser } from '../shared/admin/auth';
import { FLOOD_ITEM } from '../shared/campaign/items';
import type { MapEngine } from '../map/map-engine';
import { unitName } from '../lib/format';
import { pathOf } from './routes';
import { navigate } from './router';
import { ProblemMessage } from '../ui/problem-message';
import { canCall } from '../lib/permissions';
import { mayWriteItem } from '../shared/campaign/ownership';
import { withTexts } from '../lib/i18n';

// The 督办 section (shared with the 督办 page) loads with the panel, in its own chunk: the map page's first JavaScript
// does not list it (P1).
// 月度自查 (with its checklist form) loads with the panel, in its own chunk.
const InspectionSection = lazy(() =>
  import('../features/checks/components/inspection-section').then((module) => ({
    default: module.InspectionSection,
  })),
);
const SupervisionSection = lazy(() =>
  import('../features/supervision/components/supervision-section').then((module) => ({
    default: module.SupervisionSection,
  })),
);

// The register objects the zone covers (台账), with their texts, in their own chunk.
const ZoneRegisters = lazy(
  withTexts(() =>
    import('../features/registers/components/zone-registers').then((module) => ({ default: module.ZoneRegisters })),
  ),
);

export interface ZonePanelProps {
  zoneId: string;
  /** A task of the zone opened in the panel (its actions, photos and thread). */
  taskId: string | null;
  onSelectTask(taskId: string | null): void;
  user: SessionUser | null;
  lookup: CampaignLookup;
  today: string;
  /** The user may add 督办 marks (leaders, the campaign office). */
  canSupervise: boolean;
  /** The map, for placing flood facilities (absent until the map is ready). */
  engine: MapEngine | null;
  /** Whether the user may edit this zone (by role and, for units, by the item's lead unit). */
  canEdit(zone: ZoneFeature): boolean;
  onEdit(zoneId: string): void;
  onPreview(preview: HistoryPreview | null): void;
  onClose(): void;
}

/** The side panel (a bottom sheet on phones) with one zone's facts, measures and tasks. */
export function ZonePanel({
  zoneId,
  taskId,
  onSelectTask,
  user,
  lookup,
  today,
  canSupervise,
  engine,
  canEdit,
  onEdit,
  onPreview,
  onClose,
}: ZonePanelProps) {
  const { t } = useTranslation();
  const zone = useZone(zoneId);
  const tasks = useZoneTasks(zoneId);
  const photos = useZonePhotos(zoneId);
  const writeupPath = `${pathOf('writeup')}?zone=${encodeURIComponent(zoneId)}`;

  // The zone's photos on the map while its panel is open, the open task's stronger.
  useEffect(() => {
    if (!engine) return;
    engine.setGeoJson(PHOTOS_SOURCE, photoFeatures(photos.data ?? [], taskId));
    engine.setLayers('photos', createPhotoLayers());
  }, [engine, photos.data, taskId]);
  useEffect(
    () => () => {
      engine?.setLayers('photos', []);
    },
    [engine],
  );

  return (
    <aside className="zone-panel" aria-label={t('panel.title')} data-testid="zone-panel">
      <button type="button" className="panel-close" onClick={onClose} aria-label={t('panel.close')}>
        ×
      </button>
      {zone.isPending ? <Message>{t('common.loading')}</Message> : null}
      <ProblemMessage
        error={zone.error}
        wording={{ status: { 404: () => t('panel.notFound', { id: zoneId }) }, fallback: 'common.loadFailed' }}
      />
      {zone.data && taskId ? (
        <TaskDetail
          key={taskId}
          taskId={taskId}
          zone={zone.data}
          lookup={lookup}
          today={today}
          user={user}
          onBack={() => onSelectTask(null)}
          renderPhotos={(task, canUpload) => (
            <TaskPhotos
              zoneId={zoneId}
              task={task}
              canUpload={canUpload}
              engine={engine}
              userId={user?.id ?? null}
              canPublish={canCall(user?.role ?? null, 'PUT', '/api/photos/:id/publication')}
            />
          )}
        />
      ) : zone.data ? (
        <>
          {canEdit(zone.data) ? (
            <button type="button" className="secondary-button edit-button" onClick={() => onEdit(zoneId)}>
              {t('editor.edit')}
            </button>
          ) : null}
          {user ? (
            // Within the app, without reloading it (the zone's data is already here; a weak link pays nothing more).
            <a
              className="case-link"
              href={writeupPath}
              onClick={(event) => {
                event.preventDefault();
                navigate(writeupPath);
              }}
            >
              {t('caseReport.link')}
            </a>
          ) : null}
          <ZoneDetails
            zone={zone.data}
            lookup={lookup}
            today={today}
            tasks={tasks.data}
            tasksError={tasks.isError}
            onSelectTask={onSelectTask}
          />
          {zone.data.properties.category === FLOOD_ITEM ? (
            <FloodSection zoneId={zoneId} canEdit={canEdit(zone.data)} engine={engine} />
          ) : null}
          <Suspense fallback={null}>
            <SupervisionSection
              zoneId={zoneId}
              tasks={tasks.data}
              today={today}
              canSupervise={canSupervise}
              user={user}
              lookup={lookup}
            />
          </Suspense>
          <Suspense fallback={null}>
            <InspectionSection
              zoneId={zoneId}
              item={zone.data.properties.category}
              today={today}
              canRecord={mayInspect(user, lookup, zone.data.properties.category)}
            />
          </Suspense>
          <ChecksSection zoneId={zoneId} item={zone.data.properties.category} user={user} today={today} />
          {user ? <ZoneCasesSection zoneId={zoneId} /> : null}
          {user ? (
            <Suspense fallback={null}>
              <ZoneRegisters zoneId={zoneId} />
            </Suspense>
          ) : null}
          <HistorySection zone={zone.data} canRestore={canEdit(zone.data)} onPreview={onPreview} />
        </>
      ) : null}
    </aside>
  );
}

/** May the user record the month's self-inspection: the lead unit of the zone's item, or the campaign office. */
function mayInspect(user: SessionUser | null, lookup: CampaignLookup, category: string): boolean {
  if (!user || !canCall(user.role, 'POST', '/api/zones/:id/inspections')) return false;
  const item = lookup.item(category);
  return mayWriteItem(user, category, { items: item ? [item] : [] }).allowed;
}

function ZoneDetails(props: {
  zone: ZoneFeature;
  lookup: CampaignLookup;
  today: string;
  tasks: Task[] | undefined;
  tasksError: boolean;
  onSelectTask(taskId: string): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { lookup, today } = props;
  const p = props.zone.properties;
  const item = lookup.item(p.category);
  const status = lookup.zoneStatus(p.status);
  const unitLabel = (id: string) => unitName(lookup, id, language);
  const daysLeft = daysBetween(today, p.plannedEnd);

  return (
    <div className="zone-details">
      <header className="panel-header">
        <div className="panel-kicker">
          <span className="item-code">{p.category}</span> {item ? localName(item, language) : ''}
        </div>
        <h2 className="panel-title">{p.name}</h2>
        <div className="panel-badges">
          {status ? <StatusBadge label={localName(status, language)} color={status.color} /> : null}
          {p.overdue ? <OverdueFlag label={t('zones.overdue')} /> : null}
          {p.supervisionCount ? <span className="supervision-flag">{t('supervision.flag')}</span> : null}
        </div>
        {p.overdue ? (
          <p className="overdue-reason">
            {t('panel.daysLate', { count: p.overdueDays })}
            {p.overdueTaskCount ? ' · ' : null}
            {p.overdueTaskCount ? t('panel.overdueTasks', { count: p.overdueTaskCount }) : null}
          </p>
        ) : null}
      </header>

      <div className="panel-progress">
        <ProgressBar value={p.progress} color={status?.color ?? '#888'} label={t('zones.progress')} />
        <span>{t('panel.progress', { value: p.progress })}</span>
      </div>
      {p.taskCount ? (
        <p className="muted rollup-note" data-testid="rollup-note">
          {p.statusOverrideReason ? t('panel.setByHand', { reason: p.statusOverrideReason }) : t('panel.rolledUp')}
        </p>
      ) : null}

      <dl className="facts">
        <dt>{t('panel.leadUnit')}</dt>
        <dd>{unitLabel(p.leadUnit)}</dd>
        <dt>{t('panel.responsibleUnits')}</dt>
        <dd>{p.responsibleUnits.length ? p.responsibleUnits.map(unitLabel).join('、') : '—'}</dd>
        <dt>{t('panel.plannedDates')}</dt>
        <dd>
          {p.plannedStart} — {p.plannedEnd}
          {p.overdue ? (
            <span className="days-left is-late">{t('panel.daysLate', { count: p.overdueDays })}</span>
          ) : p.status !== 'accepted' && p.status !== 'suspended' && daysLeft >= 0 ? (
            <span className="days-left">{t('panel.daysLeft', { count: daysLeft })}</span>
          ) : null}
        </dd>
        {p.village ? (
          <>
            <dt>{t('panel.village')}</dt>
            <dd>{p.village}</dd>
          </>
        ) : null}
      </dl>

      <section className="panel-section">
        <h3>{t('panel.measures')}</h3>
        <p className="measures">{p.measures || '—'}</p>
        {p.notes ? <p className="notes">{p.notes}</p> : null}
      </section>

      <section className="panel-section">
        <h3>
          {t('panel.tasks')} <span className="muted">({props.tasks?.length ?? p.taskCount})</span>
        </h3>
        {props.tasksError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
        {props.tasks ? (
          <ul className="task-list">
            {props.tasks.map((task) => {
              const taskStatus = lookup.taskStatus(task.status);
              return (
                <li key={task.id} className={`task-row${task.overdue ? ' is-overdue' : ''}`} data-task-id={task.id}>
                  <div className="task-title">
                    <button type="button" className="task-open" onClick={() => props.onSelectTask(task.id)}>
                      {task.title}
                    </button>
                    {task.overdue ? <OverdueFlag label={t('zones.overdue')} /> : null}
                    {task.extensionRequest ? <span className="extension-flag">{t('task.extensionFlag')}</span> : null}
                  </div>
                  <div className="task-meta">
                    {taskStatus ? (
                      <StatusBadge label={localName(taskStatus, language)} color={taskStatus.color} />
                    ) : null}
                    <span>{unitLabel(task.assignedUnit)}</span>
                    <span className={task.overdue ? 'is-late' : undefined}>
                      {t('panel.due', { date: task.dueDate })}
                      {task.originalDueDate !== task.dueDate ? (
                        <span className="muted"> {t('panel.extendedFrom', { date: task.originalDueDate })}</span>
                      ) : null}
                    </span>
                    {task.reworkCount > 0 ? (
                      <span className="rework">{t('panel.rework', { count: task.reworkCount })}</span>
                    ) : null}
                  </div>
                  {task.measures ? <div className="task-measures">{task.measures}</div> : null}
                </li>
              );
            })}
          </ul>
        ) : !props.tasksError ? (
          <Message>{t('common.loading')}</Message>
        ) : null}
      </section>

      {item ? (
        <details className="panel-section">
          <summary>{t('panel.itemContent')}</summary>
          <p className="item-content">{item.content}</p>
        </details>
      ) : null}
    </div>
  );
}
