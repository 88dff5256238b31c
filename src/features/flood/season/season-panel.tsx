import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatStamp } from '../../../lib/stamp';
import type { Sensor } from '../../../shared/flood/sensors';
import {
  PUMP_STATUSES,
  RESPONSE_LEVELS,
  levelAfter,
  type FloodResponse,
  type PumpStatus,
  type ResponseAction,
  type ResponseLevel,
} from '../../../shared/flood/response';
import {
  useDuty,
  useFloodAlerts,
  useFloodResponses,
  usePumps,
  useResponseAction,
  useSetPumpStatus,
  useStartResponse,
} from '../../../data/flood-season';
import { Message } from '../../../ui/message';
import { SEASON_COLORS } from './season.layer';
import { DutyEditor } from './duty-editor';

// The chart (ECharts) loads when a station's panel first opens.
const StationChart = lazy(() => import('./station-chart').then((module) => ({ default: module.StationChart })));

const time = formatStamp;

/** A station's latest value in words: level in metres or the hour's and day's rain. */
function LatestValue({ sensor }: { sensor: Sensor }) {
  const { t } = useTranslation();
  if (!sensor.latest) return <span className="muted">{t('floodSeason.noReading')}</span>;
  return sensor.kind === 'water_level' ? (
    <span>{t('floodSeason.levelValue', { value: sensor.latest.waterLevelM?.toFixed(2) ?? '—' })}</span>
  ) : (
    <span>{t('floodSeason.rainValue', { hour: sensor.latest.rain1hMm ?? 0, day: sensor.latest.rain24hMm ?? 0 })}</span>
  );
}

