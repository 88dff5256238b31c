import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { ApiError } from '../../../lib/api';
import { problemText } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import { useFollowedReport, useSendFeedback } from '../../../data/public';
import type { FollowedReport } from '../../../shared/public/reports';
import type { Navigate } from './public-site';

/** A report as its reporter follows it; 解决了吗？满意吗？ once its case is closed. */
export function FollowPage({ token }: { token: string; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const report = useFollowedReport(token);
  if (report.isPending) return <Message>{t('publicSite.loading')}</Message>;
  if (report.isError) {
    const missing = report.error instanceof ApiError && [400, 404].includes(report.error.status);
    return <Message tone="error">{t(missing ? 'publicSite.follow.notFound' : 'publicSite.loadFailed')}</Message>;
  }
  const data = report.data;
  return (
    <article className="public-follow">
      <h1 className="public-heading">{t('publicSite.follow.title')}</h1>
      <dl className="public-facts">
        <dt>{t('publicSite.form.category')}</dt>
        <dd>{t(`publicSite.category.${data.category}`)}</dd>
        <dt>{t('publicSite.follow.reported')}</dt>
        <dd>{formatDateTime(data.createdAt, i18n.language)}</dd>
        <dt>{t('publicSite.follow.status')}</dt>
        <dd data-testid="report-status">{t(`publicSite.status.${data.status}`)}</dd>
      </dl>
      {data.rejectReason && <p>{t('publicSite.follow.rejectReason', { reason: data.rejectReason })}</p>}
      {data.description && <p className="public-description">{data.description}</p>}
      {data.meToo > 0 && <p className="public-muted">{t('publicSite.follow.meToo', { count: data.meToo })}</p>}
      <h2 className="public-heading">{t('publicSite.follow.photos')}</h2>
      <div className="public-photos">
        {data.photos.map((url) => (
          <img key={url} src={url} alt={t('publicSite.follow.photos')} loading="lazy" />
        ))}
      </div>
      {data.afterPhoto && (
        <>
          <h2 className="public-heading">{t('publicSite.follow.afterPhoto')}</h2>
          <div className="public-photos">
            <img src={data.afterPhoto} alt={t('publicSite.follow.afterPhoto')} data-testid="after-photo" />
          </div>
        </>
      )}
      {/* The answer stays shown after 不满意 reopened the case (the report is then being handled again). */}
      {(data.status === 'closed' || data.feedback) && <Feedback token={token} report={data} />}
    </article>
  );
}

function Feedback({ token, report }: { token: string; report: FollowedReport }) {
  const { t } = useTranslation();
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [satisfied, setSatisfied] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const send = useSendFeedback(token);
  if (report.feedback) {
    return (
      <p className="public-feedback-given">
        {t('publicSite.follow.feedbackGiven', {
          resolved: t(report.feedback.resolved ? 'publicSite.follow.resolvedYes' : 'publicSite.follow.resolvedNo'),
          satisfied: t(report.feedback.satisfied ? 'publicSite.follow.satisfiedYes' : 'publicSite.follow.satisfiedNo'),
        })}
      </p>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (resolved === null || satisfied === null) return;
    if (!satisfied && !reason.trim()) return setInvalid(t('publicSite.follow.needReason'));
    setInvalid(null);
    send.mutate({ resolved, satisfied, ...(reason.trim() ? { reason } : {}) });
  };
  const choice = (name: string, value: boolean | null, set: (next: boolean) => void, yes: string, no: string) => (
    <div className="public-choice" role="radiogroup">
      {[true, false].map((option) => (
        <label key={String(option)}>
          <input type="radio" name={name} checked={value === option} onChange={() => set(option)} />
          {t(option ? yes : no)}
        </label>
      ))}
    </div>
  );
  const error = problemText(send.error, t, {
    status: { 429: 'publicSite.form.tooMany' },
    fallback: 'publicSite.loadFailed',
  });
  return (
    <form className="public-form" onSubmit={submit}>
      <h2 className="public-heading">{t('publicSite.follow.feedbackTitle')}</h2>
      <fieldset className="public-field">
        <legend>{t('publicSite.follow.resolved')}</legend>
        {choice('resolved', resolved, setResolved, 'publicSite.follow.yes', 'publicSite.follow.no')}
      </fieldset>
      <fieldset className="public-field">
        <legend>{t('publicSite.follow.satisfied')}</legend>
        {choice(
          'satisfied',
          satisfied,
          setSatisfied,
          'publicSite.follow.satisfiedYes',
          'publicSite.follow.satisfiedNo',
        )}
      </fieldset>
      {satisfied === false && (
        <label className="public-field">
          <span>{t('publicSite.follow.reason')}</span>
          <textarea value={reason} rows={3} onChange={(event) => setReason(event.target.value)} />
        </label>
      )}
      {invalid && <p className="public-error">{invalid}</p>}
      {error && <p className="public-error">{error}</p>}
      <button
        type="submit"
        className="public-button public-button-primary"
        disabled={resolved === null || satisfied === null || send.isPending}
      >
        {t('publicSite.follow.sendFeedback')}
      </button>
    </form>
  );
}
