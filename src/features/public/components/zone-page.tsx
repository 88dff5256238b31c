import { useTranslation } from 'react-i18next';
import { localName } from '../../../lib/i18n';
import { ApiError } from '../../../lib/api';
import { Message } from '../../../ui/message';
import { ProgressBar } from '../../../ui/progress-bar';
import { usePublicZone } from '../../../data/public';
import type { PublicZoneCollection } from '../../../shared/public/public';
import { boxOf } from '../projection';
import { PublicMap } from './public-map';
import { SiteLink, type Navigate } from './public-site';
import { statusLookup } from './town-page';

/** One zone: item, lead unit, plan dates, progress and the published before/after pairs. */
export function ZonePage({ id, zones, navigate }: { id: string; zones: PublicZoneCollection; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const zone = usePublicZone(id);
  const statuses = statusLookup(zones, i18n.language);
  if (zone.isPending) return <Message>{t('publicSite.loading')}</Message>;
  if (zone.isError) {
    const missing = zone.error instanceof ApiError && zone.error.status === 404;
    return <Message tone="error">{t(missing ? 'publicSite.zone.notFound' : 'publicSite.loadFailed')}</Message>;
  }
  const data = zone.data;
  const feature = zones.features.find((candidate) => candidate.id === id);
  const [lon, lat] = data.centre;
  return (
    <article className="public-zone">
      <h1 className="public-heading">{data.name}</h1>
      <dl className="public-facts">
        <dt>{t('publicSite.zone.item')}</dt>
        <dd>{localName(data.item, i18n.language)}</dd>
        <dt>{t('publicSite.zone.status')}</dt>
        <dd>
          <span className="public-swatch" style={{ background: statuses.color(data.status) }} />
          {statuses.name(data.status)}
        </dd>
        {data.leadUnit && (
          <>
            <dt>{t('publicSite.zone.leadUnit')}</dt>
            <dd>{localName(data.leadUnit, i18n.language)}</dd>
          </>
        )}
        <dt>{t('publicSite.zone.plan')}</dt>
        <dd>{t('publicSite.zone.planRange', { start: data.plannedStart, end: data.plannedEnd })}</dd>
        <dt>{t('publicSite.zone.progress')}</dt>
        <dd>
          <ProgressBar
            value={data.progress}
            color={statuses.color(data.status)}
            label={t('publicSite.zone.progress')}
          />{' '}
          {data.progress}%
        </dd>
      </dl>
      {feature && (
        <PublicMap zones={[feature]} colorOf={statuses.color} label={data.name} focus={boxOf([feature.geometry])} />
      )}
      <SiteLink
        to={`/public/report?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}&zone=${data.id}`}
        navigate={navigate}
        className="public-button public-button-primary"
      >
        {t('publicSite.zone.reportHere')}
      </SiteLink>
      <h2 className="public-heading">{t('publicSite.zone.pairs')}</h2>
      {data.pairs.length === 0 ? (
        <p className="public-muted">{t('publicSite.zone.noPairs')}</p>
      ) : (
        data.pairs.map((pair) => (
          <figure key={pair.after} className="public-pair">
            <div>
              <img src={pair.before} alt={t('publicSite.zone.before')} loading="lazy" />
              <figcaption>{t('publicSite.zone.before')}</figcaption>
            </div>
            <div>
              <img src={pair.after} alt={t('publicSite.zone.after')} loading="lazy" />
              <figcaption>{t('publicSite.zone.after')}</figcaption>
            </div>
          </figure>
        ))
      )}
    </article>
  );
}