/** The running response: level, raise/lower/end with a reason, its checklist and timeline. */
function ResponseCard({
  response,
  canAct,
  units,
}: {
  response: FloodResponse;
  canAct: boolean;
  units: Map<string, string>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const action = useResponseAction();
  const act = (which: ResponseAction) =>
    action.mutate(
      { id: response.id, version: response.version, action: which, reason },
      { onSuccess: () => setReason('') },
    );
  const possible = (which: 'raise' | 'lower') =>
    RESPONSE_LEVELS.includes(levelAfter(response.level, which) as ResponseLevel);
  return (
    <section className="season-section response-card" data-testid="flood-response" data-level={response.level}>
      <h3>{t('floodSeason.responseActive', { level: t(`floodSeason.level.${response.level}`) })}</h3>
      <p className="muted">{t('floodSeason.startedAt', { at: time(response.startedAt) })}</p>
      {canAct ? (
        <div className="response-actions">
          <label>
            {t('floodSeason.reason')}
            <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
          </label>
          <div className="button-row">
            <button
              type="button"
              disabled={!reason.trim() || !possible('raise') || action.isPending}
              onClick={() => act('raise')}
            >
              {t('floodSeason.raise')}
            </button>
            <button
              type="button"
              disabled={!reason.trim() || !possible('lower') || action.isPending}
              onClick={() => act('lower')}
            >
              {t('floodSeason.lower')}
            </button>
            <button type="button" disabled={!reason.trim() || action.isPending} onClick={() => act('end')}>
              {t('floodSeason.end')}
            </button>
          </div>
          {action.isError ? <Message tone="error">{t('floodSeason.actionFailed')}</Message> : null}
        </div>
      ) : null}
      <h4>{t('floodSeason.checklist')}</h4>
      <ul className="season-list">
        {response.tasks.map((task) => (
          <li key={task.id}>
            <span className="badge">{t(`floodSeason.level.${task.level}`)}</span> {units.get(task.unit) ?? task.unit}：
            {task.title}
          </li>
        ))}
      </ul>
      <h4>{t('floodSeason.timeline')}</h4>
      <ol className="season-list timeline" data-testid="response-timeline">
        {response.timeline.map((entry, index) => (
          <li key={index}>
            <time>{time(entry.at)}</time> {t(`floodSeason.kind.${entry.kind}`)}
            {entry.kind === 'pump'
              ? `：${String(entry.detail.name)} ${t(`floodSeason.pump.${String(entry.detail.status)}`)}`
              : entry.kind === 'points'
                ? `：${t('floodSeason.pointsLogged', { count: Number(entry.detail.points) })}`
                : entry.level
                  ? `：${t(`floodSeason.level.${entry.level}`)}`
                  : ''}
            {entry.reason ? `（${entry.reason}）` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Start a response: level and reason. */
function StartResponse() {
  const { t } = useTranslation();
  const [level, setLevel] = useState<ResponseLevel>('IV');
  const [reason, setReason] = useState('');
  const start = useStartResponse();
  return (
    <form
      className="season-section start-response"
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate({ level, reason }, { onSuccess: () => setReason('') });
      }}
    >
      <h3>{t('floodSeason.startTitle')}</h3>
      <label>
        {t('floodSeason.levelLabel')}
        <select value={level} onChange={(event) => setLevel(event.target.value as ResponseLevel)}>
          {RESPONSE_LEVELS.map((each) => (
            <option key={each} value={each}>
              {t(`floodSeason.level.${each}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('floodSeason.reason')}
        <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </label>
      <button type="submit" className="primary-button" disabled={!reason.trim() || start.isPending}>
        {t('floodSeason.start')}
      </button>
      {start.isError ? <Message tone="error">{t('floodSeason.actionFailed')}</Message> : null}
    </form>
  );
}

/**
 * The 汛期 part of the flood view: the running response (or starting one), open alerts, stations with their latest
 * reading and a chart, pump stations with their status, who is on duty today, a legend and the printable documents.
 */
export function SeasonPanel({
  sensors,
  selectedSensor,
  onSelectSensor,
  canAct,
  today,
  units,
  lastEventId,
}: {
  sensors: readonly Sensor[];
  selectedSensor: string | null;
  onSelectSensor(id: string | null): void;
  canAct: boolean;
  today: string;
  units: Map<string, string>;
  lastEventId: string | null;
}) {
  const { t } = useTranslation();
  const responses = useFloodResponses(true);
  const alerts = useFloodAlerts(true);
  const pumps = usePumps(true);
  const duty = useDuty(today, true);
  const setPump = useSetPumpStatus();
  const [editingDuty, setEditingDuty] = useState(false);
  const active = responses.data?.find((response) => response.status === 'active') ?? null;
  const selected = sensors.find((sensor) => sensor.id === selectedSensor) ?? null;
  const openAlerts = alerts.data?.filter((alert) => alert.clearedAt === null) ?? [];

  return (
    <div className="season-panel" data-testid="season-panel">
      {responses.isError || alerts.isError || pumps.isError ? (
        <Message tone="error">{t('common.loadFailed')}</Message>
      ) : null}
      {active ? <ResponseCard response={active} canAct={canAct} units={units} /> : canAct ? <StartResponse /> : null}

      {openAlerts.length ? (
        <section className="season-section alerts" data-testid="flood-alerts">
          <h3>{t('floodSeason.alerts')}</h3>
          <ul className="season-list">
            {openAlerts.map((alert) => (
              <li key={alert.id} className="alert-item">
                <button type="button" className="link-button" onClick={() => onSelectSensor(alert.sensorId)}>
                  {alert.sensorName}
                </button>{' '}
                {t(`floodSeason.threshold.${alert.thresholdKind}`)}：{alert.value}（{t('floodSeason.thresholdIs')}{' '}
                {alert.threshold}）<time>{time(alert.observedAt)}</time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="season-section">
        <h3>{t('floodSeason.stations')}</h3>
        <ul className="season-list" data-testid="station-list">
          {sensors.map((sensor) => (
            <li key={sensor.id} data-sensor-id={sensor.id} data-over={sensor.over.length > 0}>
              <button type="button" className="link-button" onClick={() => onSelectSensor(sensor.id)}>
                {sensor.name}
              </button>{' '}
              <LatestValue sensor={sensor} />
              {sensor.over.length ? (
                <span className="badge badge-danger">
                  {sensor.over.map((kind) => t(`floodSeason.threshold.${kind}`)).join('、')}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        {selected ? (
          <div className="station-panel" data-testid="station-panel">
            <h4>
              {selected.name}
              <button type="button" className="link-button" onClick={() => onSelectSensor(null)}>
                {t('floodSeason.close')}
              </button>
            </h4>
            <p className="muted">
              {selected.river}
              {selected.warningLevelM !== null ? ` · ${t('floodSeason.warningLevel')} ${selected.warningLevelM} m` : ''}
              {selected.guaranteeLevelM !== null
                ? ` · ${t('floodSeason.guaranteeLevel')} ${selected.guaranteeLevelM} m`
                : ''}
              {selected.rain1hMm !== null ? ` · ${t('floodSeason.rain1h')} ${selected.rain1hMm} mm` : ''}
              {selected.rain24hMm !== null ? ` · ${t('floodSeason.rain24h')} ${selected.rain24hMm} mm` : ''}
            </p>
            <Suspense fallback={<Message>{t('common.loading')}</Message>}>
              <StationChart sensor={selected} />
            </Suspense>
          </div>
        ) : null}
      </section>

      <section className="season-section">
        <h3>{t('floodSeason.pumps')}</h3>
        <ul className="season-list" data-testid="pump-list">
          {pumps.data?.map((pump) => (
            <li key={pump.facilityId} data-facility-id={pump.facilityId}>
              <span className="legend-dot" style={{ background: SEASON_COLORS.pump[pump.status ?? 'unknown'] }} />{' '}
              {pump.name}{' '}
              {canAct ? (
                <select
                  aria-label={t('floodSeason.pumpStatus', { name: pump.name })}
                  value={pump.status ?? ''}
                  disabled={setPump.isPending}
                  onChange={(event) =>
                    setPump.mutate({
                      facilityId: pump.facilityId,
                      version: pump.version,
                      status: event.target.value as PumpStatus,
                    })
                  }
                >
                  {pump.status === null ? <option value="">{t('floodSeason.pump.unknown')}</option> : null}
                  {PUMP_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`floodSeason.pump.${status}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <span>{t(`floodSeason.pump.${pump.status ?? 'unknown'}`)}</span>
              )}
            </li>
          ))}
        </ul>
        {setPump.isError ? <Message tone="error">{t('floodSeason.actionFailed')}</Message> : null}
      </section>

      <section className="season-section">
        <h3>{t('floodSeason.dutyToday')}</h3>
        {duty.data?.people.length ? (
          <ul className="season-list" data-testid="duty-today">
            {duty.data.people.map((person) => (
              <li key={`${person.name}-${person.phone}`}>
                {person.role ? `${person.role}：` : ''}
                {person.name} <a href={`tel:${person.phone}`}>{person.phone}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('floodSeason.noDuty')}</p>
        )}
        {canAct && !editingDuty ? (
          <button type="button" onClick={() => setEditingDuty(true)}>
            {t('floodDuty.edit')}
          </button>
        ) : null}
      </section>
      {canAct && editingDuty ? <DutyEditor today={today} onClose={() => setEditingDuty(false)} /> : null}

      <section className="season-section legend-section">
        <h3>{t('floodSeason.legend')}</h3>
        <ul className="season-legend">
          {(['high', 'medium', 'low'] as const).map((risk) => (
            <li key={risk}>
              <span className="legend-swatch" style={{ background: SEASON_COLORS.risk[risk] }} />
              {t(`floodSeason.risk.${risk}`)}
            </li>
          ))}
          <li>{t('floodSeason.shadeByFrequency')}</li>
          <li>
            <span className="legend-dot" style={{ background: SEASON_COLORS.station.normal }} />
            {t('floodSeason.stationNormal')}
          </li>
          <li>
            <span className="legend-dot" style={{ background: SEASON_COLORS.station.over }} />
            {t('floodSeason.stationOver')}
          </li>
          {PUMP_STATUSES.map((status) => (
            <li key={status}>
              <span className="legend-dot" style={{ background: SEASON_COLORS.pump[status] }} />
              {t('floodSeason.pumpLegend', { status: t(`floodSeason.pump.${status}`) })}
            </li>
          ))}
        </ul>
      </section>

      <section className="season-section">
        <h3>{t('floodSeason.documents')}</h3>
        <div className="button-row">
          {/* The printable pages open beside the map (a new tab), ready to print. */}
          <a href="/flood?doc=plan" target="_blank" rel="noopener">
            {t('floodSeason.planDocument')}
          </a>
          {lastEventId ? (
            <a href={`/flood?doc=report&event=${lastEventId}`} target="_blank" rel="noopener">
              {t('floodSeason.reportDocument')}
            </a>
          ) : null}
        </div>
      </section>
    </div>
  );
}
