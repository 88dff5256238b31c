import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { zoneRegistersQuery } from '../../../data/registers';

/** The register objects a zone covers (intersection, computed by the server), grouped by kind, linking to the list. */
export function ZoneRegisters({ zoneId }: { zoneId: string }) {
  const { t } = useTranslation();
  const links = useQuery(zoneRegistersQuery(zoneId));
  const objects = links.data?.objects ?? [];
  return (
    <section className="panel-section" data-testid="zone-registers">
      <h3>{t('registers.inZone')}</h3>
      {links.data && !objects.length ? <p className="muted">{t('registers.noneInZone')}</p> : null}
      <ul>
        {objects.map((link) => (
          <li key={`${link.kind}-${link.id}`}>
            <a href={`/registers?kind=${encodeURIComponent(link.kind)}`}>{link.name}</a>{' '}
            <span className="muted">{t(`registers.kinds.${link.kind}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
