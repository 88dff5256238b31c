import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { ResponsibilityLetter } from '../../../shared/responsibility/responsibility';
import {
  scanUrl,
  useRecordSigning,
  useResponsibilityLetter,
  useResponsibilityOverview,
  useUploadScan,
} from '../../../data/responsibility';
import { unitName } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import { problemText } from '../../../lib/problem-text';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import '../responsibility.css';
import '../../../ui/document-page.css';

export interface ResponsibilityPageProps {
  campaign: CampaignResponse;
  /** The signed-in unit (a unit account sees its own letter only); null for the office and leaders. */
  ownUnit: string | null;
  /** The office and leaders see every unit's signing (GET /api/responsibility). */
  canOverview: boolean;
  /** The campaign office records the signing and uploads the scan. */
  canRecord: boolean;
  /** The URL's query string: ?year=&unit=. */
  search: string;
  onNavigate(path: string): void;
}

/**
 * 目标责任书 (/reports/responsibility?year=&unit=): a unit's printable A4 letter from its approved plan, with the office's
 * signing record; without a unit, the office's table of the year's units × signed, day and scan.
 */
export function ResponsibilityPage({
  campaign,
  ownUnit,
  canOverview,
  canRecord,
  search,
  onNavigate,
}: ResponsibilityPageProps) {
  const { t } = useTranslation();
  const query = new URLSearchParams(search);
  const wantedYear = Number(query.get('year'));
  const year =
    Number.isInteger(wantedYear) && wantedYear >= 2000 && wantedYear <= 2100
      ? wantedYear
      : Number(campaign.today.slice(0, 4));
  const unit = ownUnit ?? query.get('unit') ?? '';
  const open = (path: string) => (event: MouseEvent) => {
    event.preventDefault();
    onNavigate(path);
  };
  return (
    <main className="report-page responsibility-page" aria-labelledby="responsibility-title">
      <div className="report-toolbar no-print">
        {unit && canOverview ? (
          <a href={`/reports/responsibility?year=${year}`} onClick={open(`/reports/responsibility?year=${year}`)}>
            {t('responsibility.back')}
          </a>
        ) : null}
        <label>
          {t('responsibility.year')}
          <input
            type="number"
            name="year"
            min={2000}
            max={2100}
            value={year}
            onChange={(event) =>
              onNavigate(`/reports/responsibility?year=${event.target.value}${unit && !ownUnit ? `&unit=${unit}` : ''}`)
            }
          />
        </label>
        {unit ? (
          <button type="button" onClick={() => window.print()}>
            {t('responsibility.print')}
          </button>
        ) : null}
      </div>
      {unit ? (
        <Letter campaign={campaign} year={year} unit={unit} canRecord={canRecord} />
      ) : canOverview ? (
        <Overview campaign={campaign} year={year} open={open} />
      ) : (
        <Message>{t('responsibility.noUnit')}</Message>
      )}
    </main>
  );
}

