import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/admin/auth';
import { campaignYearFor, type CampaignResponse } from '../../../shared/campaign/campaign';
import {
  allowedActions,
  budgetTotal,
  editRefusal,
  planDueDate,
  type Plan,
  type PlanAction,
  type PlanBody,
} from '../../../shared/plans/plans';
import {
  planWorkbookUrl,
  useCreatePlan,
  usePlan,
  usePlanAction,
  usePlanSummary,
  usePlanVersions,
  useSavePlan,
  useUnitZones,
} from '../../../data/plans';
import { formatDateTime, unitName } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import { PlanEditor, useBodyProblem } from './plan-editor';
import '../plans.css';

/** The year of `?year=` when it is well-formed (2000 to next year), else the campaign year of today. */
export function planYearFrom(search: string, today: string): number {
  const year = new URLSearchParams(search).get('year') ?? '';
  const next = Number(today.slice(0, 4)) + 1;
  return /^\d{4}$/.test(year) && Number(year) >= 2000 && Number(year) <= next ? Number(year) : campaignYearFor(today);
}

const WORDING = {
  refusal: 'plans.refusal.',
  status: { 412: 'plans.stale', 409: 'plans.exists' },
  otherwise: { invalid: 'plans.invalidBody', fields: 'message' as const },
};

/**
 * Annual plans (整治计划): a unit drafts, edits and submits its plan for the year and reads the office's comment; the
 * campaign office sees every unit's plan with its state and lateness, returns one with a comment or approves it.
 */
