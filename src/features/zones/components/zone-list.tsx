import { useTranslation } from 'react-i18next';
import type { ZoneFeature } from '../../../shared/zones/zone';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { localName } from '../../../lib/i18n';
import { OverdueFlag, StatusBadge } from '../../../ui/status-badge';
import { ProgressBar } from '../../../ui/progress-bar';
import '../zones.css';

export interface ZoneListProps {
  zones: readonly ZoneFeature[];
  totalCount: number;
  lookup: CampaignLookup;
  selectedId: string | null;
  hoveredId: string | null;
  onSelect(id: string): void;
  onHover(id: string | null): void;
}

/** The zones passing the filters, overdue first; a click opens the zone and flies the map to it. */
export function ZoneList(props: ZoneListProps) {
  const { t, i18n } = useTranslation();
  return (
    <section className="zone-list" aria-label={t('zones.listTitle')}>
      <div className="zone-list-header">{t('zones.count', { shown: props.zones.length, total: props.totalCount })}</div>
      {props.zones.length === 0 ? <p className="empty">{t('zones.noneMatch')}</p> : null}
      <ul>
        {props.zones.map((zone) => {
          const p = zone.properties;
          const status = props.lookup.zoneStatus(p.status);
          const item = props.lookup.item(p.category);
          const classes = ['zone-row'];
          if (zone.id === props.selectedId) classes.push('is-selected');
          if (zone.id === props.hoveredId) classes.push('is-hovered');
          if (p.overdue) classes.push('is-overdue');
          return (
            <li key={zone.id}>
              <button
                type="button"
                className={classes.join(' ')}
                data-zone-id={zone.id}
                aria-current={zone.id === props.selectedId ? 'true' : undefined}
                onClick={() => props.onSelect(zone.id)}
                onMouseEnter={() => props.onHover(zone.id)}
                onMouseLeave={() => props.onHover(null)}
                onFocus={() => props.onHover(zone.id)}
                onBlur={() => props.onHover(null)}
              >
                <span className="zone-row-top">
                  <span className="zone-name">{p.name}</span>
                  {p.supervisionCount ? <span className="supervision-flag">{t('zones.supervisionFlag')}</span> : null}
                  {p.overdue ? <OverdueFlag label={t('zones.overdue')} /> : null}
                </span>
                <span className="zone-row-meta">
                  <span className="item-code" title={item ? localName(item, i18n.language) : p.category}>
                    {p.category}
                  </span>
                  {status ? <StatusBadge label={localName(status, i18n.language)} color={status.color} /> : null}
                  <span className="zone-progress-text">{p.progress}%</span>
                </span>
                <ProgressBar value={p.progress} color={status?.color ?? '#888'} label={t('zones.progress')} />
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
