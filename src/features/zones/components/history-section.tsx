import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZoneFeature } from '../../../shared/zones/zone';
import { historyPreview, type HistoryPreview } from '../history-preview.layer';
import { Message } from '../../../ui/message';
import { formatDateTime } from '../../../lib/format';
import { useRestoreZone, useZoneHistory } from '../../../data/zone-history';
import { ProblemMessage } from '../../../ui/problem-message';
import '../zones.css';

/** Every version of a zone: who changed what and when; show an earlier shape on the map, restore it. */
export function HistorySection(props: {
  zone: ZoneFeature;
  canRestore: boolean;
  onPreview(preview: HistoryPreview | null): void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const history = useZoneHistory(props.zone.id, open);
  const restore = useRestoreZone(props.zone.id);
  const [previewed, setPreviewed] = useState<number | null>(null);
  return (
    <details className="panel-section history" onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary>{t('history.title', { version: props.zone.properties.version })}</summary>
      {history.isPending && open ? <Message>{t('common.loading')}</Message> : null}
      {history.data ? (
        <ol className="history-list" reversed>
          {[...history.data].reverse().map((entry) => (
            <li key={entry.version} data-version={entry.version}>
              <div>
                <strong>v{entry.version}</strong> {t(`history.actions.${entry.action}`)} · {entry.actorName ?? '—'} ·{' '}
                <span className="muted">{formatDateTime(entry.at, i18n.language)}</span>
              </div>
              {entry.changed.length ? (
                <div className="muted">
                  {t('history.changed', {
                    fields: entry.changed.map((field) => t(`history.fields.${field}`)).join('、'),
                  })}
                </div>
              ) : null}
              {entry.reason ? <div className="muted">{t('history.reason', { reason: entry.reason })}</div> : null}
              <div className="row-actions">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    const next = previewed === entry.version ? null : entry.version;
                    setPreviewed(next);
                    props.onPreview(next === null ? null : historyPreview(entry.snapshot.geometry));
                  }}
                >
                  {previewed === entry.version ? t('history.hide') : t('history.show')}
                </button>
                {props.canRestore && entry.version !== props.zone.properties.version ? (
                  <button
                    type="button"
                    className="link-button"
                    disabled={restore.isPending}
                    onClick={() => {
                      props.onPreview(null);
                      setPreviewed(null);
                      restore.mutate({ version: entry.version, currentVersion: props.zone.properties.version });
                    }}
                  >
                    {t('history.restore')}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      <ProblemMessage error={restore.error} wording={{ status: { 412: 'history.stale' } }} />
    </details>
  );
}
