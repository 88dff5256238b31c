import { useTranslation } from 'react-i18next';
import { localName } from '../../../lib/i18n';
import { BULLETIN_FIGURES, type PublicBulletin } from '../../../shared/public/bulletins';
import '../bulletin.css';

/**
 * A 公开通报 as residents read it: the office's text, the month's figures, progress by item, what was fixed and the
 * residents' reports handled. The public site's page and the office's preview (monthly report page) both use it.
 */
export function BulletinBody({
  bulletin,
}: {
  bulletin: Pick<PublicBulletin, 'text' | 'figures' | 'items' | 'fixed' | 'residents'>;
}) {
  const { t, i18n } = useTranslation();
  const itemName = (code: string) => {
    const item = bulletin.items.find((candidate) => candidate.code === code);
    return item ? localName(item, i18n.language) : code;
  };
  const { residents } = bulletin;
  return (
    <div className="bulletin-body" data-testid="bulletin-body">
      {bulletin.text ? <p className="bulletin-text">{bulletin.text}</p> : null}
      <h3>{t('publicSite.bulletin.figures')}</h3>
      <dl className="bulletin-figures">
        {BULLETIN_FIGURES.map((figure) => (
          <div key={figure} data-figure={figure}>
            <dt>{t(`publicSite.bulletin.figure.${figure}`)}</dt>
            <dd>{bulletin.figures[figure]}</dd>
          </div>
        ))}
      </dl>
      {bulletin.items.length ? (
        <>
          <h3>{t('publicSite.bulletin.items')}</h3>
          <ul className="bulletin-items">
            {bulletin.items.map((item) => (
              <li key={item.code} data-item={item.code}>
                <span className="bulletin-item-name">{localName(item, i18n.language)}</span>
                <span className="bulletin-item-facts">
                  {t('publicSite.bulletin.itemFacts', {
                    zones: item.zones,
                    accepted: item.accepted,
                    progress: item.progress,
                    finished: item.finished,
                  })}
                </span>
                <progress max={100} value={item.progress} aria-label={localName(item, i18n.language)} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('publicSite.bulletin.fixed')}</h3>
      {bulletin.fixed.length ? (
        <ul className="bulletin-fixed">
          {bulletin.fixed.map((entry) => (
            <li key={`${entry.item}-${entry.zone}`}>
              {entry.zone} <span className="bulletin-muted">{itemName(entry.item)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="bulletin-muted">{t('publicSite.bulletin.noFixed')}</p>
      )}
      <h3>{t('publicSite.bulletin.residents')}</h3>
      <p data-testid="bulletin-residents">
        {t('publicSite.bulletin.residentsText', {
          received: residents.received,
          accepted: residents.accepted + residents.merged,
          rejected: residents.rejected,
          feedback: residents.feedback,
          satisfied: residents.satisfied,
        })}
      </p>
    </div>
  );
}
