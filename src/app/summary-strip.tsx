import { useTranslation } from 'react-i18next';
import type { ZoneListFeature } from '../shared/zones/zone';

/** Town-wide figures at a glance: zones, accepted, in progress, overdue (a click filters overdue). */
export function SummaryStrip(props: { zones: readonly ZoneListFeature[]; overdueOnly: boolean; onOverdue(): void }) {
  const { t } = useTranslation();
  const total = props.zones.length;
  const accepted = props.zones.filter((zone) => zone.properties.status === 'accepted').length;
  const active = props.zones.filter((zone) =>
    ['in_progress', 'pending_acceptance'].includes(zone.properties.status),
  ).length;
  const overdue = props.zones.filter((zone) => zone.properties.overdue).length;
  return (
    <div className="summary-strip">
      <div className="summary-cell">
        <span className="summary-value">{total}</span>
        <span className="summary-label">{t('summary.zones')}</span>
      </div>
      <div className="summary-cell">
        <span className="summary-value">{active}</span>
        <span className="summary-label">{t('summary.active')}</span>
      </div>
      <div className="summary-cell">
        <span className="summary-value">{total ? Math.round((accepted / total) * 100) : 0}%</span>
        <span className="summary-label">{t('summary.accepted', { count: accepted })}</span>
      </div>
      <button
        type="button"
        className={`summary-cell summary-overdue${props.overdueOnly ? ' is-active' : ''}`}
        aria-pressed={props.overdueOnly}
        onClick={props.onOverdue}
      >
        <span className="summary-value">{overdue}</span>
        <span className="summary-label">{t('summary.overdue')}</span>
      </button>
    </div>
  );
}
