import { useTranslation } from 'react-i18next';
import { localName } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';
import type { PublicZoneCollection } from '../../../shared/public/public';
import { myReports } from '../my-reports';
import { PublicMap } from './public-map';
import { SiteLink, type Navigate } from './public-site';
import { BulletinList } from './bulletin-pages';

/** The status colours and names of the public answer, by code. */
export function statusLookup(zones: PublicZoneCollection, language: string) {
  const byCode = new Map(zones.statuses.map((status) => [status.code, status]));
  return {
    color: (code: string) => byCode.get(code)?.color ?? '#888888',
    name: (code: string) => {
      const status = byCode.get(code);
      return status ? localName(status, language) : '';
    },
  };
}

/** The town map with the zones by status, the way to report, and this phone's reports. */
export function TownPage({ zones, navigate }: { zones: PublicZoneCollection; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const statuses = statusLookup(zones, i18n.language);
  const mine = myReports();
  return (
    <>
      <p className="public-lead">{t('publicSite.subtitle')}</p>
      <SiteLink to="/public/report" navigate={navigate} className="public-button public-button-primary">
        {t('publicSite.report')}
      </SiteLink>
      <h1 className="public-heading">{t('publicSite.mapTitle')}</h1>
      <p className="public-hint">
        {t('publicSite.zoneCount', { count: zones.features.length })} · {t('publicSite.tapZone')}
      </p>
      <PublicMap
        zones={zones.features}
        colorOf={statuses.color}
        label={t('publicSite.mapTitle')}
        onZone={(id) => navigate(`/public/zones/${id}`)}
      />
      <ul className="public-legend" aria-label={t('publicSite.legend')}>
        {zones.statuses.map((status) => (
          <li key={status.code}>
            <span className="public-swatch" style={{ background: status.color }} />
            {localName(status, i18n.language)}
          </li>
        ))}
      </ul>
      <ul className="public-zone-list">
        {zones.features.map((zone) => (
          <li key={zone.id}>
            <SiteLink to={`/public/zones/${zone.id}`} navigate={navigate}>
              {zone.properties.name}
            </SiteLink>{' '}
            <span className="public-muted">
              {localName(zone.properties.item, i18n.language)} · {statuses.name(zone.properties.status)}
            </span>
          </li>
        ))}
      </ul>
      <h2 className="public-heading">
        <SiteLink to="/public/bulletins" navigate={navigate}>
          {t('publicSite.bulletin.list')}
        </SiteLink>
      </h2>
      <BulletinList navigate={navigate} limit={3} />
      <h2 className="public-heading">{t('publicSite.myReports')}</h2>
      {mine.length === 0 ? (
        <p className="public-muted">{t('publicSite.noReports')}</p>
      ) : (
        <ul className="public-zone-list">
          {mine.map((report) => (
            <li key={report.token}>
              <SiteLink to={`/public/reports/${report.token}`} navigate={navigate}>
                {t(`publicSite.category.${report.category}`)}
              </SiteLink>{' '}
              <span className="public-muted">{formatDateTime(report.sentAt, i18n.language)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
