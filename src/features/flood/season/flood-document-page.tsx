import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { formatStamp } from '../../../lib/stamp';
import { floodFrequencyQuery, useFloodEvent, useFloodEvents, zoneFloodQuery } from '../../../data/flood';
import { pointPhotoUrl } from '../../../shared/flood/flood';
import { floodResponsesQuery, useDuty, usePumps, useSensors } from '../../../data/flood-season';
// The response plan as built with the app (the server validates the same file when it starts a response).
import planFile from '../../../../data/flood-response.json';
import { RESPONSE_LEVELS, responsePlanSchema } from '../../../shared/flood/response';
import { Message } from '../../../ui/message';
import '../flood.css';

const time = formatStamp;
/** `count` days from `day` (YYYY-MM-DD), as the roster is kept. */
const nextDays = (day: string, count: number) =>
  Array.from({ length: count }, (_, index) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10),
  );

/** One day of the duty roster in the plan. */
function DutyRow({ date }: { date: string }) {
  const duty = useDuty(date, true);
  return (
    <tr>
      <td>{date}</td>
      <td>
        {duty.data?.people
          .map((person) => `${person.role ? `${person.role} ` : ''}${person.name} ${person.phone}`)
          .join('；') ?? '—'}
      </td>
    </tr>
  );
}

