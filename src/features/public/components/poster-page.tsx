import { useTranslation } from 'react-i18next';
import { localName } from '../../../lib/i18n';
import { Message } from '../../../ui/message';
import { usePublicZone } from '../../../data/public';
import { QrCode } from '../../../ui/qr-code';

/**
 * The printable A4 QR poster of one zone (/public/zones/:id/poster): one code opens the zone's page, the other the
 * 随手拍 form with the place filled in; the privacy note's gist below.
 */
export function PosterPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const zone = usePublicZone(id);
  if (zone.isPending) return <Message>{t('publicSite.loading')}</Message>;
  if (zone.isError) return <Message tone="error">{t('publicSite.zone.notFound')}</Message>;
  const data = zone.data;
  const origin = window.location.origin;
  const [lon, lat] = data.centre;
  const page = `${origin}/public/zones/${data.id}`;
  const report = `${origin}/public/report?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}&zone=${data.id}`;
  return (
    <article className="poster" data-testid="poster">
      <h1>{data.name}</h1>
      <p className="poster-item">{localName(data.item, i18n.language)}</p>
      <div className="poster-codes">
        <figure>
          <QrCode className="poster-qr" text={page} label={t('publicSite.poster.progress')} />
          <figcaption>{t('publicSite.poster.progress')}</figcaption>
        </figure>
        <figure>
          <QrCode className="poster-qr" text={report} label={t('publicSite.poster.report')} />
          <figcaption>{t('publicSite.poster.report')}</figcaption>
        </figure>
      </div>
      <p className="poster-note">{t('publicSite.poster.note')}</p>
      <button type="button" className="public-button poster-print" onClick={() => window.print()}>
        {t('publicSite.poster.print')}
      </button>
    </article>
  );
}
