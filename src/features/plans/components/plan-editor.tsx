import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { ZoneFeature } from '../../../shared/zones/zone';
import {
  FUNDING_SOURCES,
  planBodySchema,
  type FundingSource,
  type PlanBody,
  type PlanMilestone,
  type PlanProject,
} from '../../../shared/plans/plans';
import { itemLabel } from '../../../lib/item-label';
import { unitName } from '../../../lib/format';

const PHASES = [1, 2, 3] as const;

/** A key for a new project: unique enough inside one plan. */
const newKey = () => `p${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/**
 * The first problem of a body as a plain sentence ("第 2 个项目：请填写专人"), or null when it is valid: the same
 * schema the server applies, checked before sending.
 */
export function useBodyProblem() {
  const { t } = useTranslation();
  return (body: PlanBody): string | null => {
    const result = planBodySchema.safeParse(body);
    if (result.success) return null;
    const issue = result.error.issues[0]!;
    const [first, index, field] = issue.path;
    if (first === 'projects' && typeof index === 'number') {
      const label = typeof field === 'string' ? t(`plans.fields.${field}`, { defaultValue: '' }) : '';
      return t('plans.invalidProject', { n: index + 1, field: label || t('plans.fields.project') });
    }
    return t('plans.invalidBody');
  };
}

/** The unit's plan body as a form: projects from its zones or new places, each with its 专人, funds and milestones. */
export function PlanEditor({
  campaign,
  unit,
  zones,
  body,
  onChange,
}: {
  campaign: CampaignResponse;
  unit: string;
  /** The zones the unit leads. */
  zones: readonly ZoneFeature[];
  body: PlanBody;
  onChange(body: PlanBody): void;
}) {
  const { t, i18n } = useTranslation();
  const [zonePick, setZonePick] = useState('');
  const ownItems = campaign.items.filter(
    (item) => item.applicable && (item.leadUnit === unit || item.responsibleUnits.includes(unit)),
  );
  const items = ownItems.length ? ownItems : campaign.items.filter((item) => item.applicable);
  const year = Number(campaign.today.slice(0, 4));
  const setProject = (index: number, patch: Partial<PlanProject>) =>
    onChange({
      ...body,
      projects: body.projects.map((project, at) => (at === index ? { ...project, ...patch } : project)),
    });
  const removeProject = (index: number) =>
    onChange({ ...body, projects: body.projects.filter((_, at) => at !== index) });
  const blank = (patch: Partial<PlanProject>): PlanProject => ({
    key: newKey(),
    item: items[0]?.code ?? 'R1',
    zoneId: null,
    place: '',
    carriedOver: false,
    tasks: '',
    person: '',
    responsibleUnits: [],
    budget: 0,
    funding: 'finance',
    due: `${year}-12-31`,
    milestones: [],
    ...patch,
  });
  const addZone = () => {
    const zone = zones.find((candidate) => candidate.id === zonePick);
    if (!zone) return;
    onChange({
      ...body,
      projects: [
        ...body.projects,
        blank({
          item: zone.properties.category,
          zoneId: zone.id,
          carriedOver: true,
          tasks: zone.properties.measures.slice(0, 2000),
          responsibleUnits: zone.properties.responsibleUnits,
          due: zone.properties.plannedEnd,
        }),
      ],
    });
    setZonePick('');
  };
  const planned = new Set(body.projects.map((project) => project.zoneId));

  return (
    <div className="plan-editor">
      {body.projects.map((project, index) => {
        const zone = project.zoneId ? zones.find((candidate) => candidate.id === project.zoneId) : undefined;
        const setMilestone = (at: number, patch: Partial<PlanMilestone>) =>
          setProject(index, {
            milestones: project.milestones.map((milestone, m) => (m === at ? { ...milestone, ...patch } : milestone)),
          });
        return (
          <fieldset key={project.key} className="plan-project" data-project={index}>
            <legend>
              {t('plans.projectN', { n: index + 1 })}
              {project.zoneId ? ` · ${zone?.properties.name ?? t('plans.zoneGone')}` : ''}
            </legend>
            <div className="plan-grid">
              <label>
                {t('plans.fields.item')}
                <select
                  value={project.item}
                  disabled={project.zoneId !== null}
                  onChange={(event) => setProject(index, { item: event.target.value })}
                >
                  {campaign.items.map((item) => (
                    <option key={item.code} value={item.code}>
                      {itemLabel(campaign.items, item.code, i18n.language)}
                    </option>
                  ))}
                </select>
              </label>
              {project.zoneId === null ? (
                <label>
                  {t('plans.fields.place')}
                  <input
                    name="place"
                    value={project.place}
                    maxLength={120}
                    onChange={(event) => setProject(index, { place: event.target.value })}
                  />
                </label>
              ) : null}
              <label>
                {t('plans.fields.person')}
                <input
                  name="person"
                  value={project.person}
                  maxLength={40}
                  onChange={(event) => setProject(index, { person: event.target.value })}
                />
              </label>
              <label>
                {t('plans.fields.budget')}
                <input
                  name="budget"
                  type="number"
                  min={0}
                  step={0.01}
                  inputMode="decimal"
                  value={Number.isFinite(project.budget) ? project.budget : ''}
                  onChange={(event) => setProject(index, { budget: Number(event.target.value) })}
                />
              </label>
              <label>
                {t('plans.fields.funding')}
                <select
                  name="funding"
                  value={project.funding}
                  onChange={(event) => setProject(index, { funding: event.target.value as FundingSource })}
                >
                  {FUNDING_SOURCES.map((source) => (
                    <option key={source} value={source}>
                      {t(`plans.funding.${source}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('plans.fields.due')}
                <input
                  name="due"
                  type="date"
                  value={project.due}
                  onChange={(event) => setProject(index, { due: event.target.value })}
                />
              </label>
              <label className="plan-check">
                <input
                  type="checkbox"
                  checked={project.carriedOver}
                  onChange={(event) => setProject(index, { carriedOver: event.target.checked })}
                />
                {t('plans.fields.carriedOver')}
              </label>
            </div>
            <label className="plan-wide">
              {t('plans.fields.tasks')}
              <textarea
                name="tasks"
                rows={3}
                maxLength={2000}
                value={project.tasks}
                onChange={(event) => setProject(index, { tasks: event.target.value })}
              />
            </label>
            <label className="plan-wide">
              {t('plans.fields.responsibleUnits')}
              <select
                multiple
                value={project.responsibleUnits}
                onChange={(event) =>
                  setProject(index, {
                    responsibleUnits: [...event.target.selectedOptions].map((option) => option.value),
                  })
                }
              >
                {campaign.units
                  .filter((candidate) => candidate.id !== unit)
                  .map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {unitName(campaign.units, candidate.id, i18n.language)}
                    </option>
                  ))}
              </select>
            </label>
            <div className="plan-milestones">
              <span>{t('plans.fields.milestones')}</span>
              {project.milestones.map((milestone, at) => (
                <div key={at} className="plan-milestone">
                  <select
                    aria-label={t('plans.phase')}
                    value={milestone.phase}
                    onChange={(event) => setMilestone(at, { phase: Number(event.target.value) })}
                  >
                    {PHASES.map((phase) => (
                      <option key={phase} value={phase}>
                        {t('plans.phaseN', { n: phase })}
                      </option>
                    ))}
                  </select>
                  <input
                    aria-label={t('plans.milestoneText')}
                    value={milestone.text}
                    maxLength={200}
                    onChange={(event) => setMilestone(at, { text: event.target.value })}
                  />
                  <input
                    aria-label={t('plans.milestoneDue')}
                    type="date"
                    value={milestone.due ?? ''}
                    onChange={(event) => setMilestone(at, { due: event.target.value || null })}
                  />
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setProject(index, { milestones: project.milestones.filter((_, m) => m !== at) })}
                  >
                    {t('plans.remove')}
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  setProject(index, { milestones: [...project.milestones, { phase: 2, text: '', due: null }] })
                }
              >
                {t('plans.addMilestone')}
              </button>
            </div>
            <button type="button" className="link-button plan-remove" onClick={() => removeProject(index)}>
              {t('plans.removeProject')}
            </button>
          </fieldset>
        );
      })}
      <div className="plan-add">
        <label>
          {t('plans.fromZone')}
          <select name="zone-pick" value={zonePick} onChange={(event) => setZonePick(event.target.value)}>
            <option value="">{t('plans.pickZone')}</option>
            {zones
              .filter((zone) => !planned.has(zone.id))
              .map((zone) => (
                <option key={zone.id} value={zone.id}>
                  {`${zone.properties.category} ${zone.properties.name}`}
                </option>
              ))}
          </select>
        </label>
        <button type="button" disabled={!zonePick} onClick={addZone}>
          {t('plans.addZone')}
        </button>
        <button type="button" onClick={() => onChange({ ...body, projects: [...body.projects, blank({})] })}>
          {t('plans.addPlace')}
        </button>
      </div>
      <label className="plan-wide">
        {t('plans.fields.note')}
        <textarea
          rows={2}
          maxLength={2000}
          value={body.note}
          onChange={(event) => onChange({ ...body, note: event.target.value })}
        />
      </label>
    </div>
  );
}