/** 防汛预案, assembled from the data: areas by risk, facilities, stations, response levels, duty roster and contacts. */
function PlanDocument({ campaign }: { campaign: CampaignResponse }) {
  const { t } = useTranslation();
  const areas = useQuery(floodFrequencyQuery());
  const sensors = useSensors(true);
  const pumps = usePumps(true);
  const plan = responsePlanSchema.safeParse(planFile);
  const units = new Map(campaign.units.map((unit) => [unit.id, unit.name]));
  const order = { high: 0, medium: 1, low: 2 } as const;
  const byRisk = [...(areas.data ?? [])].sort(
    (a, b) => (a.riskLevel ? order[a.riskLevel] : 3) - (b.riskLevel ? order[b.riskLevel] : 3) || b.events - a.events,
  );
  return (
    <article className="flood-document" data-testid="flood-plan">
      <h1>{t('floodDocument.planTitle', { year: campaign.campaign.year })}</h1>
      {areas.isError || sensors.isError || !plan.success ? (
        <Message tone="error">{t('common.loadFailed')}</Message>
      ) : null}
      <h2>{t('floodDocument.areas')}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('floodView.area')}</th>
            <th>{t('floodDocument.risk')}</th>
            <th>{t('floodView.events')}</th>
            <th>{t('floodView.deepest')}</th>
          </tr>
        </thead>
        <tbody>
          {byRisk.map((area) => (
            <tr key={area.zoneId}>
              <td>{area.name}</td>
              <td>{t(`floodSeason.risk.${area.riskLevel ?? 'none'}`)}</td>
              <td>{area.events}</td>
              <td>{area.maxDepthCm === null ? '—' : `${area.maxDepthCm} cm`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('floodDocument.facilities')}</h2>
      <ul>
        {pumps.data?.map((pump) => (
          <li key={pump.facilityId}>
            {pump.name}（{t(`floodSeason.pump.${pump.status ?? 'unknown'}`)}）
          </li>
        ))}
      </ul>
      <h2>{t('floodSeason.stations')}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('floodDocument.station')}</th>
            <th>{t('floodDocument.river')}</th>
            <th>{t('floodDocument.thresholds')}</th>
          </tr>
        </thead>
        <tbody>
          {sensors.data?.map((sensor) => (
            <tr key={sensor.id}>
              <td>{sensor.name}</td>
              <td>{sensor.river}</td>
              <td>
                {[
                  sensor.warningLevelM === null ? null : `${t('floodSeason.warningLevel')} ${sensor.warningLevelM} m`,
                  sensor.guaranteeLevelM === null
                    ? null
                    : `${t('floodSeason.guaranteeLevel')} ${sensor.guaranteeLevelM} m`,
                  sensor.rain1hMm === null ? null : `${t('floodSeason.rain1h')} ${sensor.rain1hMm} mm`,
                  sensor.rain24hMm === null ? null : `${t('floodSeason.rain24h')} ${sensor.rain24hMm} mm`,
                ]
                  .filter(Boolean)
                  .join('；')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('floodDocument.levels')}</h2>
      {plan.data
        ? RESPONSE_LEVELS.map((level) => (
            <section key={level}>
              <h3>
                {t(`floodSeason.level.${level}`)}：{plan.data.levels[level].trigger}
              </h3>
              <ul>
                {plan.data.levels[level].tasks.map((task) => (
                  <li key={task.title}>
                    {units.get(task.unit) ?? task.unit}：{task.title}
                  </li>
                ))}
              </ul>
            </section>
          ))
        : null}
      <h2>{t('floodDocument.duty')}</h2>
      <table className="data-table">
        <tbody>
          {nextDays(campaign.today, 7).map((date) => (
            <DutyRow key={date} date={date} />
          ))}
        </tbody>
      </table>
    </article>
  );
}

/** 灾后总结 of one rainfall event: rainfall, points and depths, durations, households, actions and their times. */
function ReportDocument({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  // The event as it is now (changes and deletions show; a deleted event's report says so).
  const found = useFloodEvent(eventId);
  const areas = useQuery(floodFrequencyQuery());
  const responses = useQuery(floodResponsesQuery());
  const event = found.data;
  const profiles = useQueries({
    queries: (event?.zoneIds ?? []).map((zoneId) => zoneFloodQuery(zoneId)),
  });
  if (found.isError) return <Message tone="error">{t('floodDocument.noEvent')}</Message>;
  if (!event) return <Message>{t('common.loading')}</Message>;
  const names = new Map((areas.data ?? []).map((area) => [area.zoneId, area.name]));
  const households = profiles.reduce((sum, profile) => sum + (profile.data?.profile?.affectedHouseholds ?? 0), 0);
  const durations = profiles
    .map((profile) => profile.data?.profile?.typicalDurationHours)
    .filter((hours): hours is number => typeof hours === 'number');
  // The responses of the event's day (Asia/Shanghai) and their timelines.
  const actions = (responses.data ?? [])
    .filter(
      (response) =>
        time(response.startedAt).slice(0, 10) <= event.occurredOn &&
        (!response.endedAt || time(response.endedAt).slice(0, 10) >= event.occurredOn),
    )
    .flatMap((response) => response.timeline);
  return (
    <article className="flood-document" data-testid="flood-report">
      <h1>{t('floodDocument.reportTitle', { day: event.occurredOn })}</h1>
      {event.deletedAt ? <p className="muted">{t('floodEvents.deleted')}</p> : null}
      <dl className="document-facts">
        <dt>{t('floodView.rainfall')}</dt>
        <dd>{event.rainfallMm} mm</dd>
        <dt>{t('floodView.pointCount')}</dt>
        <dd>{event.pointCount}</dd>
        <dt>{t('floodView.deepest')}</dt>
        <dd>{event.maxDepthCm === null ? '—' : `${event.maxDepthCm} cm`}</dd>
        <dt>{t('floodDocument.duration')}</dt>
        <dd>{durations.length ? t('floodDocument.hours', { hours: Math.max(...durations) }) : '—'}</dd>
        <dt>{t('floodDocument.households')}</dt>
        <dd data-testid="report-households">{households}</dd>
      </dl>
      {event.notes ? <p>{event.notes}</p> : null}
      <h2>{t('floodDocument.points')}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('floodView.area')}</th>
            <th>{t('floodDocument.depth')}</th>
            <th>{t('floodDocument.position')}</th>
            <th>{t('floodDocument.photos')}</th>
          </tr>
        </thead>
        <tbody>
          {event.points.map((point, index) => (
            <tr key={point.id} data-testid="report-point">
              <td>{point.zoneId ? (names.get(point.zoneId) ?? '—') : '—'}</td>
              <td>{point.depthCm} cm</td>
              <td>
                {point.coordinates[0].toFixed(5)}, {point.coordinates[1].toFixed(5)}
                {point.notes ? `（${point.notes}）` : ''}
              </td>
              <td className="report-photos">
                {point.photos.map((photo) => (
                  <img
                    key={photo.id}
                    src={pointPhotoUrl(photo.id, 'thumb')}
                    alt={t('floodEvents.photoOf', { no: index + 1 })}
                    width={96}
                    height={72}
                  />
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('floodDocument.actions')}</h2>
      {actions.length ? (
        <ol>
          {actions.map((entry, index) => (
            <li key={index}>
              <time>{time(entry.at)}</time> {t(`floodSeason.kind.${entry.kind}`)}
              {entry.level ? ` ${t(`floodSeason.level.${entry.level}`)}` : ''}
              {entry.reason ? `：${entry.reason}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('floodDocument.noActions')}</p>
      )}
    </article>
  );
}

/** Without a document named: the 防汛预案 and an after-event report (灾后总结) per recorded rainfall event. */
function DocumentChoice() {
  const { t } = useTranslation();
  const events = useFloodEvents(true);
  return (
    <article className="flood-document">
      <h1>{t('floodDocument.choose')}</h1>
      <ul className="flood-document-list">
        <li>
          <a href="/flood?doc=plan">{t('floodSeason.planDocument')}</a>
        </li>
        {(events.data ?? []).map((event) => (
          <li key={event.id}>
            <a href={`/flood?doc=report&event=${event.id}`}>
              {t('floodDocument.reportTitle', { day: event.occurredOn })}
            </a>
          </li>
        ))}
      </ul>
      {events.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {events.data?.length === 0 ? <p className="muted">{t('flood.noEvents')}</p> : null}
    </article>
  );
}

/** The printable flood documents: `?doc=plan` (防汛预案) or `?doc=report&event=ID` (灾后总结); otherwise a choice. */
export function FloodDocumentPage({ campaign, query }: { campaign: CampaignResponse; query: URLSearchParams }) {
  const { t } = useTranslation();
  const doc = query.get('doc');
  const eventId = query.get('event');
  const chosen = doc === 'plan' || (doc === 'report' && Boolean(eventId));
  return (
    <div className="flood-document-page">
      {chosen ? (
        <div className="no-print button-row">
          <button type="button" className="primary-button" onClick={() => window.print()}>
            {t('floodDocument.print')}
          </button>
        </div>
      ) : null}
      {doc === 'report' && eventId ? (
        <ReportDocument eventId={eventId} />
      ) : doc === 'plan' ? (
        <PlanDocument campaign={campaign} />
      ) : (
        <DocumentChoice />
      )}
    </div>
  );
}
