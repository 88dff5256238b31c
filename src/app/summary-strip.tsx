import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZoneListFeature } from '../shared/zones/zone';

/** Town-wide figures at a glance: zones, accepted, in progress, overdue (a click filters overdue). */
export function SummaryStrip(props: { zones: readonly ZoneListFeature[]; overdueOnly: boolean; onOverdue(): void }) {
  const { t } = useTranslation();
  // Counted once per list of zones, not at each filter change (P9: a county's 11,000).
  const { total, accepted, active, overdue } = useMemo(() => countZones(props.zones), [props.zones]);
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

function countZones(zones: readonly ZoneListFeature[]) {
  let accepted = 0;
  let active = 0;
  let overdue = 0;
  for (const { properties } of zones) {
    if (properties.status === 'accepted') accepted += 1;
    else if (properties.status === 'in_progress' || properties.status === 'pending_acceptance') active += 1;
    if (properties.overdue) overdue += 1;
  }
  return { total: zones.length, accepted, active, overdue };
}
