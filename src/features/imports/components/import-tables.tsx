import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_TARGETS,
  type FieldMapping,
  type ImportPreview,
  type ImportReport,
  type ImportReportEntry,
  type ImportTarget,
} from '../../../shared/gis/gis-import';

// The import page's sections and its two tables (moved out of import-page.tsx as they were).

export function ImportSection({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="import-section" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The uploaded features' attributes, one row per feature. */
export function ImportRowsTable({ preview, fields }: { preview: ImportPreview; fields: ImportPreview['fields'] }) {
  const fieldOptions = fields;
  return (
    <div className="import-table-wrap">
      <table className="import-rows" data-testid="import-rows">
        <thead>
          <tr>
            <th scope="col">#</th>
            {fieldOptions.map((field) => (
              <th scope="col" key={field.name}>
                {field.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.index}>
              <td>{row.index + 1}</td>
              {fieldOptions.map((field) => (
                <td key={field.name}>{String(row.properties[field.name] ?? '')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The validation report: each feature valid or why not, with a box to leave a valid one out. */
export function ImportReportTable({
  report,
  excluded,
  onExcluded,
  reasonText,
}: {
  report: ImportReport;
  excluded: ReadonlySet<number>;
  onExcluded(next: Set<number>): void;
  reasonText(entry: Pick<ImportReportEntry, 'reason' | 'params'>): string;
}) {
  const { t } = useTranslation();
  return (
    <div className="import-table-wrap">
      <table className="import-report" data-testid="import-report">
        <thead>
          <tr>
            <th scope="col">{t('import.include')}</th>
            <th scope="col">#</th>
            <th scope="col">{t('import.targets.name')}</th>
            <th scope="col">{t('import.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {report.entries.map((entry) => (
            <tr key={entry.index} className={entry.valid ? '' : 'is-invalid'}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('import.includeNamed', { name: entry.name })}
                  checked={entry.valid && !excluded.has(entry.index)}
                  disabled={!entry.valid}
                  onChange={(event) => {
                    const next = new Set(excluded);
                    if (event.target.checked) next.delete(entry.index);
                    else next.add(entry.index);
                    onExcluded(next);
                  }}
                />
              </td>
              <td>{entry.index + 1}</td>
              <td>{entry.name}</td>
              <td>
                {entry.valid ? t('import.valid') : reasonText(entry)}
                {!entry.valid && entry.detail ? <span className="import-detail"> ({entry.detail})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Which uploaded field fills each zone field (with two sample values of each). */
export function ImportMappingTable({
  mapping,
  fields,
  onChange,
}: {
  mapping: FieldMapping;
  fields: ImportPreview['fields'];
  onChange(next: FieldMapping): void;
}) {
  const { t } = useTranslation();
  const fieldOptions = fields;
  const targetLabel = (target: ImportTarget) => t(`import.targets.${target}`);
  return (
    <table className="import-mapping" data-testid="import-mapping">
      <tbody>
        {IMPORT_TARGETS.map((target) => (
          <tr key={target}>
            <th scope="row">{targetLabel(target)}</th>
            <td>
              <select
                aria-label={targetLabel(target)}
                data-testid={`import-map-${target}`}
                value={mapping[target] ?? ''}
                onChange={(event) => onChange({ ...mapping, [target]: event.target.value || undefined })}
              >
                <option value="">{t('import.notMapped')}</option>
                {fieldOptions.map((field) => (
                  <option key={field.name} value={field.name}>
                    {field.samples.length ? `${field.name}（${field.samples.slice(0, 2).join('、')}）` : field.name}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
