import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { Message } from '../../../ui/message';
import { usePublicBulletin, usePublicBulletins } from '../../../data/public';
import { BulletinBody } from './bulletin-body';
import { SiteLink, type Navigate } from './public-site';

/** The published 公开通报, newest first (or a line saying there is none yet). */
export function BulletinList({ navigate, limit }: { navigate: Navigate; limit?: number }) {
  const { t, i18n } = useTranslation();
  const bulletins = usePublicBulletins();
  if (bulletins.isPending) return <Message>{t('publicSite.loading')}</Message>;
  if (bulletins.isError) return <Message tone="error">{t('publicSite.loadFailed')}</Message>;
  const shown = bulletins.data.bulletins.slice(0, limit);
  if (!shown.length) return <p className="public-muted">{t('publicSite.bulletin.listEmpty')}</p>;
  return (
    <ul className="public-zone-list" data-testid="public-bulletins">
      {shown.map((bulletin) => (
        <li key={bulletin.id}>
          <SiteLink to={`/public/bulletins/${bulletin.id}`} navigate={navigate}>
            {bulletin.title}
          </SiteLink>{' '}
          <span className="public-muted">
            {t('publicSite.bulletin.publishedOn', { date: formatDateTime(bulletin.publishedAt, i18n.language) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** `/public/bulletins`: every published bulletin. */
export function BulletinsPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="public-heading">{t('publicSite.bulletin.list')}</h1>
      <BulletinList navigate={navigate} />
    </>
  );
}

/** `/public/bulletins/:id`: one published bulletin. */
export function BulletinPage({ id, navigate }: { id: string; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const bulletin = usePublicBulletin(id);
  const back = (
    <SiteLink to="/public/bulletins" navigate={navigate}>
      {t('publicSite.bulletin.back')}
    </SiteLink>
  );
  if (bulletin.isPending) return <Message>{t('publicSite.loading')}</Message>;
  if (bulletin.isError) {
    const missing = bulletin.error instanceof ApiError && bulletin.error.status === 404;
    return (
      <>
        <Message tone="error">{t(missing ? 'publicSite.bulletin.notFound' : 'publicSite.loadFailed')}</Message>
        {back}
      </>
    );
  }
  const data = bulletin.data;
  return (
    <article className="public-bulletin">
      <h1 className="public-heading">{data.title}</h1>
      <p className="public-muted">
        {t('publicSite.bulletin.publishedOn', { date: formatDateTime(data.publishedAt, i18n.language) })}
      </p>
      <BulletinBody bulletin={data} />
      <p>{back}</p>
    </article>
  );
}
