import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { caseKeys, sendImport, type ImportReport } from '../../../data/cases';

/**
 * Import a platform's case export (CSV, UTF-8 or GBK): a preview with the detected (or remembered) column mapping
 * the office may change, the row problems with their line numbers, then one atomic commit.
 */
export function ImportPanel({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [crs, setCrs] = useState('wgs84');
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);

  const run = async (mode: 'preview' | 'commit') => {
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      const result = await sendImport(file, { mode, crs, ...(mapping ? { mapping } : {}), skipInvalid });
      if (result.report) {
        setReport(result.report);
        setMapping(result.report.mapping);
      }
      if (!result.ok) {
        setMessage({ tone: 'error', text: result.detail ?? t('casesPage.actionFailed') });
      } else if (mode === 'commit' && result.report) {
        setMessage({
          tone: 'info',
          text: t('casesPage.import.done', {
            inserted: result.report.inserted ?? 0,
            existing: result.report.existingCount,
            skipped: result.report.skipped ?? 0,
          }),
        });
        await client.invalidateQueries({ queryKey: caseKeys.all });
      }
    } catch {
      setMessage({ tone: 'error', text: t('casesPage.actionFailed') });
    } finally {
      setBusy(false);
    }
  };
  const preview = (event: FormEvent) => {
    event.preventDefault();
    void run('preview');
  };

  return (
    <section className="case-import" aria-label={t('casesPage.import.title')} data-testid="case-import">
      <h2>{t('casesPage.import.title')}</h2>
      <form onSubmit={preview}>
        <Field label={t('casesPage.import.file')}>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setMapping(null);
              setReport(null);
            }}
          />
        </Field>
        <Field label={t('casesPage.import.crs')}>
          <select value={crs} onChange={(event) => setCrs(event.target.value)}>
            <option value="wgs84">WGS 84 / CGCS2000</option>
            <option value="gcj02">GCJ-02</option>
          </select>
        </Field>
        <div className="case-action-buttons">
          <button type="submit" disabled={!file || busy}>
            {t('casesPage.import.preview')}
          </button>
          <button type="button" onClick={onClose}>
            {t('casesPage.detail.cancel')}
          </button>
        </div>
      </form>
      {report ? (
        <div className="case-import-report" data-testid="case-import-report">
          <p>
            {t('casesPage.import.summary', {
              encoding: report.encoding,
              rows: report.rowCount,
              valid: report.validCount,
              errors: report.errorCount,
              existing: report.existingCount,
            })}
          </p>
          <table className="cases-table" aria-label={t('casesPage.import.mapping')}>
            <thead>
              <tr>
                <th scope="col">{t('casesPage.import.field')}</th>
                <th scope="col">{t('casesPage.import.column')}</th>
              </tr>
            </thead>
            <tbody>
              {report.fields.map((field) => (
                <tr key={field}>
                  <td>{t(`casesPage.import.fields.${field}`, { defaultValue: field })}</td>
                  <td>
                    <select
                      aria-label={t(`casesPage.import.fields.${field}`, { defaultValue: field })}
                      value={mapping?.[field] ?? ''}
                      onChange={(event) => {
                        const next = { ...(mapping ?? {}) };
                        if (event.target.value) next[field] = event.target.value;
                        else delete next[field];
                        setMapping(next);
                      }}
                    >
                      <option value="">—</option>
                      {report.headers.map((header) => (
                        <option key={header} value={header}>
                          {header}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.unknownUnits.length > 0 ? (
            <p>{t('casesPage.import.unknownUnits', { units: report.unknownUnits.join('、') })}</p>
          ) : null}
          {report.errors.length > 0 ? (
            <ul className="case-import-errors" data-testid="case-import-errors">
              {report.errors.slice(0, 50).map((error, index) => (
                <li key={index}>{t('casesPage.import.rowError', { row: error.row, message: error.message })}</li>
              ))}
            </ul>
          ) : null}
          <div className="case-action-buttons">
            <button type="button" disabled={busy} onClick={() => void run('preview')}>
              {t('casesPage.import.again')}
            </button>
            {report.errorCount > 0 ? (
              <label className="case-self">
                <input
                  type="checkbox"
                  checked={skipInvalid}
                  onChange={(event) => setSkipInvalid(event.target.checked)}
                />
                {t('casesPage.import.skipInvalid')}
              </label>
            ) : null}
            <button
              type="button"
              className="primary"
              disabled={busy || (report.errorCount > 0 && !skipInvalid) || report.validCount === 0}
              onClick={() => void run('commit')}
            >
              {t('casesPage.import.commit', { count: report.validCount })}
            </button>
          </div>
        </div>
      ) : null}
      {busy ? <Message>{t('common.loading')}</Message> : null}
      {message ? <Message tone={message.tone}>{message.text}</Message> : null}
    </section>
  );
}
