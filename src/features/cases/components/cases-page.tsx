import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { canCall } from '../../../shared/campaign/authorization';
import type { SessionUser } from '../../../shared/admin/auth';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { ImportPanel } from './import-panel';
import { TimeLimits } from './time-limits';
import { TriagePanel } from './triage-panel';
import { useTriageQueue } from '../../../data/public-triage';
import {
  CASE_ACTION_INPUTS,
  CASE_STATUSES,
  type CaseAction,
  type CaseActionBody,
  type ProblemCode,
} from '../../../shared/cases/case';
import {
  useCaseAction,
  useCaseCodes,
  useCaseDetail,
  useCaseList,
  useReportCase,
  useTownOutline,
} from '../../../data/cases';
import { formatStamp, unitName } from '../../../lib/format';
import { ProblemMessage } from '../../../ui/problem-message';
import { queueWhenOffline } from '../../../data/outbox';
import { UnitOptions } from '../../../ui/unit-options';
import '../cases.css';

export interface CasesPageProps {
  user: SessionUser;
  campaign: CampaignResponse;
  /** The case a link opens (?case= from the app's router). */
  initialCaseId: string | null;
}

const PAGE_SIZE = 50;

/**
 * 数字城管 cases: filters and a table, a case's detail with its steps and the actions the caller's role may take,
 * and the 上报案件 form (code by 大类 with search, a tap on the town map or the current position, description).
 */
