import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { addDays, daysBetween } from '../../../shared/time/dates';
import { localName } from '../../../lib/i18n';
import { itemLabel } from '../../../lib/item-label';
import { Message } from '../../../ui/message';
import { useDashboard } from '../../../data/dashboard';
import { usePhaseDeliverables } from '../../../data/deliverables';
import type { Dashboard } from '../../../shared/dashboard/dashboard';
import { StatusChart } from './status-chart';
import { PhaseDeliverableList } from './phase-deliverables';
import { ResidentsSection } from './residents-section';
import { BIG_ROWS, BigRotation, chunks, pageTitle, RedBlackList } from './big-rotation';
import '../dashboard.css';

/** Zones to show on the map for a figure, with what they are. */
export interface ZoneSelection {
  label: string;
  ids: string[];
}

export interface DashboardPanelProps {
  campaign: CampaignResponse;
  lookup: CampaignLookup;
  /** The day shown; null for today. */
  asOf: string | null;
  onAsOf(day: string | null): void;
  onShow(selection: ZoneSelection): void;
  onSelectZone(id: string): void;
  onClose?(): void;
  /** The meeting-room screen: large type, dark, refreshing by itself. */
  variant?: 'panel' | 'big';
}

const percent = (value: number | null, language: string) =>
  value === null ? '—' : new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(value);

/**
 * 一张表: the campaign at a glance beside the map: totals and rates, zones by status per item,
 * the plan's phases with today marked, overdue hot lists and the lead units' figures. Every figure
 * shows its zones on the map; a slider shows any earlier day from the history.
 */
