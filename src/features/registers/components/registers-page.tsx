import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/admin/auth';
import { REGISTER_KINDS, type RegisterKind } from '../../../shared/registers/kinds';
import { registerExportUrl, registerKindQuery, registerSummaryQuery } from '../../../data/registers';
import { Message } from '../../../ui/message';
import { RegisterDetail } from './register-detail';
import { mayEditRegister } from './register-layers';
import { RegisterImport } from './register-import';
import '../registers.css';

/** The export formats offered, as the zones' GIS export menu names them. */
const FORMATS = [
  { format: 'gpkg', label: 'GeoPackage' },
  { format: 'shp.zip', label: 'Shapefile' },
  { format: 'kml', label: 'KML' },
  { format: 'geojson', label: 'GeoJSON' },
  { format: 'csv', label: 'CSV' },
];

/**
 * `/registers`: each register's objects as a list (a card per object, readable on a 360 px phone) with their
 * attributes, history and a river section's readings, the register's GIS export and, for the unit keeping it, the
 * import of a GIS file (register-import.tsx). Adding an object is on the map.
 */
export function RegistersPage({
  user,
  today,
  sampleData,
  initialKind,
}: {
  user: SessionUser;
  today: string;
  sampleData: boolean;
  initialKind: string | null;
}) {
  const { t } = useTranslation();
  const [slug, setSlug] = useState(
    REGISTER_KINDS.some((kind) => kind.slug === initialKind) ? initialKind! : REGISTER_KINDS[0].slug,
  );
  const kind = REGISTER_KINDS.find((each) => each.slug === slug)! as RegisterKind;
  const summary = useQuery(registerSummaryQuery());
  const objects = useQuery(registerKindQuery(slug));
  const [open, setOpen] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const count = (each: string) => summary.data?.kinds.find((entry) => entry.slug === each)?.count;
  return (
    <div className="registers-page" data-testid="registers-page">
      <h2>{t('registers.title')}</h2>
      <p className="muted">
        {t('registers.intro')} {sampleData ? <strong>{t('registers.sample')}</strong> : null}
      </p>
      <div className="registers-kinds" role="group" aria-label={t('registers.title')}>
        {REGISTER_KINDS.map((each) => (
          <button
            key={each.slug}
            type="button"
            className="chip"
            aria-pressed={each.slug === slug}
            onClick={() => {
              setSlug(each.slug);
              setOpen(null);
              setImporting(false);
            }}
          >
            {t(`registers.kinds.${each.slug}`)}
            {count(each.slug) !== undefined ? ` ${t('registers.count', { count: count(each.slug) })}` : ''}
          </button>
        ))}
      </div>
      <div className="registers-exports">
        <span>{t('registers.export')}</span>
        {FORMATS.map(({ format, label }) => (
          <a key={format} href={registerExportUrl(slug, format)} download data-testid={`register-export-${format}`}>
            {label}
          </a>
        ))}
        {mayEditRegister(user, kind) ? (
          <button
            type="button"
            className="link-button"
            aria-expanded={importing}
            onClick={() => setImporting((shown) => !shown)}
            data-testid="register-import-open"
          >
            {t('registers.import.open')}
          </button>
        ) : null}
      </div>
      {importing ? <RegisterImport key={slug} kind={kind} /> : null}
      {objects.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {objects.data && !objects.data.features.length ? <p className="muted">{t('registers.empty')}</p> : null}
      <ul className="registers-rows">
        {(objects.data?.features ?? []).map((feature) => (
          <li key={feature.id}>
            {open === feature.id ? (
              <RegisterDetail
                kind={kind}
                feature={feature}
                canEdit={mayEditRegister(user, kind)}
                today={today}
                onClose={() => setOpen(null)}
              />
            ) : (
              <button type="button" className="link-button" onClick={() => setOpen(feature.id)}>
                {feature.properties.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