function Overview({
  campaign,
  year,
  open,
}: {
  campaign: CampaignResponse;
  year: number;
  open(path: string): (event: MouseEvent) => void;
}) {
  const { t, i18n } = useTranslation();
  const overview = useResponsibilityOverview(year, true);
  return (
    <>
      <h2 id="responsibility-title">{t('responsibility.overviewTitle', { year })}</h2>
      {overview.isPending ? <Message>{t('common.loading')}</Message> : null}
      <ProblemMessage error={overview.error} wording={{ fallback: 'common.loadFailed' }} />
      {overview.data ? (
        <div className="responsibility-scroll">
          <table className="responsibility-table">
            <thead>
              <tr>
                <th>{t('responsibility.unit')}</th>
                <th>{t('responsibility.plan')}</th>
                <th>{t('responsibility.signed')}</th>
                <th>{t('responsibility.signedOn')}</th>
                <th>{t('responsibility.scan')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.data.units.map((entry) => {
                const path = `/reports/responsibility?year=${year}&unit=${encodeURIComponent(entry.unit)}`;
                return (
                  <tr key={entry.unit}>
                    <td className="unit-cell">
                      <a href={path} onClick={open(path)}>
                        {unitName(campaign.units, entry.unit, i18n.language)}
                      </a>
                    </td>
                    <td>{t(`responsibility.planState.${entry.planState ?? 'none'}`)}</td>
                    <td>{t(entry.signed ? 'responsibility.yes' : 'responsibility.no')}</td>
                    <td>{entry.signedOn ?? '—'}</td>
                    <td>{t(entry.hasScan ? 'responsibility.yes' : 'responsibility.no')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function Letter({
  campaign,
  year,
  unit,
  canRecord,
}: {
  campaign: CampaignResponse;
  year: number;
  unit: string;
  canRecord: boolean;
}) {
  const { t, i18n } = useTranslation();
  const letter = useResponsibilityLetter(year, unit);
  const name = unitName(campaign.units, unit, i18n.language);
  if (letter.isPending) return <Message>{t('common.loading')}</Message>;
  if (!letter.data) return <ProblemMessage error={letter.error} wording={{ fallback: 'common.loadFailed' }} />;
  const data = letter.data;
  if (!data.plan) {
    return (
      <>
        <h2 id="responsibility-title">{data.title}</h2>
        <Message>{t('responsibility.noPlan', { unit: name, year })}</Message>
      </>
    );
  }
  return (
    <>
      <article className="responsibility-letter">
        <h2 id="responsibility-title">{data.title}</h2>
        <p className="letter-parties">
          <span>
            {t('responsibility.partyA')}
            {data.issuer}
          </span>
          <span>
            {t('responsibility.partyB')}
            {name}
          </span>
        </p>
        <p>{t('responsibility.preamble', { year })}</p>
        <h3>{t('responsibility.duties')}</h3>
        <ol className="letter-duties">
          {data.duties.map((duty) => (
            <li key={duty.item}>
              <strong>
                {t(`responsibility.role.${duty.role}`)}{' '}
                {itemLabel(campaign.items, duty.item, i18n.language, { full: true })}
              </strong>
              ：{duty.content}
            </li>
          ))}
        </ol>
        <h3>{t('responsibility.targets')}</h3>
        <p>
          {t('responsibility.targetsText', {
            count: data.targets.length,
            budget: data.targets.reduce((sum, target) => sum + target.budget, 0).toFixed(2),
          })}
        </p>
        <h3>{t('responsibility.terms')}</h3>
        <ol className="letter-terms">
          {data.terms.map((term) => (
            <li key={term}>{term}</li>
          ))}
        </ol>
        <h3>{t('responsibility.other')}</h3>
        <p>{t('responsibility.otherText')}</p>
        <div className="letter-signatures">
          {[
            { key: 'a', party: t('responsibility.partyA'), who: data.issuer },
            { key: 'b', party: t('responsibility.partyB'), who: name },
          ].map((block) => (
            <div key={block.key} className="signature-block">
              <p>
                {block.party}
                {block.who}
                {t('responsibility.seal')}
              </p>
              <p>{t('responsibility.signature')}</p>
              <p>{t('responsibility.date')}</p>
            </div>
          ))}
        </div>
        <section className="letter-appendix">
          <h3>{t('responsibility.appendix', { year })}</h3>
          <div className="responsibility-scroll">
            <table className="responsibility-table appendix-table">
              <thead>
                <tr>
                  <th>{t('responsibility.columns.n')}</th>
                  <th>{t('responsibility.columns.project')}</th>
                  <th>{t('responsibility.columns.place')}</th>
                  <th>{t('responsibility.columns.content')}</th>
                  <th>{t('responsibility.columns.person')}</th>
                  <th>{t('responsibility.columns.budget')}</th>
                  <th>{t('responsibility.columns.due')}</th>
                </tr>
              </thead>
              <tbody>
                {data.targets.map((target, index) => (
                  <tr key={index}>
                    <td>{index + 1}</td>
                    <td>
                      {itemLabel(campaign.items, target.item, i18n.language)}
                      {target.carriedOver ? ` ${t('responsibility.carriedOver')}` : ''}
                    </td>
                    <td>{target.project}</td>
                    <td>{target.content}</td>
                    <td>{target.person}</td>
                    <td>
                      {target.budget} {t(`plans.funding.${target.funding}`)}
                    </td>
                    <td>{target.due}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </article>
      <SigningRecord letter={data} canRecord={canRecord} today={campaign.today} />
    </>
  );
}

function SigningRecord({
  letter,
  canRecord,
  today,
}: {
  letter: ResponsibilityLetter;
  canRecord: boolean;
  today: string;
}) {
  const { t } = useTranslation();
  const record = useRecordSigning(letter.year, letter.unit);
  const upload = useUploadScan(letter.year, letter.unit);
  const { state } = letter;
  const [signedOn, setSignedOn] = useState(state.signedOn ?? today);
  return (
    <section className="responsibility-record no-print" aria-labelledby="record-title">
      <h3 id="record-title">{t('responsibility.record')}</h3>
      <p>
        {state.signed ? t('responsibility.isSigned', { date: state.signedOn }) : t('responsibility.notSigned')}
        {state.recordedByName ? ` · ${t('responsibility.recordedBy', { name: state.recordedByName })}` : ''}
      </p>
      {state.hasScan ? (
        <p>
          <a href={scanUrl(letter.year, letter.unit)} target="_blank" rel="noreferrer">
            {t('responsibility.viewScan')}
          </a>
        </p>
      ) : null}
      {canRecord ? (
        <div className="record-form">
          <Field label={t('responsibility.signedOn')}>
            <input
              type="date"
              name="signedOn"
              max={today}
              value={signedOn}
              onChange={(event) => setSignedOn(event.target.value)}
            />
          </Field>
          <button
            type="button"
            className="primary-button"
            disabled={record.isPending}
            onClick={() => record.mutate({ version: state.version, body: { signed: true, signedOn } })}
          >
            {t('responsibility.markSigned')}
          </button>
          {state.signed ? (
            <button
              type="button"
              disabled={record.isPending}
              onClick={() => record.mutate({ version: state.version, body: { signed: false, signedOn: null } })}
            >
              {t('responsibility.markUnsigned')}
            </button>
          ) : null}
          <Field label={t('responsibility.uploadScan')}>
            <input
              type="file"
              name="scan"
              accept="image/*"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) upload.mutate(file);
              }}
            />
          </Field>
        </div>
      ) : null}
      {record.error ? (
        <Message tone="error">
          {problemText(record.error, t, { status: { 412: 'responsibility.stale' }, otherwise: 'detail' })}
        </Message>
      ) : null}
      {upload.error ? <Message tone="error">{problemText(upload.error, t, { otherwise: 'detail' })}</Message> : null}
    </section>
  );
}
