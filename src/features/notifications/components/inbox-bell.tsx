import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInbox, useMarkRead } from '../../../data/inbox';
import type { InboxItem } from '../../../shared/notifications/notification';
import '../notifications.css';

export interface InboxBellProps {
  /** Open an item's place in the app (a path with its query). */
  onNavigate(path: string): void;
}

/**
 * How long ago, in whole minutes, hours or days: an inbox reads "3 小时前" (and needs no calendar formatting, which
 * keeps the bell's chunk small).
 */
function useAgo() {
  const { t } = useTranslation();
  return (iso: string) => {
    const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60_000));
    if (minutes < 1) return t('inbox.justNow');
    if (minutes < 60) return t('inbox.minutesAgo', { count: minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return t('inbox.hoursAgo', { count: hours });
    return t('inbox.daysAgo', { count: Math.floor(hours / 24) });
  };
}

/** The item as a sentence in the UI language (every kind has its text in both languages). */
function useItemText() {
  const { t } = useTranslation();
  return (item: InboxItem) => t(`inbox.kinds.${item.kind}`, { ...item.params, defaultValue: t('inbox.other') });
}

/**
 * The header's bell: the unread count, and on a click the inbox (newest first) for the signed-in person, their
 * unit and their role. Opening an item marks it read and goes to it. Loaded lazily with its texts.
 */
export function InboxBell({ onNavigate }: InboxBellProps) {
  const { t } = useTranslation();
  const ago = useAgo();
  const inbox = useInbox();
  const markRead = useMarkRead();
  const text = useItemText();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const unread = inbox.data?.unread ?? 0;
  const openItem = (item: InboxItem) => {
    if (!item.read) markRead.mutate({ ids: [item.id] });
    setOpen(false);
    onNavigate(item.link);
  };
  return (
    <div className="inbox-bell" ref={root}>
      <button
        type="button"
        className="inbox-bell-button"
        aria-expanded={open}
        aria-label={unread ? t('inbox.bellUnread', { count: unread }) : t('inbox.bell')}
        onClick={() => setOpen(!open)}
        data-testid="inbox-bell"
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread ? (
          <span className="inbox-count" data-testid="inbox-count">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section className="inbox-panel" aria-label={t('inbox.title')}>
          <header className="inbox-head">
            <h2>{t('inbox.title')}</h2>
            {unread ? (
              <button type="button" className="link-button" onClick={() => markRead.mutate({ all: true })}>
                {t('inbox.markAll')}
              </button>
            ) : null}
          </header>
          {inbox.isError ? <p className="inbox-empty">{t('common.loadFailed')}</p> : null}
          {inbox.data && !inbox.data.items.length ? <p className="inbox-empty">{t('inbox.empty')}</p> : null}
          <ul className="inbox-list">
            {inbox.data?.items.map((item) => (
              <li key={item.id} className={item.read ? undefined : 'is-unread'}>
                <a
                  href={item.link}
                  onClick={(event) => {
                    event.preventDefault();
                    openItem(item);
                  }}
                >
                  <span className="inbox-text">{text(item)}</span>
                  <span className="inbox-time" title={item.createdAt}>
                    {ago(item.createdAt)}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