export function PlansPage({
  user,
  campaign,
  search,
  onSearch,
  onNavigate,
}: {
  user: SessionUser;
  campaign: CampaignResponse;
  search: string;
  onSearch(next: string): void;
  onNavigate(path: string): void;
}) {
  const { t, i18n } = useTranslation();
  const year = planYearFrom(search, campaign.today);
  const selected = new URLSearchParams(search).get('plan');
  const summary = usePlanSummary(year);
  const isUnit = user.role === 'unit' && user.unit !== null;
  const own = isUnit ? summary.data?.units.find((entry) => entry.unit === user.unit) : undefined;
  const planId = isUnit ? (own?.planId ?? null) : selected;
  const create = useCreatePlan();
  const unitLabel = (id: string) => unitName(campaign.units, id, i18n.language);
  const setYear = (next: number) => {
    if (Number.isInteger(next) && next >= 2000 && next <= Number(campaign.today.slice(0, 4)) + 1) {
      onSearch(`year=${next}`);
    }
  };

  return (
    <main className="plans-page" aria-labelledby="plans-title">
      <h2 id="plans-title">{t(isUnit ? 'plans.titleUnit' : 'plans.title', { year })}</h2>
      <div className="plans-toolbar">
        <label>
          {t('plans.year')}
          <input
            type="number"
            name="year"
            value={year}
            min={2000}
            max={Number(campaign.today.slice(0, 4)) + 1}
            onChange={(event) => setYear(Number(event.target.value))}
          />
        </label>
        <span className="muted">{t('plans.due', { date: planDueDate(year) })}</span>
        <a
          href={`/plans/summary?year=${year}`}
          onClick={(event) => {
            event.preventDefault();
            onNavigate(`/plans/summary?year=${year}`);
          }}
        >
          {t('plans.summaryLink')}
        </a>
        <a href={planWorkbookUrl(year)} download>
          {t('plans.workbookLink')}
        </a>
      </div>
      {summary.isPending ? <Message>{t('common.loading')}</Message> : null}
      <ProblemMessage error={summary.error} wording={{ fallback: 'common.loadFailed' }} />
      {isUnit && summary.data && !own?.planId ? (
        <div className="plan-start">
          <p>{t('plans.noPlanYet', { year })}</p>
          <button type="button" disabled={create.isPending} onClick={() => create.mutate(year)}>
            {t('plans.draft')}
          </button>
          <ProblemMessage error={create.error} wording={WORDING} />
        </div>
      ) : null}
      {!isUnit && summary.data ? (
        <div className="plans-table-wrap">
          <table className="plans-table" data-testid="plans-table">
            <thead>
              <tr>
                <th scope="col">{t('plans.unit')}</th>
                <th scope="col">{t('plans.state')}</th>
                <th scope="col">{t('plans.submitted')}</th>
                <th scope="col">{t('plans.projects')}</th>
                <th scope="col">{t('plans.budget')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.data.units.map((entry) => (
                <tr key={entry.unit} data-unit={entry.unit} className={entry.planId === selected ? 'is-selected' : ''}>
                  <th scope="row">
                    {entry.planId ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onSearch(`year=${year}&plan=${entry.planId}`)}
                      >
                        {unitLabel(entry.unit)}
                      </button>
                    ) : (
                      unitLabel(entry.unit)
                    )}
                  </th>
                  <td data-field="state">{t(`plans.states.${entry.state ?? 'none'}`)}</td>
                  <td data-field="late" className={entry.late ? 'is-late' : ''}>
                    {entry.submittedAt
                      ? `${formatDateTime(entry.submittedAt, i18n.language)} ${t(entry.late ? 'plans.late' : 'plans.onTime')}`
                      : entry.late
                        ? t('plans.notSubmittedLate')
                        : '—'}
                  </td>
                  <td>{entry.projects}</td>
                  <td>{entry.budget}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {planId ? <PlanDetail key={planId} id={planId} user={user} campaign={campaign} /> : null}
    </main>
  );
}

/** One plan: its state, the office's comment, its projects (or the unit's editor), the steps and the history. */
function PlanDetail({ id, user, campaign }: { id: string; user: SessionUser; campaign: CampaignResponse }) {
  const { t, i18n } = useTranslation();
  const plan = usePlan(id);
  const versions = usePlanVersions(id);
  const unitLabel = (unit: string | null) => unitName(campaign.units, unit, i18n.language);
  if (plan.isPending) return <Message>{t('common.loading')}</Message>;
  if (!plan.data) return <ProblemMessage error={plan.error} wording={{ fallback: 'common.loadFailed' }} />;
  const current = plan.data;
  const actor = { role: user.role, unit: user.unit ?? null };
  const editable = editRefusal(current, actor) === null;
  return (
    <section className="plan-detail" data-testid="plan-detail" data-state={current.state} aria-labelledby="plan-title">
      <h3 id="plan-title">
        {t('plans.planOf', { unit: unitLabel(current.unit), year: current.year })}{' '}
        <span className={`plan-state state-${current.state}`} data-testid="plan-state">
          {t(`plans.states.${current.state}`)}
        </span>
      </h3>
      <p className="muted">
        {[
          t('plans.due', { date: current.due }),
          current.submittedAt
            ? t('plans.submittedAt', { at: formatDateTime(current.submittedAt, i18n.language) })
            : t('plans.notSubmitted'),
          current.submittedAt || current.late ? t(current.late ? 'plans.late' : 'plans.onTime') : '',
          current.approvedAt
            ? t('plans.approvedAt', {
                at: formatDateTime(current.approvedAt, i18n.language),
                by: current.approvedByName ?? '',
              })
            : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {current.comment ? (
        <div className={`plan-comment${current.state === 'returned' ? ' is-returned' : ''}`} data-testid="plan-comment">
          <strong>{t('plans.officeComment')}</strong> {current.comment}
        </div>
      ) : null}
      {editable ? (
        <EditablePlan plan={current} campaign={campaign} user={user} />
      ) : (
        <>
          <ProjectTable plan={current} campaign={campaign} />
          <PlanActions plan={current} user={user} />
        </>
      )}
      <h4>{t('plans.history')}</h4>
      <ProblemMessage error={versions.error} wording={{ fallback: 'common.loadFailed' }} />
      <ol className="plan-history" data-testid="plan-history">
        {versions.data?.map((version) => (
          <li key={version.version}>
            <span>{formatDateTime(version.at, i18n.language)}</span>{' '}
            <strong>{t(`plans.actions.${version.action}`)}</strong>{' '}
            <span className="muted">
              {version.actorName || t('plans.sampleActor')}
              {t('plans.projectsCount', { count: version.body.projects.length })}
            </span>
            {version.comment ? <div className="plan-history-comment">{version.comment}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The unit's own draft or returned plan: the editor, save, and submit. */
function EditablePlan({ plan, campaign, user }: { plan: Plan; campaign: CampaignResponse; user: SessionUser }) {
  const { t } = useTranslation();
  const [body, setBody] = useState<PlanBody>(plan.body);
  const [problem, setProblem] = useState<string | null>(null);
  const zones = useUnitZones(user.unit ?? null);
  const save = useSavePlan();
  const action = usePlanAction();
  const bodyProblem = useBodyProblem();
  const dirty = JSON.stringify(body) !== JSON.stringify(plan.body);
  const check = () => {
    const found = bodyProblem(body);
    setProblem(found);
    return found === null;
  };
  const onSave = () => {
    if (check()) save.mutate({ plan, body });
  };
  const onSubmit = async () => {
    if (!check()) return;
    if (!body.projects.length) {
      setProblem(t('plans.needProject'));
      return;
    }
    const saved = dirty ? await save.mutateAsync({ plan, body }).catch(() => null) : plan;
    if (saved) action.mutate({ plan: saved, action: 'submit' });
  };
  return (
    <>
      <PlanEditor
        campaign={campaign}
        unit={plan.unit}
        zones={zones.data ?? []}
        body={body}
        onChange={(next) => {
          setBody(next);
          setProblem(null);
        }}
      />
      <p className="muted">{t('plans.totalBudget', { budget: budgetTotal(body.projects) })}</p>
      {problem ? <Message tone="error">{problem}</Message> : null}
      <ProblemMessage error={save.error ?? action.error} wording={WORDING} />
      {save.isSuccess && !dirty ? <Message>{t('plans.saved')}</Message> : null}
      <div className="plan-buttons">
        <button type="button" disabled={!dirty || save.isPending} onClick={onSave}>
          {t('plans.save')}
        </button>
        <button
          type="button"
          className="primary-button"
          disabled={save.isPending || action.isPending}
          onClick={onSubmit}
        >
          {t('plans.submit')}
        </button>
      </div>
    </>
  );
}

/** The steps this person may take now: the office returns (with a comment) or approves a submitted plan. */
function PlanActions({ plan, user }: { plan: Plan; user: SessionUser }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const action = usePlanAction();
  const allowed = allowedActions(plan, { role: user.role, unit: user.unit ?? null });
  if (!allowed.length) return <ProblemMessage error={action.error} wording={WORDING} />;
  const run = (step: PlanAction) => {
    if (step === 'return' && !comment.trim()) return;
    action.mutate(
      { plan, action: step, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      { onSuccess: () => setComment('') },
    );
  };
  return (
    <div className="plan-review">
      {allowed.includes('return') ? (
        <label className="plan-wide">
          {t('plans.commentLabel')}
          <textarea
            name="comment"
            rows={3}
            maxLength={1000}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
        </label>
      ) : null}
      <ProblemMessage error={action.error} wording={WORDING} />
      <div className="plan-buttons">
        {allowed.map((step) => (
          <button
            key={step}
            type="button"
            className={step === 'approve' || step === 'submit' ? 'primary-button' : undefined}
            disabled={action.isPending || (step === 'return' && !comment.trim())}
            onClick={() => run(step)}
          >
            {t(`plans.do.${step}`)}
          </button>
        ))}
      </div>
      {allowed.includes('return') ? <p className="muted">{t('plans.returnNeedsComment')}</p> : null}
    </div>
  );
}

/** A plan's projects as a table (read-only). */
function ProjectTable({ plan, campaign }: { plan: Plan; campaign: CampaignResponse }) {
  const { t, i18n } = useTranslation();
  const zones = useUnitZones(plan.unit);
  const zoneName = (id: string) =>
    zones.data?.find((zone) => zone.id === id)?.properties.name ?? (zones.isPending ? '…' : t('plans.zoneGone'));
  if (!plan.body.projects.length) return <Message>{t('plans.noProjects')}</Message>;
  return (
    <div className="plans-table-wrap">
      <table className="plans-table" data-testid="plan-projects">
        <thead>
          <tr>
            <th scope="col">{t('plans.fields.item')}</th>
            <th scope="col">{t('plans.fields.place')}</th>
            <th scope="col">{t('plans.fields.tasks')}</th>
            <th scope="col">{t('plans.fields.person')}</th>
            <th scope="col">{t('plans.fields.budget')}</th>
            <th scope="col">{t('plans.fields.funding')}</th>
            <th scope="col">{t('plans.fields.due')}</th>
            <th scope="col">{t('plans.fields.milestones')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.body.projects.map((project) => (
            <tr key={project.key}>
              <td>{itemLabel(campaign.items, project.item, i18n.language)}</td>
              <td>
                {project.zoneId ? zoneName(project.zoneId) : project.place}
                {project.carriedOver ? ` ${t('plans.carriedOverMark')}` : ''}
              </td>
              <td>{project.tasks}</td>
              <td>{project.person}</td>
              <td>{project.budget}</td>
              <td>{t(`plans.funding.${project.funding}`)}</td>
              <td>{project.due}</td>
              <td>
                {project.milestones
                  .map((milestone) => `${t('plans.phaseN', { n: milestone.phase })}：${milestone.text}`)
                  .join('；')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('plans.totalBudget', { budget: budgetTotal(plan.body.projects) })}</p>
    </div>
  );
}
