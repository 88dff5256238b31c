import { useTranslation } from 'react-i18next';
import type { ZoneFilter } from '../features/zones/zone-filter';
import { ledgerSearch } from './ledger-links';

/** The formats of `GET /api/export/zones.<format>`, in menu order. */
export const GIS_EXPORT_MENU_FORMATS = ['geojson', 'shp.zip', 'kml', 'gpkg', 'csv'] as const;

/**
 * "导出 GIS": the zones the map shows (its filters, under the names of GET /api/zones) as GIS files.
 * Plain download links in a disclosure; loaded lazily beside the ledger links (P1).
 */
export function GisExportMenu({ filter, canImport = false }: { filter: ZoneFilter; canImport?: boolean }) {
  const { t } = useTranslation();
  const search = ledgerSearch(filter);
  const menu = (
    <details className="gis-export-menu" data-testid="gis-export-menu">
      <summary>{t('gisExport.menu')}</summary>
      <p className="gis-export-hint">{t('gisExport.hint')}</p>
      <ul>
        {GIS_EXPORT_MENU_FORMATS.map((format) => (
          <li key={format}>
            <a href={`/api/export/zones.${format}${search}`} download data-testid={`gis-export-${format}`}>
              {t(`gisExport.formats.${format.replace('.', '_')}`)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
  if (!canImport) return menu;
  // "导入" beside it for planners and the campaign office: the import page (loaded on first use).
  return (
    <div className="gis-menus">
      {menu}
      <a className="gis-import-link" href="/import" data-testid="gis-import-link">
        {t('import.open')}
      </a>
    </div>
  );
}