export function CasesPage({ user, campaign, initialCaseId }: CasesPageProps) {
  const { t, i18n } = useTranslation();
  const codes = useCaseCodes();
  const [status, setStatus] = useState('');
  const [major, setMajor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(initialCaseId);
  const [reporting, setReporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [editingLimits, setEditingLimits] = useState(false);
  const [triaging, setTriaging] = useState(false);
  const canTriage = canCall(user.role, 'GET', '/api/public-reports');
  const triageQueue = useTriageQueue(canTriage);
  const search = useMemo(() => {
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (major) params.set('major', major);
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    params.set('limit', String(PAGE_SIZE));
    params.set('offset', String(offset));
    return params.toString();
  }, [status, major, from, to, offset]);
  const list = useCaseList(search);
  const codeMap = useMemo(() => new Map((codes.data?.codes ?? []).map((code) => [code.code, code])), [codes.data]);
  const majors = useMemo(() => {
    const seen = new Map<string, string>();
    for (const code of codes.data?.codes ?? []) if (!seen.has(code.majorCode)) seen.set(code.majorCode, code.majorName);
    return [...seen.entries()];
  }, [codes.data]);
  const unitLabel = (id: string | null) => unitName(campaign.units, id, i18n.language);
  const canReport = canCall(user.role, 'POST', '/api/cases');
  const canImport = canCall(user.role, 'POST', '/api/cases/import');
  const canEditLimits = canCall(user.role, 'PUT', '/api/case-codes/:code/time-limit');
  const reset = () => setOffset(0);

  return (
    <div className="cases-page" data-testid="cases-page">
      <div className="cases-head">
        <h1>{t('casesPage.title')}</h1>
        <div className="case-action-buttons">
          {canTriage ? (
            <button type="button" onClick={() => setTriaging((open) => !open)} data-testid="triage-open">
              {t('casesPage.triage.open', { count: triageQueue.data?.reports.length ?? 0 })}
            </button>
          ) : null}
          {canEditLimits ? (
            <button type="button" onClick={() => setEditingLimits(true)}>
              {t('casesPage.limits.open')}
            </button>
          ) : null}
          {canImport ? (
            <button type="button" onClick={() => setImporting(true)}>
              {t('casesPage.import.open')}
            </button>
          ) : null}
          {canReport ? (
            <button type="button" className="primary" onClick={() => setReporting(true)}>
              {t('casesPage.report.open')}
            </button>
          ) : null}
        </div>
      </div>
      {triaging ? <TriagePanel selectedCaseId={selected} onCase={setSelected} /> : null}
      {importing ? <ImportPanel onClose={() => setImporting(false)} /> : null}
      {editingLimits && codes.data ? (
        <TimeLimits codes={codes.data.codes} onClose={() => setEditingLimits(false)} />
      ) : null}
      {reporting && codes.data ? (
        <ReportForm
          codes={codes.data.codes}
          canSelfHandle={user.role === 'inspector' || user.role === 'admin'}
          userId={user.id}
          onClose={() => setReporting(false)}
          onReported={(id) => {
            setReporting(false);
            setSelected(id);
          }}
        />
      ) : null}
      <form
        className="cases-filters"
        aria-label={t('casesPage.filters.title')}
        onSubmit={(event) => event.preventDefault()}
      >
        <Field label={t('casesPage.fields.status')}>
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
              reset();
            }}
          >
            <option value="">{t('casesPage.filters.all')}</option>
            {CASE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`casesPage.status.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('casesPage.fields.major')}>
          <select
            value={major}
            onChange={(event) => {
              setMajor(event.target.value);
              reset();
            }}
          >
            <option value="">{t('casesPage.filters.all')}</option>
            {majors.map(([code, name]) => (
              <option key={code} value={code}>
                {code} {name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('casesPage.filters.from')}>
          <input
            type="date"
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
              reset();
            }}
          />
        </Field>
        <Field label={t('casesPage.filters.to')}>
          <input
            type="date"
            value={to}
            onChange={(event) => {
              setTo(event.target.value);
              reset();
            }}
          />
        </Field>
      </form>
      <ProblemMessage error={list.error} wording={{ otherwise: 'detail', fallback: 'casesPage.loadFailed' }} />
      {list.data ? (
        <>
          <p className="cases-total" data-testid="cases-total">
            {t('casesPage.list.total', { total: list.data.total })}
          </p>
          <div className="cases-layout">
            <table className="cases-table" aria-label={t('casesPage.list.title')}>
              <thead>
                <tr>
                  <th scope="col">{t('casesPage.fields.caseNo')}</th>
                  <th scope="col">{t('casesPage.fields.code')}</th>
                  <th scope="col">{t('casesPage.fields.status')}</th>
                  <th scope="col">{t('casesPage.fields.unit')}</th>
                  <th scope="col">{t('casesPage.fields.reportedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.cases.map((cityCase) => (
                  <tr
                    key={cityCase.id}
                    data-testid="case-row"
                    className={cityCase.id === selected ? 'selected' : undefined}
                    aria-selected={cityCase.id === selected}
                  >
                    <td>
                      <button type="button" className="link" onClick={() => setSelected(cityCase.id)}>
                        {cityCase.caseNo}
                      </button>
                      {cityCase.synthetic ? <SyntheticBadge /> : null}
                    </td>
                    <td>
                      {cityCase.code} {codeMap.get(cityCase.code)?.name ?? cityCase.legacyLabel ?? ''}
                    </td>
                    <td>
                      {t(`casesPage.status.${cityCase.status}`)}
                      {cityCase.suspended ? ` · ${t('casesPage.detail.suspended')}` : ''}
                      {cityCase.overdue ? <span className="case-overdue"> {t('casesPage.detail.overdue')}</span> : null}
                    </td>
                    <td>{unitLabel(cityCase.unitId)}</td>
                    <td>{formatStamp(cityCase.reportedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {selected ? <CaseDetail id={selected} unitLabel={unitLabel} codeMap={codeMap} campaign={campaign} /> : null}
          </div>
          {list.data.cases.length === 0 ? <Message>{t('casesPage.list.empty')}</Message> : null}
          <div className="cases-paging">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              {t('casesPage.list.previous')}
            </button>
            <button
              type="button"
              disabled={offset + PAGE_SIZE >= list.data.total}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              {t('casesPage.list.next')}
            </button>
          </div>
        </>
      ) : list.isPending ? (
        <Message>{t('common.loading')}</Message>
      ) : null}
    </div>
  );
}

function SyntheticBadge() {
  const { t } = useTranslation();
  return (
    <span className="synthetic-badge" title={t('casesPage.syntheticHint')}>
      {t('casesPage.synthetic')}
    </span>
  );
}

function CaseDetail({
  id,
  unitLabel,
  codeMap,
  campaign,
}: {
  id: string;
  unitLabel(id: string | null): string;
  codeMap: ReadonlyMap<string, ProblemCode>;
  campaign: CampaignResponse;
}) {
  const { t } = useTranslation();
  const detail = useCaseDetail(id);
  const act = useCaseAction(id);
  const [pending, setPending] = useState<CaseAction | null>(null);
  const [reason, setReason] = useState('');
  const [unitId, setUnitId] = useState('');
  const [until, setUntil] = useState('');
  if (!detail.data) {
    return detail.isError ? <Message tone="error">{t('casesPage.loadFailed')}</Message> : null;
  }
  const { data: cityCase, etag } = detail.data;
  const code = codeMap.get(cityCase.code);
  const run = (action: CaseAction, body: CaseActionBody) => {
    act.mutate(
      { action, body, etag },
      {
        onSuccess: () => {
          setPending(null);
          setReason('');
        },
      },
    );
  };
  const choose = (action: CaseAction) => {
    act.reset();
    if (CASE_ACTION_INPUTS[action]) {
      setPending(action);
      setUnitId(action === 'dispatch' ? (code?.defaultUnit ?? '') : '');
      return;
    }
    run(action, {});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pending) return;
    const inputs = CASE_ACTION_INPUTS[pending] ?? [];
    const body: CaseActionBody = {};
    if (inputs.includes('reason') && reason.trim()) body.reason = reason.trim();
    if (inputs.includes('note') && reason.trim()) body.note = reason.trim();
    if (inputs.includes('unitId')) body.unitId = unitId;
    if (inputs.includes('until') && until) body.until = new Date(`${until}:00+08:00`).toISOString();
    run(pending, body);
  };
  const inputs = pending ? (CASE_ACTION_INPUTS[pending] ?? []) : [];
  return (
    <section className="case-detail" aria-label={t('casesPage.detail.title')} data-testid="case-detail">
      <h2>
        {cityCase.caseNo} {cityCase.synthetic ? <SyntheticBadge /> : null}
      </h2>
      <dl className="case-facts">
        <dt>{t('casesPage.fields.code')}</dt>
        <dd>
          {cityCase.code} {code ? `${code.majorName} · ${code.name}` : ''}
          {cityCase.legacyLabel ? <span className="case-legacy"> ({cityCase.legacyLabel})</span> : null}
        </dd>
        <dt>{t('casesPage.fields.status')}</dt>
        <dd data-testid="case-status">
          {t(`casesPage.status.${cityCase.status}`)}
          {cityCase.suspended ? ` · ${t('casesPage.detail.suspended')}` : ''}
        </dd>
        <dt>{t('casesPage.fields.description')}</dt>
        <dd>{cityCase.description || '—'}</dd>
        <dt>{t('casesPage.fields.address')}</dt>
        <dd>{cityCase.address || '—'}</dd>
        <dt>{t('casesPage.fields.source')}</dt>
        <dd>{t(`casesPage.sources.${cityCase.source}`)}</dd>
        <dt>{t('casesPage.fields.unit')}</dt>
        <dd>{unitLabel(cityCase.unitId)}</dd>
        <dt>{t('casesPage.fields.deadline')}</dt>
        <dd>
          {formatStamp(cityCase.deadlineAt)}
          {cityCase.overdue ? <span className="case-overdue"> {t('casesPage.detail.overdue')}</span> : null}
        </dd>
        <dt>{t('casesPage.fields.counts')}</dt>
        <dd>{t('casesPage.detail.counts', { extensions: cityCase.extensionCount, reworks: cityCase.reworkCount })}</dd>
        <dt>{t('casesPage.fields.grid')}</dt>
        <dd>{cityCase.gridCode ?? '—'}</dd>
      </dl>
      {cityCase.extensionRequest ? (
        <p className="case-extension">
          {t('casesPage.detail.extensionRequest', {
            until: formatStamp(cityCase.extensionRequest.until),
            reason: cityCase.extensionRequest.reason,
          })}
        </p>
      ) : null}
      {cityCase.actions.length > 0 ? (
        <div className="case-actions" role="group" aria-label={t('casesPage.detail.actions')}>
          {cityCase.actions.map((action) => (
            <button key={action} type="button" disabled={act.isPending} onClick={() => choose(action)}>
              {t(`casesPage.actions.${action}`)}
            </button>
          ))}
        </div>
      ) : null}
      {pending ? (
        <form className="case-action-form" onSubmit={submit} aria-label={t(`casesPage.actions.${pending}`)}>
          {inputs.includes('unitId') ? (
            <Field label={t('casesPage.fields.unit')}>
              <select name="unitId" value={unitId} required onChange={(event) => setUnitId(event.target.value)}>
                <option value="">—</option>
                <UnitOptions units={campaign.units} />
              </select>
            </Field>
          ) : null}
          {inputs.includes('until') ? (
            <Field label={t('casesPage.detail.until')}>
              <input type="datetime-local" required value={until} onChange={(event) => setUntil(event.target.value)} />
            </Field>
          ) : null}
          {inputs.includes('reason') || inputs.includes('note') ? (
            <Field label={inputs.includes('reason') ? t('casesPage.detail.reason') : t('casesPage.detail.note')}>
              <textarea
                value={reason}
                required={inputs.includes('reason')}
                maxLength={1000}
                onChange={(event) => setReason(event.target.value)}
              />
            </Field>
          ) : null}
          <div className="case-action-buttons">
            <button type="submit" className="primary" disabled={act.isPending}>
              {t('casesPage.detail.confirm')}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t('casesPage.detail.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ProblemMessage
        error={act.error}
        wording={{ refusal: 'casesPage.refusal.', otherwise: 'detail', fallback: 'casesPage.actionFailed' }}
      />
      <h3>{t('casesPage.detail.steps')}</h3>
      <ol className="case-steps" data-testid="case-steps">
        {cityCase.steps.map((step) => (
          <li key={step.seq}>
            <time>{formatStamp(step.at)}</time>{' '}
            <strong>{t(`casesPage.actions.${step.action}`, { defaultValue: step.action })}</strong>{' '}
            {step.actorName ??
              (step.actorRole ? t(`casesPage.roles.${step.actorRole}`, { defaultValue: step.actorRole }) : '')}
            {step.note ? <span className="case-step-note"> — {step.note}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

type Point = { lon: number; lat: number };

function ReportForm({
  codes,
  canSelfHandle,
  onClose,
  onReported,
  userId,
}: {
  codes: readonly ProblemCode[];
  canSelfHandle: boolean;
  userId: string;
  onClose(): void;
  onReported(id: string): void;
}) {
  const { t } = useTranslation();
  const report = useReportCase();
  const [query, setQuery] = useState('');
  const [code, setCode] = useState('');
  const [point, setPoint] = useState<Point | null>(null);
  const [description, setDescription] = useState('');
  const [selfHandled, setSelfHandled] = useState(false);
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');
  const [savedOffline, setSavedOffline] = useState(false);
  const groups = useMemo(() => {
    const needle = query.trim();
    const matching = codes.filter(
      (entry) =>
        !needle || entry.name.includes(needle) || entry.code.startsWith(needle) || entry.majorName.includes(needle),
    );
    const byMajor = new Map<string, ProblemCode[]>();
    for (const entry of matching) {
      const key = `${entry.majorCode} ${entry.majorName}（${entry.kind}）`;
      byMajor.set(key, [...(byMajor.get(key) ?? []), entry]);
    }
    return [...byMajor.entries()];
  }, [codes, query]);
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating('failed');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setPoint({ lon: position.coords.longitude, lat: position.coords.latitude });
        setLocating('idle');
      },
      () => setLocating('failed'),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!code || !point) return;
    const body = { code, lon: point.lon, lat: point.lat, description, ...(selfHandled ? { selfHandled: true } : {}) };
    // Offline: kept in the outbox and sent, once, when the network returns (docs/field.md).
    void queueWhenOffline({ kind: 'case', body }, userId).then((queued) => {
      if (queued) {
        setSavedOffline(true);
        setDescription('');
        setPoint(null);
      } else report.mutate(body, { onSuccess: (cityCase) => onReported(cityCase.id) });
    });
  };
  return (
    <section className="case-report" aria-label={t('casesPage.report.title')} data-testid="case-report">
      <h2>{t('casesPage.report.title')}</h2>
      <form onSubmit={submit}>
        <Field label={t('casesPage.report.search')}>
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        </Field>
        <Field label={t('casesPage.fields.code')}>
          <select name="code" required value={code} onChange={(event) => setCode(event.target.value)}>
            <option value="">—</option>
            {groups.map(([label, entries]) => (
              <optgroup key={label} label={label}>
                {entries.map((entry) => (
                  <option key={entry.code} value={entry.code}>
                    {entry.code} {entry.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <TapMap point={point} onPick={setPoint} />
        <div className="case-position">
          <button type="button" onClick={locate} disabled={locating === 'busy'}>
            {t('casesPage.report.useLocation')}
          </button>
          <span data-testid="case-point">
            {point ? `${point.lon.toFixed(6)}, ${point.lat.toFixed(6)}` : t('casesPage.report.noPoint')}
          </span>
        </div>
        {locating === 'failed' ? <Message tone="error">{t('casesPage.report.locationFailed')}</Message> : null}
        <Field label={t('casesPage.fields.description')}>
          <textarea
            required
            maxLength={1000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </Field>
        {canSelfHandle ? (
          <label className="case-self">
            <input type="checkbox" checked={selfHandled} onChange={(event) => setSelfHandled(event.target.checked)} />
            {t('casesPage.report.selfHandled')}
          </label>
        ) : null}
        <ProblemMessage
          error={report.error}
          wording={{ refusal: 'casesPage.refusal.', otherwise: 'detail', fallback: 'casesPage.actionFailed' }}
        />
        {savedOffline ? <Message tone="info">{t('field.savedOffline')}</Message> : null}
        <div className="case-action-buttons">
          <button type="submit" className="primary" disabled={!code || !point || report.isPending}>
            {t('casesPage.report.submit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('casesPage.detail.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The town outline, rivers and roads as a small SVG: a tap sets the case's point (works offline, on a phone). */
function TapMap({ point, onPick }: { point: Point | null; onPick(point: Point): void }) {
  const { t } = useTranslation();
  const basemap = useTownOutline();
  const view = useMemo(() => {
    const features = basemap.data?.features ?? [];
    const outline = features.find((feature) => feature.properties.layer === 'outline');
    if (!outline || outline.geometry.type !== 'Polygon') return null;
    const ring = (outline.geometry.coordinates as number[][][])[0]!;
    const lons = ring.map((position) => position[0]!);
    const lats = ring.map((position) => position[1]!);
    const box = {
      minLon: Math.min(...lons),
      maxLon: Math.max(...lons),
      minLat: Math.min(...lats),
      maxLat: Math.max(...lats),
    };
    const scale = Math.cos((((box.minLat + box.maxLat) / 2) * Math.PI) / 180);
    const width = 400;
    const height = Math.round((width * (box.maxLat - box.minLat)) / ((box.maxLon - box.minLon) * scale));
    const x = (lon: number) => ((lon - box.minLon) / (box.maxLon - box.minLon)) * width;
    const y = (lat: number) => ((box.maxLat - lat) / (box.maxLat - box.minLat)) * height;
    const path = (positions: number[][]) =>
      positions
        .map((position, index) => `${index ? 'L' : 'M'}${x(position[0]!).toFixed(1)},${y(position[1]!).toFixed(1)}`)
        .join('');
    const lines = features
      .filter((feature) => feature.geometry.type === 'LineString')
      .map((feature) => ({ layer: feature.properties.layer, d: path(feature.geometry.coordinates as number[][]) }));
    return { width, height, box, outline: `${path(ring)}Z`, lines, x, y };
  }, [basemap.data]);
  if (!view) return null;
  return (
    <svg
      className="case-tap-map"
      data-testid="case-tap-map"
      viewBox={`0 0 ${view.width} ${view.height}`}
      role="img"
      aria-label={t('casesPage.report.tapMap')}
      onClick={(event) => {
        const rect = event.currentTarget.getBoundingClientRect();
        const fx = (event.clientX - rect.left) / rect.width;
        const fy = (event.clientY - rect.top) / rect.height;
        onPick({
          lon: view.box.minLon + fx * (view.box.maxLon - view.box.minLon),
          lat: view.box.maxLat - fy * (view.box.maxLat - view.box.minLat),
        });
      }}
    >
      <path d={view.outline} className="tap-outline" />
      {view.lines.map((line, index) => (
        <path key={index} d={line.d} className={`tap-${line.layer}`} />
      ))}
      {point ? <circle cx={view.x(point.lon)} cy={view.y(point.lat)} r={6} className="tap-point" /> : null}
    </svg>
  );
}
