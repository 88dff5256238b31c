import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { problemText } from '../../../lib/problem-text';
import type { CreatedApiToken } from '../../../shared/admin/api-token';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../../../data/admin';
import { formatDateTimeFull } from '../../../lib/format';

/** Expiry choices in days; '' = never. */
const EXPIRY_DAYS = ['30', '90', '365', ''] as const;

/**
 * "API 令牌": tokens the campaign office issues for desktop GIS (QGIS, GDAL) to read the OGC API -
 * Features service. A new token is shown once with the connection details; the list never has secrets.
 */
export function ApiTokensSection() {
  const { t, i18n } = useTranslation();
  const tokens = useApiTokens();
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<(typeof EXPIRY_DAYS)[number]>('365');
  const [issued, setIssued] = useState<CreatedApiToken | null>(null);
  const when = (instant: string | null, none: string) => (instant ? formatDateTimeFull(instant, i18n.language) : none);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), ...(expiry ? { expiresInDays: Number(expiry) } : {}) },
      {
        onSuccess: (created) => {
          setIssued(created);
          setName('');
        },
      },
    );
  };
  const createError = problemText(create.error, t, {
    status: { 400: (problem) => t('gisExport.tokens.invalid', { detail: problem?.detail ?? '' }) },
  });

  return (
    <section className="api-tokens" aria-labelledby="api-tokens-title">
      <h3 id="api-tokens-title">{t('gisExport.tokens.title')}</h3>
      <p className="api-tokens-intro">{t('gisExport.tokens.intro')}</p>
      <form className="admin-form" onSubmit={submit} aria-label={t('gisExport.tokens.issue')}>
        <div className="form-row">
          <Field label={t('gisExport.tokens.name')}>
            <input
              name="token-name"
              required
              maxLength={80}
              placeholder={t('gisExport.tokens.namePlaceholder')}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </Field>
          <Field label={t('gisExport.tokens.expiry')}>
            <select
              name="token-expiry"
              value={expiry}
              onChange={(event) => setExpiry(event.target.value as (typeof EXPIRY_DAYS)[number])}
            >
              {EXPIRY_DAYS.map((days) => (
                <option key={days} value={days}>
                  {days ? t('gisExport.tokens.days', { count: Number(days) }) : t('gisExport.tokens.never')}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="primary-button" disabled={create.isPending}>
            {t('gisExport.tokens.issue')}
          </button>
        </div>
        {createError ? <Message tone="error">{createError}</Message> : null}
      </form>
      {issued ? <IssuedToken issued={issued} onDone={() => setIssued(null)} /> : null}
      {tokens.isPending ? <Message>{t('common.loading')}</Message> : null}
      {tokens.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {revoke.isError ? <Message tone="error">{t('gisExport.tokens.revokeFailed')}</Message> : null}
      {tokens.data && tokens.data.length === 0 ? <Message>{t('gisExport.tokens.none')}</Message> : null}
      {tokens.data && tokens.data.length > 0 ? (
        <table className="data-table" data-testid="api-token-table">
          <thead>
            <tr>
              <th>{t('gisExport.tokens.name')}</th>
              <th>{t('gisExport.tokens.start')}</th>
              <th>{t('gisExport.tokens.createdBy')}</th>
              <th>{t('gisExport.tokens.createdAt')}</th>
              <th>{t('gisExport.tokens.expiresAt')}</th>
              <th>{t('gisExport.tokens.lastUsedAt')}</th>
              <th>{t('accounts.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => {
              const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();
              return (
                <tr key={token.id} className={expired ? 'is-disabled' : undefined}>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.start}…</code>
                  </td>
                  <td>{token.createdBy ?? '—'}</td>
                  <td>{when(token.createdAt, '—')}</td>
                  <td>
                    {when(token.expiresAt, t('gisExport.tokens.never'))}
                    {expired ? <span className="tag">{t('gisExport.tokens.expired')}</span> : null}
                  </td>
                  <td>{when(token.lastUsedAt, t('gisExport.tokens.neverUsed'))}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button danger"
                      disabled={revoke.isPending}
                      aria-label={t('gisExport.tokens.revokeNamed', { name: token.name })}
                      onClick={() => {
                        if (window.confirm(t('gisExport.tokens.confirmRevoke', { name: token.name }))) {
                          revoke.mutate(token.id);
                        }
                      }}
                    >
                      {t('gisExport.tokens.revoke')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** The new token, shown this once, with the address and header QGIS and GDAL need, each copyable. */
function IssuedToken({ issued, onDone }: { issued: CreatedApiToken; onDone(): void }) {
  const { t } = useTranslation();
  const serviceUrl = `${window.location.origin}/ogc`;
  const header = `Authorization: Bearer ${issued.secret}`;
  const gdal = `ogrinfo --config GDAL_HTTP_HEADERS "${header}" OAPIF:${serviceUrl}`;
  return (
    <div className="api-token-issued" role="region" aria-label={t('gisExport.tokens.issuedTitle')}>
      <p className="api-token-warning">
        <strong>{t('gisExport.tokens.issuedTitle')}</strong>{' '}
        {t('gisExport.tokens.showOnce', { name: issued.token.name })}
      </p>
      <CopyField label={t('gisExport.tokens.token')} value={issued.secret} testId="api-token-secret" />
      <CopyField label={t('gisExport.tokens.header')} value={header} testId="api-token-header" />
      <CopyField label={t('gisExport.tokens.serviceUrl')} value={serviceUrl} testId="api-token-url" />
      <CopyField label={t('gisExport.tokens.oapif')} value={`OAPIF:${serviceUrl}`} testId="api-token-oapif" />
      <CopyField label={t('gisExport.tokens.gdal')} value={gdal} testId="api-token-gdal" />
      <p className="api-token-qgis">{t('gisExport.tokens.qgis', { url: serviceUrl })}</p>
      <button type="button" className="secondary-button" onClick={onDone}>
        {t('gisExport.tokens.done')}
      </button>
    </div>
  );
}

/** A read-only text with a copy button (the clipboard when allowed, else the text is selected to copy by hand). */
function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      input.current?.select();
      setState('manual');
    }
  };
  return (
    <div className="copy-field">
      <Field label={label}>
        <input ref={input} readOnly value={value} data-testid={testId} onFocus={(event) => event.target.select()} />
      </Field>
      <button
        type="button"
        className="secondary-button"
        aria-label={t('gisExport.tokens.copyNamed', { label })}
        onClick={() => void copy()}
      >
        {t('gisExport.tokens.copy')}
      </button>
      <span role="status" className="copy-status">
        {state === 'copied' ? t('gisExport.tokens.copied') : state === 'manual' ? t('gisExport.tokens.copyByHand') : ''}
      </span>
    </div>
  );
}
