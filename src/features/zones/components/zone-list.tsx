import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZoneListFeature } from '../../../shared/zones/zone';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { localName } from '../../../lib/i18n';
import { itemLabel } from '../../../lib/item-label';
import { OverdueFlag, StatusBadge } from '../../../ui/status-badge';
import { ProgressBar } from '../../../ui/progress-bar';
import { VIRTUAL_LIST_FROM } from '../zone-filter';
import { useZoneHovered, type ZoneHover } from '../zone-hover';
import '../zones.css';

/** Only a county-sized list loads the virtualiser (a town's list never does: P1). */
const VirtualRows = lazy(() => import('./virtual-rows'));

export interface ZoneListProps {
  zones: readonly ZoneListFeature[];
  totalCount: number;
  lookup: CampaignLookup;
  selectedId: string | null;
  /** The hovered zone, shared with the map's highlight. */
  hover: ZoneHover;
  onSelect(id: string): void;
}

/** The zones passing the filters, overdue first; a click opens the zone and flies the map to it. */
export function ZoneList(props: ZoneListProps) {
  const { t } = useTranslation();
  const row = (zone: ZoneListFeature) => <ZoneRow zone={zone} {...props} />;
  return (
    <section
      className={`zone-list${props.zones.length >= VIRTUAL_LIST_FROM ? ' is-virtual' : ''}`}
      aria-label={t('zones.listTitle')}
    >
      <div className="zone-list-header">{t('zones.count', { shown: props.zones.length, total: props.totalCount })}</div>
      {props.zones.length === 0 ? <p className="empty">{t('zones.noneMatch')}</p> : null}
      {props.zones.length >= VIRTUAL_LIST_FROM ? (
        <Suspense fallback={null}>
          <VirtualRows zones={props.zones} row={row} selectedId={props.selectedId} />
        </Suspense>
      ) : (
        <ul>
          {props.zones.map((zone) => (
            <li key={zone.id}>{row(zone)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ZoneRow({ zone, lookup, selectedId, hover, onSelect }: ZoneListProps & { zone: ZoneListFeature }) {
  const { t, i18n } = useTranslation();
  const hovered = useZoneHovered(hover, zone.id);
  const p = zone.properties;
  const status = lookup.zoneStatus(p.status);
  const item = lookup.item(p.category);
  const classes = ['zone-row'];
  if (zone.id === selectedId) classes.push('is-selected');
  if (hovered) classes.push('is-hovered');
  if (p.overdue) classes.push('is-overdue');
  return (
    <button
      type="button"
      className={classes.join(' ')}
      data-zone-id={zone.id}
      aria-current={zone.id === selectedId ? 'true' : undefined}
      onClick={() => onSelect(zone.id)}
      onMouseEnter={() => hover.set(zone.id)}
      onMouseLeave={() => hover.set(null)}
      onFocus={() => hover.set(zone.id)}
      onBlur={() => hover.set(null)}
    >
      <span className="zone-row-top">
        <span className="zone-name">{p.name}</span>
        {p.supervisionCount ? <span className="supervision-flag">{t('zones.supervisionFlag')}</span> : null}
        {p.overdue ? <OverdueFlag label={t('zones.overdue')} /> : null}
      </span>
      <span className="zone-row-meta">
        <span className="item-code" title={item ? localName(item, i18n.language) : p.category}>
          {itemLabel(lookup, p.category, i18n.language)}
        </span>
        {status ? <StatusBadge label={localName(status, i18n.language)} color={status.color} /> : null}
        <span className="zone-progress-text">{p.progress}%</span>
      </span>
      <ProgressBar value={p.progress} color={status?.color ?? '#888'} label={t('zones.progress')} />
    </button>
  );
}
