import { useTranslation } from 'react-i18next';
import type { ZoneFilter } from '../features/zones/zone-filter';

/**
 * The query of `GET /api/reports/ledger.*` for the map's filters: the same filters as the URL of
 * the map page (`searchFromState`) under the API's names (zoneQuerySchema): items → category,
 * overdueOnly → overdue=true.
 */
export function ledgerSearch(filter: ZoneFilter): string {
  const params = new URLSearchParams();
  if (filter.items.length) params.set('category', filter.items.join(','));
  if (filter.statuses.length) params.set('status', filter.statuses.join(','));
  if (filter.unit) params.set('unit', filter.unit);
  const q = filter.q.trim().slice(0, 100);
  if (q) params.set('q', q);
  if (filter.overdueOnly) params.set('overdue', 'true');
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** "导出台帐": the ledger of the zones the map shows, as a workbook and as CSV (plain links, no code loaded). */
export function LedgerLinks({ filter }: { filter: ZoneFilter }) {
  const { t } = useTranslation();
  const search = ledgerSearch(filter);
  return (
    <div className="ledger-links">
      <a href={`/api/reports/ledger.xlsx${search}`} download data-testid="ledger-xlsx">
        {t('ledger.export')}
      </a>
      <a href={`/api/reports/ledger.csv${search}`} download data-testid="ledger-csv" aria-label={t('ledger.csvLabel')}>
        CSV
      </a>
    </div>
  );
}
