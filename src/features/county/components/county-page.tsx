import { useTranslation } from 'react-i18next';
import { Message } from '../../../ui/message';
import { useCountyOverview, useViewTown, viewedTown } from '../../../data/county';
import type { CountyTown } from '../../../shared/county/county';
import '../county.css';

export interface CountyPageProps {
  /** Open the map (read-only) once a town is chosen. */
  onOpenMap(): void;
}

const percent = (value: number | null, language: string) =>
  value === null ? '—' : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(value);

/** One town's card: figures, the most overdue zones and tasks, the lead units ranked. */
function TownCard({ town, onView }: { town: CountyTown; onView(): void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const figures: [string, string][] = [
    ['dashboard.kpi.zones', String(town.totals.zones)],
    ['dashboard.kpi.accepted', String(town.totals.accepted)],
    ['dashboard.kpi.overdue', String(town.totals.overdueZones)],
    ['county.overdueTasks', String(town.totals.overdueTasks)],
    ['dashboard.kpi.completion', percent(town.totals.completionRate, language)],
    ['dashboard.kpi.onTime', percent(town.totals.onTimeRate, language)],
  ];
  return (
    <section className="county-town" aria-labelledby={`county-town-${town.code}`}>
      <header className="county-town-head">
        <h3 id={`county-town-${town.code}`}>{town.name}</h3>
        <button type="button" className="secondary-button" onClick={onView}>
          {t('county.viewTown')}
        </button>
      </header>
      <dl className="county-figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h4>{t('county.overdueWork')}</h4>
      {town.overdueZones.length === 0 && town.overdueTasks.length === 0 ? (
        <p className="muted">{t('county.noOverdue')}</p>
      ) : (
        <ul className="county-overdue">
          {town.overdueZones.map((zone) => (
            <li key={`zone-${zone.id}`}>
              <span>{zone.name}</span>
              <span className="county-late">{t('panel.daysLate', { count: zone.daysLate })}</span>
            </li>
          ))}
          {town.overdueTasks.map((task) => (
            <li key={`task-${task.id}`}>
              <span>
                {task.title}
                {task.unitName ? <span className="muted"> · {task.unitName}</span> : null}
              </span>
              <span className="county-late">{t('panel.daysLate', { count: task.daysLate })}</span>
            </li>
          ))}
        </ul>
      )}
      <h4>{t('county.unitRanking')}</h4>
      <div className="county-table-wrap">
        <table className="county-units">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.units')}</th>
              <th scope="col">{t('dashboard.col.zones')}</th>
              <th scope="col">{t('dashboard.col.overdue')}</th>
              <th scope="col">{t('dashboard.col.completion')}</th>
              <th scope="col">{t('dashboard.col.onTime')}</th>
            </tr>
          </thead>
          <tbody>
            {town.units.map((unit) => (
              <tr key={unit.name}>
                <th scope="row">{language === 'en' ? unit.nameEn : unit.name}</th>
                <td>{unit.zones}</td>
                <td>{unit.overdueZones}</td>
                <td>{percent(unit.completionRate, language)}</td>
                <td>{percent(unit.onTimeRate, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** 县（市）级总览: every town side by side; a town opens read-only on the map. */
export function CountyPage({ onOpenMap }: CountyPageProps) {
  const { t } = useTranslation();
  const overview = useCountyOverview();
  const viewTown = useViewTown();
  const viewing = viewedTown();
  if (overview.isPending) return <Message>{t('common.loading')}</Message>;
  if (overview.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;
  const viewingName = overview.data.towns.find((town) => town.code === viewing)?.name ?? null;
  return (
    <div className="county-page">
      <h2>{t('county.title')}</h2>
      <p className="muted">{t('county.intro', { date: overview.data.asOf })}</p>
      {viewingName ? (
        <p className="county-viewing">
          {t('county.viewing', { town: viewingName })}{' '}
          <button type="button" className="link-button" onClick={() => viewTown(null)}>
            {t('county.stopViewing')}
          </button>
        </p>
      ) : null}
      <div className="county-towns">
        {overview.data.towns.map((town) => (
          <TownCard
            key={town.code}
            town={town}
            onView={() => {
              viewTown(town.code);
              onOpenMap();
            }}
          />
        ))}
      </div>
    </div>
  );
}
