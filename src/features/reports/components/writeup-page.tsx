import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { useTranslation } from 'react-i18next';
import { createCampaignLookup, type CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { Task } from '../../../shared/zones/zone';
import type { Photo } from '../../../shared/photos/photo';
import { taskUpdateSchema, type TaskUpdate } from '../../../shared/tasks/task';
import { localName } from '../../../lib/i18n';
import { formatDateTime, unitName } from '../../../lib/format';
import { ApiError, getJson } from '../../../lib/api';
import { Message } from '../../../ui/message';
import { useZone, useZoneTasks } from '../../../data/zones';
import { useZonePhotos } from '../../../data/photos';
import { taskKeys } from '../../../data/tasks';
import '../reports.css';

const updateListSchema = z.array(taskUpdateSchema);

/** The zone with its tasks, photos and each task's update thread (the caches the zone panel uses). */
function useWriteupData(zoneId: string) {
  const zone = useZone(zoneId);
  const tasks = useZoneTasks(zoneId);
  const photos = useZonePhotos(zoneId);
  const updates = useQueries({
    queries: (tasks.data ?? []).map((task) => ({
      queryKey: taskKeys.updates(task.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        getJson(`/api/tasks/${encodeURIComponent(task.id)}/updates`, updateListSchema, signal),
    })),
  });
  return { zone, tasks, photos, updates };
}

export interface WriteupPageProps {
  campaign: CampaignResponse;
  /** The zone written up (?zone= from the app's router), null when the link names none. */
  zoneId: string | null;
  sampleData: boolean;
  onNavigate(href: string): void;
}

interface WriteupDocumentProps extends WriteupPageProps {
  zoneId: string;
  lookup: CampaignLookup;
}

/** A before/after pair of a task (or a before-photo still waiting for its after-photo). */
interface Pair {
  before: Photo | null;
  after: Photo | null;
}

/** Each after-photo with its before-photo (oldest first), then before-photos no after-photo points at. */
function pairsOf(photos: readonly Photo[]): Pair[] {
  const byId = new Map(photos.map((photo) => [photo.id, photo]));
  const oldestFirst = [...photos].sort(
    (a, b) => a.uploadedAt.localeCompare(b.uploadedAt) || Number(a.id) - Number(b.id),
  );
  const afters = oldestFirst.filter((photo) => photo.phase === 'after');
  const paired = new Set(afters.map((photo) => photo.pairedWith));
  return [
    ...afters.map((after) => ({ before: (after.pairedWith && byId.get(after.pairedWith)) || null, after })),
    ...oldestFirst
      .filter((photo) => photo.phase === 'before' && !paired.has(photo.id))
      .map((before) => ({ before, after: null })),
  ];
}

/**
 * The printable case write-up (整治案件) of one zone: background, measures (一区一策), tasks with
 * their history, before/after pairs, result and acceptance. Laid out for A4 portrait in print.
 */
export function WriteupPage(props: WriteupPageProps) {
  const { t } = useTranslation();
  const zoneId = props.zoneId;
  const lookup = useMemo(() => createCampaignLookup(props.campaign), [props.campaign]);
  if (!zoneId || !/^\d{1,12}$/.test(zoneId)) {
    return (
      <main className="case-report">
        <Message tone="error">{t('caseReport.noZone')}</Message>
      </main>
    );
  }
  return <WriteupDocument {...props} zoneId={zoneId} lookup={lookup} />;
}

function WriteupDocument({ zoneId, lookup, campaign, sampleData, onNavigate }: WriteupDocumentProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { zone, tasks, photos, updates } = useWriteupData(zoneId);
  const unitLabel = (id: string) => unitName(lookup, id, language);
  const when = (iso: string) => formatDateTime(iso, language);
  const today = campaign.today;
  const campaignName = localName(campaign.campaign, language);
  const mapHref = `/?zone=${encodeURIComponent(zoneId)}`;

  if (zone.isError) {
    const missing = zone.error instanceof ApiError && (zone.error.status === 404 || zone.error.status === 400);
    return (
      <main className="case-report">
        <Message tone="error">{missing ? t('caseReport.notFound', { id: zoneId }) : t('common.loadFailed')}</Message>
      </main>
    );
  }
  if (!zone.data || !tasks.data || !photos.data || updates.some((query) => query.isPending)) {
    return (
      <main className="case-report" aria-busy="true">
        {tasks.isError || photos.isError || updates.some((query) => query.isError) ? (
          <Message tone="error">{t('common.loadFailed')}</Message>
        ) : (
          <Message>{t('common.loading')}</Message>
        )}
      </main>
    );
  }

  const p = zone.data.properties;
  const item = lookup.item(p.category);
  const zoneStatus = lookup.zoneStatus(p.status);
  const taskList = tasks.data;
  const threadOf = (task: Task): TaskUpdate[] => updates[taskList.indexOf(task)]?.data ?? [];
  const evidence = photos.data.filter((photo) => photo.phase === 'before' || photo.phase === 'after');
  const groups = [
    ...taskList.map((task) => ({
      key: task.id,
      title: task.title,
      pairs: pairsOf(evidence.filter((photo) => photo.taskId === task.id)),
    })),
    {
      key: 'zone',
      title: t('caseReport.zonePhotos'),
      pairs: pairsOf(evidence.filter((photo) => photo.taskId === null)),
    },
  ].filter((group) => group.pairs.length > 0);
  const acceptances = taskList.flatMap((task) =>
    threadOf(task)
      .filter((entry) => entry.kind === 'action' && entry.action === 'accept')
      .map((entry) => ({ task, entry })),
  );
  const allDone =
    taskList.length > 0 && taskList.every((task) => task.status === 'done' || task.status === 'suspended');
  const lastCompletion = taskList
    .map((task) => task.completedOn)
    .filter((day): day is string => day !== null)
    .sort()
    .at(-1);

  const statusName = (code: string | null) => {
    if (!code) return '';
    const status = lookup.taskStatus(code);
    return status ? localName(status, language) : code;
  };
  const entryText = (entry: TaskUpdate) => {
    if (entry.kind === 'action' && entry.action) {
      const action = t(`caseReport.action.${entry.action}`, { defaultValue: entry.action });
      return entry.fromStatus && entry.toStatus
        ? t('caseReport.entry.moved', { action, from: statusName(entry.fromStatus), to: statusName(entry.toStatus) })
        : action;
    }
    return t(`caseReport.entry.${entry.kind}`);
  };

  return (
    <main className="case-report" aria-labelledby="case-title">
      <div className="case-toolbar">
        <a
          href={mapHref}
          onClick={(event) => {
            event.preventDefault();
            onNavigate(mapHref);
          }}
        >
          {t('caseReport.backToMap')}
        </a>
        <button type="button" className="primary-button" onClick={() => window.print()}>
          {t('caseReport.print')}
        </button>
      </div>
      <article className="case-document" data-testid="case-document">
        <header className="case-head">
          <p className="case-kicker">
            {campaignName} · {t('caseReport.kind')}
          </p>
          <h2 id="case-title">{p.name}</h2>
          <p className="case-meta">
            {t('caseReport.generated', { date: today })}
            {sampleData ? <span className="case-sample"> · {t('caseReport.sample')}</span> : null}
          </p>
        </header>

        <section className="case-section">
          <h3>{t('caseReport.background')}</h3>
          <dl className="case-facts">
            <dt>{t('caseReport.item')}</dt>
            <dd>
              {p.category} {item ? localName(item, language) : ''}
            </dd>
            <dt>{t('caseReport.zone')}</dt>
            <dd>{p.name}</dd>
            <dt>{t('caseReport.village')}</dt>
            <dd>{p.village ?? '—'}</dd>
            <dt>{t('caseReport.leadUnit')}</dt>
            <dd>{unitLabel(p.leadUnit)}</dd>
            <dt>{t('caseReport.responsibleUnits')}</dt>
            <dd>{p.responsibleUnits.length ? p.responsibleUnits.map(unitLabel).join('、') : '—'}</dd>
            <dt>{t('caseReport.planned')}</dt>
            <dd>{t('caseReport.plannedRange', { start: p.plannedStart, end: p.plannedEnd })}</dd>
          </dl>
          {item?.content ? (
            <>
              <h4>{t('caseReport.itemContent')}</h4>
              <p className="case-text">{item.content}</p>
            </>
          ) : null}
        </section>

        <section className="case-section">
          <h3>{t('caseReport.measures')}</h3>
          <p className="case-text">{p.measures.trim() ? p.measures : t('caseReport.none')}</p>
        </section>

        <section className="case-section">
          <h3>{t('caseReport.tasks')}</h3>
          {taskList.length ? null : <p>{t('caseReport.noTasks')}</p>}
          {taskList.map((task, index) => {
            const status = lookup.taskStatus(task.status);
            return (
              <section key={task.id} className="case-task" data-task-id={task.id}>
                <h4>
                  {index + 1}. {task.title}
                </h4>
                <p className="case-task-facts">
                  {t('caseReport.taskFacts', {
                    unit: unitLabel(task.assignedUnit),
                    due: task.dueDate,
                    status: status ? localName(status, language) : task.status,
                  })}
                  {task.originalDueDate !== task.dueDate
                    ? ` ${t('caseReport.originalDue', { date: task.originalDueDate })}`
                    : ''}
                  {task.reworkCount ? ` · ${t('caseReport.rework', { count: task.reworkCount })}` : ''}
                  {task.extensionCount ? ` · ${t('caseReport.extensions', { count: task.extensionCount })}` : ''}
                  {task.overdue ? ` · ${t('caseReport.overdue')}` : ''}
                </p>
                {task.measures.trim() ? <p className="case-text">{task.measures}</p> : null}
                <ol className="case-history">
                  {threadOf(task).map((entry) => (
                    <li key={entry.id}>
                      <span className="case-when">{when(entry.at)}</span>{' '}
                      <span className="case-who">{entry.actorName || entry.actor || t('caseReport.system')}</span>{' '}
                      {entryText(entry)}
                      {entry.note ? <span className="case-note">：{entry.note}</span> : null}
                    </li>
                  ))}
                </ol>
              </section>
            );
          })}
        </section>

        <section className="case-section">
          <h3>{t('caseReport.pairs')}</h3>
          {groups.length ? null : <p>{t('caseReport.noPhotos')}</p>}
          {groups.map((group) => (
            <section key={group.key} className="case-pair-group">
              <h4>{group.title}</h4>
              {group.pairs.map((pair) => (
                <figure key={(pair.after ?? pair.before)!.id} className="case-pair" data-testid="case-pair">
                  <div className="case-pair-images">
                    <PhotoCell photo={pair.before} label={t('caseReport.before')} />
                    <PhotoCell photo={pair.after} label={t('caseReport.after')} />
                  </div>
                  <figcaption className="case-distance">
                    {pair.after
                      ? pair.after.pairDistanceM !== null
                        ? t('caseReport.distance', { meters: pair.after.pairDistanceM })
                        : t('caseReport.distanceUnknown')
                      : t('caseReport.noAfter')}
                    {pair.after?.pairFlagged ? ` · ${t('caseReport.flagged')}` : ''}
                    {pair.after?.referenceObject || pair.before?.referenceObject
                      ? ` · ${t('caseReport.reference', { name: pair.after?.referenceObject || pair.before?.referenceObject })}`
                      : ''}
                  </figcaption>
                </figure>
              ))}
            </section>
          ))}
        </section>

        <section className="case-section">
          <h3>{t('caseReport.result')}</h3>
          <dl className="case-facts">
            <dt>{t('caseReport.zoneStatus')}</dt>
            <dd>{zoneStatus ? localName(zoneStatus, language) : p.status}</dd>
            <dt>{t('caseReport.progress')}</dt>
            <dd>{p.progress}%</dd>
            <dt>{t('caseReport.completedOn')}</dt>
            <dd>{allDone && lastCompletion ? lastCompletion : t('caseReport.notCompleted')}</dd>
          </dl>
          {taskList.some((task) => task.completedOn) ? (
            <ul className="case-completions">
              {taskList
                .filter((task) => task.completedOn)
                .map((task) => (
                  <li key={task.id}>{t('caseReport.taskCompleted', { title: task.title, date: task.completedOn })}</li>
                ))}
            </ul>
          ) : null}
        </section>

        <section className="case-section">
          <h3>{t('caseReport.acceptance')}</h3>
          {acceptances.length ? (
            <ul className="case-acceptances" data-testid="case-acceptances">
              {acceptances.map(({ task, entry }) => (
                <li key={entry.id}>
                  {t('caseReport.accepted', {
                    title: task.title,
                    who: entry.actorName || entry.actor || t('caseReport.system'),
                    when: when(entry.at),
                  })}
                  {entry.note ? `：${entry.note}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('caseReport.notAccepted')}</p>
          )}
        </section>
      </article>
    </main>
  );
}

function PhotoCell({ photo, label }: { photo: Photo | null; label: string }) {
  const { t, i18n } = useTranslation();
  if (!photo) {
    return (
      <div className="case-photo is-missing">
        <div className="case-photo-label">{label}</div>
        <p className="muted">{t('caseReport.noPhoto')}</p>
      </div>
    );
  }
  const position = photo.position
    ? t('caseReport.position', {
        lon: photo.position.lon.toFixed(6),
        lat: photo.position.lat.toFixed(6),
        source: t(`caseReport.positionSource.${photo.positionSource ?? 'exif'}`),
      })
    : t('caseReport.positionUnknown');
  return (
    <div className="case-photo">
      <div className="case-photo-label">{label}</div>
      <img
        src={photo.urls.display}
        alt={t('caseReport.photoAlt', { label, name: photo.referenceObject || photo.originalName })}
      />
      <ul className="case-photo-facts">
        <li>
          {photo.takenAt
            ? t('caseReport.takenAt', { when: formatDateTime(photo.takenAt, i18n.language) })
            : t('caseReport.uploadedAt', { when: formatDateTime(photo.uploadedAt, i18n.language) })}
        </li>
        <li>{position}</li>
        <li>{t('caseReport.takenBy', { name: photo.uploadedBy })}</li>
      </ul>
    </div>
  );
}
