import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from 'geojson';
import {
  FLOOD_COMPONENT_CODES,
  RISK_LEVELS,
  type FloodFacility,
  type FloodProfileBody,
} from '../../../shared/flood/flood';
import type { MapEngine } from '../../../map/map-engine';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import {
  useAddFacility,
  useFloodChecklist,
  useSaveFloodProfile,
  useZoneFlood,
  type FloodSection as FloodData,
} from '../../../data/flood';
import { ProblemMessage } from '../../../ui/problem-message';
import '../flood.css';

type ComponentCode = (typeof FLOOD_COMPONENT_CODES)[number];
/** Facility colours on the map, by component code. */
const FACILITY_COLORS: Record<ComponentCode, string> = {
  '01072': '#1864ab',
  '01073': '#5f3dc4',
  '01071': '#495057',
  '01004': '#0b7285',
  '01067': '#c2255c',
};
/** Flood walls are lines; the others are points. */
const LINE_CODES: readonly ComponentCode[] = ['01071'];
const FACILITY_DRAFT = 'flood-facilities';
const NEW_FACILITY_DRAFT = 'flood-facility-new';

const EMPTY: FloodProfileBody = {
  riskLevel: 'medium',
  maxDepthCm: null,
  typicalDurationHours: null,
  affectedHouseholds: null,
  cause: '',
  drainageMeasures: '',
};
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** Flood attributes of a low-lying flood-prone area (R4): risk, depth, duration, households, cause, measures, facilities, events. */
export function FloodSection({
  zoneId,
  canEdit,
  engine,
}: {
  zoneId: string;
  canEdit: boolean;
  engine: MapEngine | null;
}) {
  const { t } = useTranslation();
  const flood = useZoneFlood(zoneId, true);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const facilityList = flood.data?.facilities;

  // The area's facilities are on the map while its panel is open.
  useEffect(() => {
    if (!engine || !facilityList) return;
    engine.setDraft(
      FACILITY_DRAFT,
      facilityList.map((facility) => ({
        type: 'Feature',
        properties: { color: FACILITY_COLORS[facility.componentCode] },
        geometry: facility.geometry,
      })),
    );
    return () => engine.setDraft(FACILITY_DRAFT, []);
  }, [engine, facilityList]);
  if (flood.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;
  if (!flood.data) return null;
  const { profile, facilities, events } = flood.data;
  return (
    <section className="panel-section flood" aria-label={t('flood.title')} data-testid="flood-section">
      <h3>{t('flood.title')}</h3>
      {editing ? (
        <ProfileForm zoneId={zoneId} data={flood.data} onDone={() => setEditing(false)} />
      ) : profile ? (
        <dl className="facts">
          <dt>{t('flood.risk')}</dt>
          <dd className={`risk risk-${profile.riskLevel}`}>{t(`flood.levels.${profile.riskLevel}`)}</dd>
          <dt>{t('flood.maxDepth')}</dt>
          <dd>{profile.maxDepthCm === null ? '—' : t('flood.cm', { value: profile.maxDepthCm })}</dd>
          <dt>{t('flood.duration')}</dt>
          <dd>
            {profile.typicalDurationHours === null ? '—' : t('flood.hours', { value: profile.typicalDurationHours })}
          </dd>
          <dt>{t('flood.households')}</dt>
          <dd>{profile.affectedHouseholds ?? '—'}</dd>
          <dt>{t('flood.cause')}</dt>
          <dd>{profile.cause || '—'}</dd>
          <dt>{t('flood.measures')}</dt>
          <dd>{profile.drainageMeasures || '—'}</dd>
        </dl>
      ) : (
        <p className="muted">{t('flood.noProfile')}</p>
      )}
      <h4>{t('flood.facilities')}</h4>
      {facilities.length ? (
        <ul className="facility-list" data-testid="facility-list">
          {facilities.map((facility) => (
            <FacilityItem key={facility.id} facility={facility} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('flood.noFacilities')}</p>
      )}
      {adding && engine ? <FacilityForm zoneId={zoneId} engine={engine} onDone={() => setAdding(false)} /> : null}
      <p className="muted">
        {events.length ? t('flood.events', { count: events.length, last: events[0]!.occurredOn }) : t('flood.noEvents')}
      </p>
      {canEdit && !editing ? (
        <div className="form-actions">
          <button type="button" className="secondary-button" onClick={() => setEditing(true)}>
            {profile ? t('flood.edit') : t('flood.add')}
          </button>
          {engine && !adding ? (
            <button type="button" className="link-button" onClick={() => setAdding(true)}>
              {t('flood.addFacility')}
            </button>
          ) : null}
          <ChecklistButton zoneId={zoneId} />
        </div>
      ) : null}
    </section>
  );
}

function FacilityItem({ facility }: { facility: FloodFacility }) {
  const { t } = useTranslation();
  return (
    <li>
      <span className="facility-swatch" style={{ background: FACILITY_COLORS[facility.componentCode] }} aria-hidden />
      {facility.name}
      <span className="muted">
        {' '}
        {t(`flood.components.${facility.componentCode}`)} {facility.componentCode}
      </span>
    </li>
  );
}

/** Name a facility, pick its component code and place it on the map (a point, or a line for a flood wall). */
function FacilityForm({ zoneId, engine, onDone }: { zoneId: string; engine: MapEngine; onDone(): void }) {
  const { t } = useTranslation();
  const add = useAddFacility(zoneId);
  const [componentCode, setComponentCode] = useState<ComponentCode>('01072');
  const [name, setName] = useState('');
  const [positions, setPositions] = useState<Position[]>([]);
  const [picking, setPicking] = useState(true);
  const isLine = LINE_CODES.includes(componentCode);

  useEffect(() => {
    if (!picking) return;
    return engine.startPicking(
      (position) => setPositions((previous) => (isLine ? [...previous, position] : [position])),
      () => setPicking(false),
    );
  }, [engine, picking, isLine]);
  useEffect(() => {
    const color = FACILITY_COLORS[componentCode];
    engine.setDraft(NEW_FACILITY_DRAFT, [
      ...positions.map((coordinates) => ({
        type: 'Feature' as const,
        properties: { color },
        geometry: { type: 'Point' as const, coordinates },
      })),
      ...(isLine && positions.length > 1
        ? [
            {
              type: 'Feature' as const,
              properties: { color },
              geometry: { type: 'LineString' as const, coordinates: positions },
            },
          ]
        : []),
    ]);
  }, [engine, positions, componentCode, isLine]);
  useEffect(() => () => engine.setDraft(NEW_FACILITY_DRAFT, []), [engine]);

  const rounded = positions.map(([lon, lat]) => [Number(lon!.toFixed(7)), Number(lat!.toFixed(7))] as [number, number]);
  const ready = name.trim() !== '' && (isLine ? rounded.length >= 2 : rounded.length === 1);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    add.mutate(
      {
        componentCode,
        name: name.trim(),
        geometry: isLine ? { type: 'LineString', coordinates: rounded } : { type: 'Point', coordinates: rounded[0]! },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="flood-form facility-form" onSubmit={submit} aria-label={t('flood.addFacility')}>
      <div className="form-row">
        <Field label={t('flood.componentCode')}>
          <select
            name="componentCode"
            value={componentCode}
            onChange={(event) => {
              setComponentCode(event.target.value as ComponentCode);
              setPositions([]);
            }}
          >
            {FLOOD_COMPONENT_CODES.map((code) => (
              <option key={code} value={code}>
                {code} {t(`flood.components.${code}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('flood.facilityName')}>
          <input
            name="facilityName"
            required
            maxLength={80}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
      </div>
      <p className="muted">
        {isLine
          ? t('flood.placeLine', { count: positions.length })
          : t(positions.length ? 'flood.placed' : 'flood.placePoint')}
      </p>
      <div className="form-actions">
        <button type="button" className="link-button" aria-pressed={picking} onClick={() => setPicking(!picking)}>
          {picking ? t('floodEvent.stopPicking') : t('flood.placeAgain')}
        </button>
        {positions.length ? (
          <button type="button" className="link-button" onClick={() => setPositions([])}>
            {t('flood.clearPlaced')}
          </button>
        ) : null}
      </div>
      {add.error ? <Message tone="error">{t('common.saveFailed')}</Message> : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={!ready || add.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="link-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function ChecklistButton({ zoneId }: { zoneId: string }) {
  const { t } = useTranslation();
  const checklist = useFloodChecklist(zoneId);
  return (
    <>
      <button type="button" className="link-button" disabled={checklist.isPending} onClick={() => checklist.mutate()}>
        {t('flood.checklist')}
      </button>
      {checklist.data ? <span className="muted">{t('flood.checklistDone', checklist.data)}</span> : null}
      {checklist.error ? <Message tone="error">{t('common.saveFailed')}</Message> : null}
    </>
  );
}

function ProfileForm({ zoneId, data, onDone }: { zoneId: string; data: FloodData; onDone(): void }) {
  const { t } = useTranslation();
  const save = useSaveFloodProfile(zoneId);
  const [form, setForm] = useState<FloodProfileBody>(() => {
    if (!data.profile) return EMPTY;
    const { riskLevel, maxDepthCm, typicalDurationHours, affectedHouseholds, cause, drainageMeasures } = data.profile;
    return { riskLevel, maxDepthCm, typicalDurationHours, affectedHouseholds, cause, drainageMeasures };
  });
  const set = <K extends keyof FloodProfileBody>(key: K, value: FloodProfileBody[K]) =>
    setForm({ ...form, [key]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ body: form, version: data.profile?.version ?? null }, { onSuccess: onDone });
  };
  return (
    <form className="flood-form" onSubmit={submit}>
      <Field label={t('flood.risk')}>
        <select
          name="riskLevel"
          value={form.riskLevel}
          onChange={(event) => set('riskLevel', event.target.value as FloodProfileBody['riskLevel'])}
        >
          {RISK_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`flood.levels.${level}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="form-row">
        <Field label={t('flood.maxDepthLabel')}>
          <input
            name="maxDepthCm"
            type="number"
            min={0}
            max={500}
            value={form.maxDepthCm ?? ''}
            onChange={(event) => set('maxDepthCm', numberOrNull(event.target.value))}
          />
        </Field>
        <Field label={t('flood.durationLabel')}>
          <input
            name="typicalDurationHours"
            type="number"
            min={0}
            max={720}
            step={0.5}
            value={form.typicalDurationHours ?? ''}
            onChange={(event) => set('typicalDurationHours', numberOrNull(event.target.value))}
          />
        </Field>
        <Field label={t('flood.households')}>
          <input
            name="affectedHouseholds"
            type="number"
            min={0}
            max={100000}
            value={form.affectedHouseholds ?? ''}
            onChange={(event) => set('affectedHouseholds', numberOrNull(event.target.value))}
          />
        </Field>
      </div>
      <Field label={t('flood.cause')}>
        <textarea
          name="cause"
          rows={2}
          maxLength={2000}
          value={form.cause}
          onChange={(event) => set('cause', event.target.value)}
        />
      </Field>
      <Field label={t('flood.measures')}>
        <textarea
          name="drainageMeasures"
          rows={2}
          maxLength={2000}
          value={form.drainageMeasures}
          onChange={(event) => set('drainageMeasures', event.target.value)}
        />
      </Field>
      <ProblemMessage error={save.error} wording={{ status: { 412: 'flood.stale' } }} />
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="link-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
