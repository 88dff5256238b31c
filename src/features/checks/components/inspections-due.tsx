import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { monthOfDay } from '../../../shared/checklists/inspections';
import { inspectionOverviewQuery } from '../../../data/inspections';
import { formatMonth } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import '../checks.css';

/**
 * A lead unit's 月度自查 this month on its work list: the zones of its items with a checklist not yet inspected, each
 * opening the zone (its 月度自查 section has the form). Nothing when every zone is done.
 */
export function InspectionsDue(props: { lookup: CampaignLookup; today: string; onOpenZone(zoneId: string): void }) {
  const { t, i18n } = useTranslation();
  const month = monthOfDay(props.today);
  const overview = useQuery(inspectionOverviewQuery(month, null));
  const due = overview.data?.uninspected ?? [];
  if (!due.length) return null;
  return (
    <section className="work-page inspections-due" aria-labelledby="inspections-due-title">
      <h2 id="inspections-due-title">
        {t('inspections.record', { month: formatMonth(month, i18n.language) })}{' '}
        <span className="muted">({due.length})</span>
      </h2>
      <p className="muted">{t('inspections.dueHint')}</p>
      <ul className="work-list" data-testid="inspections-due">
        {due.map((zone) => (
          <li key={zone.zoneId}>
            <button type="button" className="work-item" onClick={() => props.onOpenZone(zone.zoneId)}>
              <div className="work-zone">{itemLabel(props.lookup, zone.zoneCategory, i18n.language)}</div>
              <div className="work-title">{zone.zoneName}</div>
              <div className="work-meta muted">{t('inspections.pending')}</div>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