export function DashboardPanel({
  campaign,
  lookup,
  asOf,
  onAsOf,
  onShow,
  onSelectZone,
  onClose,
  variant = 'panel',
}: DashboardPanelProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const big = variant === 'big';
  const dashboard = useDashboard(asOf, big ? 60_000 : undefined);
  // What each phase must produce and whether it has (today's state; the history slider does not replay it). Not on
  // the meeting-room screen, whose phases page must fit one rotating page.
  const deliverables = usePhaseDeliverables(!big);
  const data = dashboard.data;
  const start = campaign.phases[0]?.startsOn ?? addDays(campaign.today, -365);
  const span = Math.max(1, daysBetween(start, campaign.today));
  const shownDay = asOf ?? campaign.today;
  const unitName = (id: string) => {
    const unit = lookup.unit(id);
    return unit ? localName(unit, language) : id;
  };

  const tile = (key: string, value: string, ids: string[] | null, tone?: 'danger' | 'good') => (
    <button
      type="button"
      className={`kpi${tone ? ` kpi-${tone}` : ''}`}
      data-kpi={key}
      disabled={!ids}
      onClick={() => ids && onShow({ label: t(`dashboard.kpi.${key}`), ids })}
    >
      <span className="kpi-value">{value}</span>
      <span className="kpi-label">{t(`dashboard.kpi.${key}`)}</span>
    </button>
  );

  // The lead units, best completion first (the table and the big screen's 红黑榜).
  const sorted = data
    ? [...data.units].sort((a, b) => (b.completionRate ?? -1) - (a.completionRate ?? -1) || b.zones - a.zones)
    : [];
  const hotZonesList = (zones: Dashboard['hotZones'], start: number) => (
    <ol className="hot-list" data-testid="hot-zones" start={start}>
      {zones.map((zone) => (
        <li key={zone.id}>
          <button type="button" className="link-button" onClick={() => onSelectZone(zone.id)}>
            <span className="item-code">{itemLabel(lookup, zone.category, language)}</span> {zone.name}
          </button>
          <span className="is-late">{t('panel.daysLate', { count: zone.daysLate })}</span>
        </li>
      ))}
    </ol>
  );
  const hotTasksList = (tasks: Dashboard['hotTasks'], start: number) => (
    <ol className="hot-list" start={start}>
      {tasks.map((task) => (
        <li key={task.id}>
          <button type="button" className="link-button" onClick={() => onSelectZone(task.zoneId)}>
            {task.title}
          </button>
          <span className="muted">{unitName(task.assignedUnit)}</span>
          <span className="is-late">{t('panel.daysLate', { count: task.daysLate })}</span>
        </li>
      ))}
    </ol>
  );
  const unitsTable = (units: Dashboard['units']) => (
    <table className="data-table unit-table" data-testid="unit-table">
      <thead>
        <tr>
          <th>{t('panel.leadUnit')}</th>
          <th>{t('dashboard.col.zones')}</th>
          <th>{t('dashboard.col.accepted')}</th>
          <th>{t('dashboard.col.overdue')}</th>
          <th>{t('dashboard.col.completion')}</th>
          <th>{t('dashboard.col.onTime')}</th>
          <th>{t('dashboard.col.rework')}</th>
        </tr>
      </thead>
      <tbody>
        {units.map((unit) => (
          <tr key={unit.unit} data-unit={unit.unit}>
            <th scope="row">
              <button
                type="button"
                className="link-button"
                onClick={() => onShow({ label: unitName(unit.unit), ids: unit.zoneIds })}
              >
                {unitName(unit.unit)}
              </button>
            </th>
            <td>{unit.zones}</td>
            <td>{unit.accepted}</td>
            <td className={unit.overdueZones ? 'is-late' : undefined}>{unit.overdueZones}</td>
            <td>{percent(unit.completionRate, language)}</td>
            <td>{percent(unit.onTimeRate, language)}</td>
            <td>{unit.reworkEvents}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const phasesSection = (
    <section className="dashboard-section">
      <h3>{t('dashboard.phases')}</h3>
      <ol className="phase-timeline" data-testid="phase-timeline">
        {campaign.phases.map((phase) => {
          const current = phase.startsOn <= shownDay && shownDay <= phase.endsOn;
          const length = Math.max(1, daysBetween(phase.startsOn, phase.endsOn));
          const position = Math.min(1, Math.max(0, daysBetween(phase.startsOn, shownDay) / length));
          return (
            <li key={phase.seq} className={current ? 'is-current' : shownDay > phase.endsOn ? 'is-past' : ''}>
              <span className="phase-name">{localName(phase, language)}</span>
              <span className="phase-dates">
                {phase.startsOn} — {phase.endsOn}
              </span>
              <span className="phase-bar">
                {current ? (
                  <span
                    className="today-mark"
                    style={{ left: `${position * 100}%` }}
                    title={t('dashboard.todayMark', { date: shownDay })}
                  />
                ) : null}
              </span>
              {big ? null : (
                <PhaseDeliverableList phase={deliverables.data?.phases.find((entry) => entry.seq === phase.seq)} />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
  const overdueSection = data ? (
    <section className="dashboard-section">
      <h3>{t('dashboard.hotZones')}</h3>
      {data.hotZones.length ? hotZonesList(data.hotZones, 1) : <p className="muted">{t('dashboard.noOverdue')}</p>}
      {data.hotTasks.length ? (
        <>
          <h4>{t('dashboard.hotTasks')}</h4>
          {hotTasksList(data.hotTasks, 1)}
        </>
      ) : null}
    </section>
  ) : null;
  const unitsSection = data ? (
    <section className="dashboard-section">
      <h3>{t('dashboard.units')}</h3>
      {unitsTable(sorted)}
    </section>
  ) : null;

  return (
    <aside
      className={`zone-panel dashboard-panel${big ? ' is-big' : ''}`}
      aria-label={t('dashboard.title')}
      data-testid="dashboard-panel"
    >
      <header className="dashboard-header">
        <h2>{big ? campaign.campaign.name : t('dashboard.title')}</h2>
        {onClose ? (
          <button type="button" className="panel-close" onClick={onClose} aria-label={t('dashboard.close')}>
            ×
          </button>
        ) : null}
      </header>

      {!big ? (
        <div className="as-of">
          <label className="as-of-label" htmlFor="as-of-slider">
            {asOf ? t('dashboard.asOf', { date: shownDay }) : t('dashboard.asOfToday', { date: shownDay })}
          </label>
          <input
            id="as-of-slider"
            type="range"
            min={0}
            max={span}
            step={1}
            value={daysBetween(start, shownDay)}
            aria-valuetext={shownDay}
            onChange={(event) => {
              const day = addDays(start, Number(event.target.value));
              onAsOf(day >= campaign.today ? null : day);
            }}
          />
          <div className="as-of-controls">
            <input
              type="date"
              aria-label={t('dashboard.asOfDate')}
              min={start}
              max={campaign.today}
              value={shownDay}
              onChange={(event) => {
                const day = event.target.value;
                if (day) onAsOf(day >= campaign.today ? null : day < start ? start : day);
              }}
            />
            {asOf ? (
              <button type="button" className="link-button" onClick={() => onAsOf(null)}>
                {t('dashboard.backToToday')}
              </button>
            ) : null}
          </div>
        </div>
      ) : (
        <p className="big-today">{t('dashboard.asOfToday', { date: campaign.today })}</p>
      )}

      {dashboard.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {data ? (
        <>
          <div className="kpis" data-testid="kpis">
            {tile('zones', String(data.totals.zones), Object.keys(data.statuses))}
            {tile('accepted', String(data.totals.accepted), data.links.accepted, 'good')}
            {tile('completion', percent(data.totals.completionRate, language), data.links.done)}
            {tile('onTime', percent(data.totals.onTimeRate, language), data.links.done)}
            {tile('overdue', String(data.totals.overdueZones), data.links.overdue, 'danger')}
            {tile('rework', String(data.totals.reworkEvents), data.links.reworked)}
            {tile('evidence', percent(data.totals.evidenceRate, language), data.links.missingEvidence)}
          </div>

          <section className="dashboard-section">
            <h3>{t('dashboard.byItem')}</h3>
            <StatusChart
              dashboard={data}
              lookup={lookup}
              language={language}
              dark={big}
              label={t('dashboard.byItem')}
              onItem={(code) => {
                onShow({
                  label: itemLabel(lookup, code, language, { full: true }),
                  ids: Object.entries(data.categories)
                    .filter(([, itemCode]) => itemCode === code)
                    .map(([id]) => id),
                });
              }}
            />
          </section>

          {big ? (
            <BigRotation
              pages={[
                ...chunks(data.hotZones, BIG_ROWS).map((zones, index, all) => ({
                  key: `overdueZones-${index}`,
                  title: pageTitle(t('dashboard.hotZones'), index, all.length),
                  content: (
                    <section className="dashboard-section">
                      <h3>{pageTitle(t('dashboard.hotZones'), index, all.length)}</h3>
                      {hotZonesList(zones, index * BIG_ROWS + 1)}
                    </section>
                  ),
                })),
                ...chunks(data.hotTasks, BIG_ROWS).map((tasks, index, all) => ({
                  key: `overdueTasks-${index}`,
                  title: pageTitle(t('dashboard.hotTasks'), index, all.length),
                  content: (
                    <section className="dashboard-section">
                      <h3>{pageTitle(t('dashboard.hotTasks'), index, all.length)}</h3>
                      {hotTasksList(tasks, index * BIG_ROWS + 1)}
                    </section>
                  ),
                })),
                ...chunks(sorted, BIG_ROWS).map((units, index, all) => ({
                  key: `units-${index}`,
                  title: pageTitle(t('dashboard.units'), index, all.length),
                  content: (
                    <section className="dashboard-section">
                      <h3>{pageTitle(t('dashboard.units'), index, all.length)}</h3>
                      {unitsTable(units)}
                    </section>
                  ),
                })),
                {
                  key: 'redBlack',
                  title: t('big.redBlack'),
                  content: (
                    <RedBlackList units={sorted} unitName={unitName} percent={(value) => percent(value, language)} />
                  ),
                },
                { key: 'phases', title: t('dashboard.phases'), content: phasesSection },
              ]}
            />
          ) : (
            <>
              {phasesSection}
              {overdueSection}
              {unitsSection}
              <ResidentsSection year={Number(shownDay.slice(0, 4))} />
            </>
          )}
        </>
      ) : !dashboard.isError ? (
        <Message>{t('common.loading')}</Message>
      ) : null}
    </aside>
  );
}
