import { useEffect, useState, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/admin/auth';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { localName } from '../../../lib/i18n';
import { problemText } from '../../../lib/problem-text';
import { cachedDataTime } from '../../../lib/offline-cache';
import { onOutboxSync, registerServiceWorker, whenControlled } from '../../../lib/service-worker';
import { Dialog } from '../../../ui/dialog';
import {
  discard,
  recoverInterrupted,
  retry,
  sendOutbox,
  settleConflict,
  useOutbox,
  type OutboxAction,
  type OutboxItem,
} from '../../../data/outbox';
import { keepMyWorkOffline } from '../../../data/field-cache';
import '../field.css';

/** Roles whose own work is kept on the phone for offline use (docs/field.md). */
const FIELD_ROLES: readonly SessionUser['role'][] = ['unit', 'inspector'];
/** After a send that got no answer, the outbox waits this long before trying again by itself. */
const RETRY_MS = 30_000;

const subscribeOnline = (listener: () => void) => {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
};
export const useOnline = () => useSyncExternalStore(subscribeOnline, () => navigator.onLine);

/**
 * The field app's status (docs/field.md): registers the service worker after the first paint, says plainly when
 * the phone is offline and how old the data shown is, keeps the user's own work for offline use, and shows and
 * sends the outbox ("待上传 N") when the network returns, on the next open, or on Background Sync.
 */
export function FieldStatus({ user, lookup }: { user: SessionUser; lookup: CampaignLookup | null }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const online = useOnline();
  const items = useOutbox(user.id);
  const [dataTime, setDataTime] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const waiting = items.filter((item) => item.state === 'waiting').length;

  useEffect(() => {
    void registerServiceWorker();
    void recoverInterrupted();
  }, []);

  // Keep the user's own work for offline use: read once the service worker controls the page (so it keeps a
  // copy), after the map page has had its turn.
  useEffect(() => {
    if (!online || !FIELD_ROLES.includes(user.role)) return;
    let current = true;
    const timer = window.setTimeout(
      () =>
        void registerServiceWorker()
          .then((registration) => (registration ? whenControlled() : undefined))
          .then(() => (current ? keepMyWorkOffline(client) : undefined))
          .catch(() => undefined),
      1500,
    );
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [online, user.role, client]);

  useEffect(() => {
    if (online) return;
    let current = true;
    void cachedDataTime().then((time) => current && setDataTime(time));
    return () => {
      current = false;
    };
  }, [online]);

  // Send: on open and when the network returns (or a new item is queued), on Background Sync, and every so often.
  useEffect(() => {
    if (!online || !waiting) return;
    const send = () => void sendOutbox(user, client);
    send();
    const timer = window.setInterval(send, RETRY_MS);
    const stop = onOutboxSync(send);
    return () => {
      window.clearInterval(timer);
      stop();
    };
  }, [online, waiting, user, client]);

  const attention = items.some((item) => item.state === 'conflict' || item.state === 'failed');
  if (online && !items.length) return null;
  return (
    <>
      <div className={`field-banner${online ? '' : ' is-offline'}`} role="status" data-testid="field-banner">
        {online ? null : (
          <span>
            {dataTime ? t('field.offlineSince', { time: formatDateTime(dataTime, i18n.language) }) : t('field.offline')}
          </span>
        )}
        {items.length ? (
          <button
            type="button"
            className={`field-outbox-button${attention ? ' needs-attention' : ''}`}
            data-testid="outbox-button"
            onClick={() => setOpen(true)}
          >
            {t('field.outboxCount', { count: items.length })}
            {attention ? ` · ${t('field.needsYou')}` : null}
          </button>
        ) : null}
      </div>
      {open ? (
        <Dialog
          backdropClassName="field-backdrop"
          className="field-dialog"
          label={t('field.outboxTitle')}
          testId="outbox-dialog"
          onClose={() => setOpen(false)}
        >
          <header className="field-dialog-header">
            <h2>{t('field.outboxTitle')}</h2>
            <button type="button" className="panel-close" onClick={() => setOpen(false)} aria-label={t('field.close')}>
              ×
            </button>
          </header>
          <p className="muted">{t('field.outboxHint')}</p>
          {items.length ? (
            <ol className="outbox-list">
              {items.map((item) => (
                <OutboxEntry key={item.key} item={item} lookup={lookup} />
              ))}
            </ol>
          ) : (
            <p>{t('field.outboxEmpty')}</p>
          )}
        </Dialog>
      ) : null}
    </>
  );
}

function OutboxEntry({ item, lookup }: { item: OutboxItem; lookup: CampaignLookup | null }) {
  const { t, i18n } = useTranslation();
  const what =
    item.kind === 'photo'
      ? t('field.kind.photo', { phase: t(`photos.phase.${item.phase}`), name: item.fileName })
      : item.kind === 'action'
        ? t('field.kind.action', { action: t(`task.action.${item.action}`) })
        : item.kind === 'case'
          ? t('field.kind.case', { code: item.body.code, description: item.body.description })
          : item.kind === 'flood-event'
            ? t('field.kind.floodEvent', { date: item.body.occurredOn, count: item.body.points.length })
            : t('field.kind.note', { note: item.note });
  const title = item.kind === 'action' ? item.mine.title : null;
  const error =
    item.state === 'failed' && item.error
      ? problemText(new ApiError(item.error.status, item.error.problem), t, {
          refusal: 'task.refusal.',
          status: { 403: 'task.forbidden', 409: 'photos.needBefore', 413: 'photos.tooLarge' },
          otherwise: 'detail',
        })
      : null;
  return (
    <li className={`outbox-item outbox-${item.state}`} data-testid="outbox-item" data-state={item.state}>
      <div className="outbox-what">
        <strong>{what}</strong>
        {title ? <span className="muted"> · {title}</span> : null}
      </div>
      <div className="muted">
        {formatDateTime(item.createdAt, i18n.language)} · {t(`field.state.${item.state}`)}
      </div>
      {error ? <div className="upload-error">{error}</div> : null}
      {item.kind === 'action' && item.state === 'conflict' && item.server ? (
        <Conflict item={item} lookup={lookup} />
      ) : null}
      {item.state === 'failed' ? (
        <div className="form-actions">
          <button type="button" className="secondary-button" onClick={() => void retry(item)}>
            {t('field.retry')}
          </button>
          <button type="button" className="link-button" onClick={() => void discard(item)}>
            {t('field.discard')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** Both versions of a task that someone else changed meanwhile; the user chooses (nothing is decided for them). */
function Conflict({ item, lookup }: { item: OutboxAction; lookup: CampaignLookup | null }) {
  const { t, i18n } = useTranslation();
  const server = item.server!;
  const statusName = (code: string) => {
    const status = lookup?.taskStatus(code);
    return status ? localName(status, i18n.language) : code;
  };
  return (
    <div className="outbox-conflict" data-testid="outbox-conflict">
      <p>{t('field.conflict')}</p>
      <dl className="conflict-versions">
        <dt>{t('field.mine')}</dt>
        <dd data-testid="conflict-mine">
          {t('field.mineWas', {
            action: t(`task.action.${item.action}`),
            status: statusName(item.mine.status),
            due: item.mine.dueDate,
          })}
        </dd>
        <dt>{t('field.theirs')}</dt>
        <dd data-testid="conflict-theirs">
          {t('field.theirsNow', { status: statusName(server.status), due: server.dueDate })}
        </dd>
      </dl>
      <div className="form-actions">
        <button type="button" className="primary-button" onClick={() => void settleConflict(item, 'mine')}>
          {t('field.keepMine')}
        </button>
        <button type="button" className="secondary-button" onClick={() => void settleConflict(item, 'theirs')}>
          {t('field.keepTheirs')}
        </button>
      </div>
    </div>
  );
}
