import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { MapEngine } from '../../../map/map-engine';
import type { DrawTool, DrawableGeometry } from '../../../map/draw-tool';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import type { SessionUser } from '../../../shared/admin/auth';
import { mayOverrideZoneStatus, mayWriteItem } from '../../../shared/campaign/ownership';
import {
  ZONE_STATUSES,
  type ZoneFeature,
  type ZoneGeometry,
  type ZoneWritableProperties,
} from '../../../shared/zones/zone';
import { validateZoneGeometry } from '../../../shared/zones/geometry';
import { ZONE_FIELDS } from '../../../shared/zones/zone-fields';
import { addDays } from '../../../shared/time/dates';
import { geometryBounds } from '../../../shared/geo/bounds';
import { ApiError } from '../../../lib/api';
import { problemText } from '../../../lib/problem-text';
import { localName } from '../../../lib/i18n';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { usePlaces } from '../../../data/basemap';
import { useDeleteZone, useSaveZone, useZoneBatch } from '../../../data/zone-writes';
import { cutHole, mergePolygons, splitPolygon } from '../../../shared/geo/geometry-ops';
import { unitName } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import { UnitPicker } from './unit-picker';
import { ConflictNotice, DrawToolbar, GeometryToolbar, MeasureNote, OverlapNotice, SplitPreview } from './editor-parts';
import { CoordinateEntry } from './coordinate-entry';
import { PHONE_MEDIA_QUERY, PHONE_SHEET_SHARE } from '../../../styles/breakpoints';
import '../editor.css';

export interface ZoneEditorProps {
  engine: MapEngine;
  campaign: CampaignResponse;
  user: SessionUser;
  /** The zone being edited, or null for a new one. */
  zone: ZoneFeature | null;
  townOutline: Feature<Polygon | MultiPolygon> | null;
  /** Rings and lines to snap to (other zones, the town outline). */
  snapReferences: Position[][];
  /** Other zones, for merging with a neighbour of the same item. */
  otherZones: readonly ZoneFeature[];
  /** A new zone's shape drawn already (a hot spot cell from the case map), to edit and save. */
  initialGeometry?: DrawableGeometry | null;
  onDone(zoneId: string | null): void;
}

type Form = ZoneWritableProperties;

const CONFLICT_DRAFT = 'editor-conflict';
/** The other person's shape in a conflict (as the history preview: purple). */
const THEIRS_COLOR = '#6a1b9a';
const SPLIT_DRAFT = 'editor-split';
/** The zone outline while the cut is drawn, then each part of the preview in its own colour. */
const SPLIT_OUTLINE_COLOR = '#16202b';
const SPLIT_PART_COLORS = ['#0b57d0', '#e8710a', '#188038', '#a142f4', '#c5221f', '#007b83', '#b06000', '#5f6368'];
const OVERLAP_DRAFT = 'editor-overlap';
/** The zones a shape overlaps, while the overlap notice is shown. */
const OVERLAP_COLOR = '#e8710a';
const SPLIT_SUFFIXES = ['二', '三', '四', '五', '六', '七', '八', '九'];
/** The name of a split's part: the zone keeps its name, the others get （二）, （三）… */
const partName = (name: string, index: number) =>
  index === 0 ? name : `${name}（${SPLIT_SUFFIXES[index - 1] ?? index + 1}）`;
/** The i18n key of each form field, from the one zone field list (src/shared/zones/zone-fields.ts). */
const FIELD_LABELS: Record<keyof Form, string> = {
  name: ZONE_FIELDS.name.i18nKey,
  category: ZONE_FIELDS.category.i18nKey,
  status: ZONE_FIELDS.status.i18nKey,
  responsibleUnits: ZONE_FIELDS.responsibleUnits.i18nKey,
  plannedStart: ZONE_FIELDS.plannedStart.i18nKey,
  plannedEnd: ZONE_FIELDS.plannedEnd.i18nKey,
  progress: ZONE_FIELDS.progress.i18nKey,
  measures: ZONE_FIELDS.measures.i18nKey,
  notes: ZONE_FIELDS.notes.i18nKey,
  village: ZONE_FIELDS.village.i18nKey,
};

function initialForm(zone: ZoneFeature | null, campaign: CampaignResponse, editable: string[]): Form {
  if (zone) {
    const p = zone.properties;
    return {
      name: p.name,
      category: p.category,
      status: p.status,
      responsibleUnits: p.responsibleUnits,
      plannedStart: p.plannedStart,
      plannedEnd: p.plannedEnd,
      progress: p.progress,
      measures: p.measures,
      notes: p.notes,
      village: p.village,
    };
  }
  const category = editable[0] ?? 'R1';
  return {
    name: '',
    category,
    status: 'not_started',
    responsibleUnits: campaign.items.find((item) => item.code === category)?.responsibleUnits ?? [],
    plannedStart: campaign.today,
    plannedEnd: addDays(campaign.today, 90),
    progress: 0,
    measures: '',
    notes: '',
    village: null,
  };
}

/** Draw or edit a zone and its attributes; one request saves both. Conflicts and overlaps are explained, nothing typed is lost. */
export function ZoneEditor({
  engine,
  campaign,
  user,
  zone,
  townOutline,
  snapReferences,
  otherZones,
  initialGeometry = null,
  onDone,
}: ZoneEditorProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const editableItems = useMemo(
    () =>
      campaign.items.filter(
        (item) => item.applicable && mayWriteItem(user, item.code, { items: campaign.items }).allowed,
      ),
    [campaign.items, user],
  );
  const [form, setForm] = useState<Form>(() =>
    initialForm(
      zone,
      campaign,
      editableItems.map((item) => item.code),
    ),
  );
  const [geometry, setGeometry] = useState<DrawableGeometry | null>(
    zone ? (zone.geometry as DrawableGeometry) : initialGeometry,
  );
  const [drawing, setDrawing] = useState(false);
  // A new zone starts with its item's responsible units from the plan, shown as chips and said so.
  const [unitsFromPlan, setUnitsFromPlan] = useState(zone === null);
  const [snapping, setSnapping] = useState(true);
  const [baseVersion, setBaseVersion] = useState(zone?.properties.version);
  const [overlap, setOverlap] = useState<string[] | null>(null);
  const [overlapReason, setOverlapReason] = useState('');
  const [conflict, setConflict] = useState<ZoneFeature | null>(null);
  const tool = useRef<DrawTool | null>(null);
  const [toolReady, setToolReady] = useState(false);
  const places = usePlaces();
  const villageListId = useId();
  const save = useSaveZone();
  const remove = useDeleteZone();
  const batch = useZoneBatch();
  const [toolMessage, setToolMessage] = useState<string | null>(null);
  const [mergeWith, setMergeWith] = useState('');
  // The parts of a split drawn but not yet saved (shown on the map and listed until confirmed).
  const [splitParts, setSplitParts] = useState<Polygon[] | null>(null);
  // Status and progress of a zone with tasks follow the tasks; setting them by hand needs a reason.
  const [overrideReason, setOverrideReason] = useState('');
  const [backToRollUp, setBackToRollUp] = useState(false);
  const isPlanner = user.role === 'planner' || user.role === 'admin';

  const validate = (candidate: DrawableGeometry) => validateZoneGeometry(candidate as ZoneGeometry, { townOutline });
  const validateRef = useRef(validate);
  validateRef.current = validate;

  useEffect(() => {
    let alive = true;
    void engine
      .startDrawTool({
        validate: (candidate) => {
          const geometryCheck = validateRef.current(candidate);
          return geometryCheck.valid ? { valid: true } : { valid: false, reason: geometryCheck.reason };
        },
        onChange: (next, unfinished) => {
          setGeometry(next);
          setDrawing(unfinished);
        },
      })
      .then((created) => {
        if (!alive) return created.destroy();
        tool.current = created;
        setToolReady(true);
        if (zone) created.edit(zone.geometry as DrawableGeometry);
        else if (initialGeometry) created.edit(initialGeometry);
      });
    return () => {
      alive = false;
      tool.current?.destroy();
      tool.current = null;
      setToolReady(false);
    };
    // The tool lives as long as the editor; the zone it edits is fixed for that time.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine]);

  useEffect(() => {
    tool.current?.setSnapping(snapping, snapReferences);
  }, [snapping, snapReferences, geometry]);

  // An unfinished shape is not judged yet.
  const geometryCheck = geometry && !drawing ? validate(geometry) : null;

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((previous) => ({ ...previous, [key]: value }));
  const item = campaign.items.find((candidate) => candidate.code === form.category);
  const unitLabel = (id: string | null) => unitName(campaign.units, id, language);

  /** Only what changed since the edit started, so a re-applied save does not undo someone else's fields. */
  const changedProperties = (): Partial<Form> => {
    if (!zone) return form;
    const original = initialForm(zone, campaign, []);
    return Object.fromEntries(
      (Object.keys(form) as (keyof Form)[])
        .filter((key) => JSON.stringify(form[key]) !== JSON.stringify(original[key]))
        .map((key) => [key, form[key]]),
    );
  };
  const geometryChanged = () => !zone || JSON.stringify(geometry) !== JSON.stringify(zone.geometry);

  const statusByHand =
    zone !== null && (form.status !== zone.properties.status || form.progress !== zone.properties.progress);
  const needsOverrideReason =
    zone !== null && zone.properties.taskCount > 0 && !zone.properties.statusOverrideReason && statusByHand;
  // Where the tasks roll the status up, only those the shared rule allows may set it by hand; others see it read-only.
  const statusLocked = zone !== null && zone.properties.taskCount > 0 && !mayOverrideZoneStatus(user).allowed;

  const submit = (event?: FormEvent, reason?: string, version = baseVersion) => {
    event?.preventDefault();
    if (!geometry || !geometryCheck?.valid) return;
    setOverlap(null);
    setConflict(null);
    if (needsOverrideReason && !overrideReason.trim()) return;
    const properties = changedProperties();
    if (backToRollUp) {
      delete properties.status;
      delete properties.progress;
    }
    save.mutate(
      {
        ...(zone ? { id: zone.id, version } : {}),
        ...(geometryChanged() ? { geometry: geometryCheck.geometry } : {}),
        properties,
        ...(reason ? { overlapReason: reason } : {}),
        ...(backToRollUp
          ? { statusOverrideReason: null }
          : needsOverrideReason
            ? { statusOverrideReason: overrideReason.trim() }
            : {}),
      },
      {
        onSuccess: (saved) => onDone(saved.id),
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          const body = error.problem;
          if (error.status === 409 && body?.overlaps) setOverlap(body.overlaps);
          // The 412's `current` is the zone as the server holds it (shared/zones/zone.ts).
          if (error.status === 412 && body?.current) setConflict(body.current as ZoneFeature);
        },
      },
    );
  };

  /** Draw a cutting line across this zone (the zone stays outlined meanwhile), then preview the parts. */
  const split = async () => {
    if (!zone || geometry?.type !== 'Polygon') return;
    setSplitParts(null);
    setToolMessage(t('editor.drawCutLine'));
    engine.setDraft(SPLIT_DRAFT, [
      { type: 'Feature', properties: { color: SPLIT_OUTLINE_COLOR, fillOpacity: 0.15 }, geometry },
    ]);
    const line = await tool.current?.drawHelper('linestring');
    setToolMessage(null);
    engine.setDraft(SPLIT_DRAFT, []);
    if (!line || line.type !== 'LineString') return;
    const result = splitPolygon(geometry, line);
    if (!result.ok) return setToolMessage(t(`editor.op.${result.reason}`));
    setSplitParts(result.value);
  };

  // The preview: each part outlined and tinted in its own colour above the zone.
  useEffect(() => {
    if (!splitParts) return;
    engine.setDraft(
      SPLIT_DRAFT,
      splitParts.map((part, index) => ({
        type: 'Feature',
        properties: { color: SPLIT_PART_COLORS[index % SPLIT_PART_COLORS.length], fillOpacity: 0.3 },
        geometry: part,
      })),
    );
    return () => engine.setDraft(SPLIT_DRAFT, []);
  }, [engine, splitParts]);

  /** Save the previewed split: this zone keeps the largest part, the others become new zones. One request. */
  const confirmSplit = () => {
    if (!zone || !splitParts) return;
    const [kept, ...others] = splitParts;
    batch.mutate(
      [
        {
          op: 'update',
          id: zone.id,
          version: baseVersion ?? zone.properties.version,
          feature: { geometry: kept as ZoneGeometry, properties: changedProperties() },
        },
        ...others.map((part, index) => ({
          op: 'create' as const,
          feature: {
            type: 'Feature' as const,
            geometry: part as ZoneGeometry,
            properties: { ...form, name: partName(form.name, index + 1) },
          },
        })),
      ],
      { onSuccess: () => onDone(zone.id) },
    );
  };

  const hole = async () => {
    if (geometry?.type !== 'Polygon') return;
    setToolMessage(t('editor.drawHole'));
    const inner = await tool.current?.drawHelper('polygon');
    setToolMessage(null);
    if (!inner || inner.type !== 'Polygon') return;
    const result = cutHole(geometry, inner);
    if (!result.ok) return setToolMessage(t(`editor.op.${result.reason}`));
    tool.current?.edit(result.value as DrawableGeometry);
  };

  /** A shape from typed coordinates: into the drawing tool (which refuses an invalid one) and into view. */
  const drawTyped = (shape: DrawableGeometry): string | null => {
    const check = validate(shape);
    if (!check.valid) return t(`geometry.${check.reason}`);
    tool.current?.edit(shape);
    const [minLon, minLat, maxLon, maxLat] = geometryBounds(shape as ZoneGeometry);
    engine.fitBounds(
      [
        [minLon, minLat],
        [maxLon, maxLat],
      ],
      { maxZoom: 17, coveredBottomShare: window.matchMedia(PHONE_MEDIA_QUERY).matches ? PHONE_SHEET_SHARE : 0 },
    );
    return null;
  };

  // Neighbours whose bounds touch this zone's: cheap enough for every drag of a corner. Whether they
  // really share an edge is checked (with turf) when Merge is pressed.
  const mergeCandidates = useMemo(() => {
    if (geometry?.type !== 'Polygon') return [];
    const [minLon, minLat, maxLon, maxLat] = geometryBounds(geometry as ZoneGeometry);
    return otherZones.filter((other) => {
      if (other.properties.category !== form.category || other.geometry.type !== 'Polygon') return false;
      const [otherMinLon, otherMinLat, otherMaxLon, otherMaxLat] = geometryBounds(other.geometry);
      return otherMinLon <= maxLon && otherMaxLon >= minLon && otherMinLat <= maxLat && otherMaxLat >= minLat;
    });
  }, [geometry, otherZones, form.category]);

  const merge = () => {
    const other = mergeCandidates.find((candidate) => candidate.id === mergeWith);
    if (!zone || !other || geometry?.type !== 'Polygon') return;
    const result = mergePolygons(geometry, other.geometry as Polygon);
    if (!result.ok) return setToolMessage(t(`editor.op.${result.reason}`));
    batch.mutate(
      [
        {
          op: 'update',
          id: zone.id,
          version: baseVersion ?? zone.properties.version,
          feature: { geometry: result.value as ZoneGeometry, properties: changedProperties() },
        },
        { op: 'delete', id: other.id, version: other.properties.version },
      ],
      { onSuccess: () => onDone(zone.id) },
    );
  };

  // The zones the shape overlaps, named in the notice and marked on the map.
  const overlapping = useMemo(
    () => (overlap ? otherZones.filter((other) => overlap.includes(other.id)) : []),
    [overlap, otherZones],
  );
  useEffect(() => {
    if (!overlapping.length) return;
    engine.setDraft(
      OVERLAP_DRAFT,
      overlapping.map((other) => ({
        type: 'Feature',
        properties: { color: OVERLAP_COLOR, fillOpacity: 0.3 },
        geometry: other.geometry,
      })),
    );
    return () => engine.setDraft(OVERLAP_DRAFT, []);
  }, [engine, overlapping]);

  // The other person's shape, on the map beside yours, while a conflict is shown.
  useEffect(() => {
    if (!conflict || !zone || JSON.stringify(conflict.geometry) === JSON.stringify(zone.geometry)) return;
    engine.setDraft(CONFLICT_DRAFT, [
      { type: 'Feature', properties: { color: THEIRS_COLOR }, geometry: conflict.geometry },
    ]);
    return () => engine.setDraft(CONFLICT_DRAFT, []);
  }, [engine, conflict, zone]);

  /** The fields either side changed since the edit started: theirs (saved) beside yours (not yet saved). */
  const conflictRows = (current: ZoneFeature) => {
    if (!zone) return [];
    const original = initialForm(zone, campaign, []);
    const theirsForm = initialForm(current, campaign, []);
    const rows = (Object.keys(form) as (keyof Form)[])
      .map((key) => ({
        key: key as string,
        label: t(FIELD_LABELS[key]),
        theirs: formatValue(key, theirsForm[key]),
        yours: formatValue(key, form[key]),
        theirsChanged: JSON.stringify(theirsForm[key]) !== JSON.stringify(original[key]),
        yoursChanged: JSON.stringify(form[key]) !== JSON.stringify(original[key]),
      }))
      .filter((row) => row.theirsChanged || row.yoursChanged);
    const theirsShape = JSON.stringify(current.geometry) !== JSON.stringify(zone.geometry);
    const yoursShape = geometryChanged();
    if (theirsShape || yoursShape) {
      rows.unshift({
        key: 'geometry',
        label: t('editor.shape'),
        theirs: theirsShape ? t('editor.shapeTheirs') : t('editor.shapeSame'),
        yours: yoursShape ? t('editor.shapeYours') : t('editor.shapeSame'),
        theirsChanged: theirsShape,
        yoursChanged: yoursShape,
      });
    }
    return rows;
  };
  const formatValue = (key: keyof Form, value: Form[keyof Form]): string => {
    if (key === 'category') {
      return itemLabel(campaign.items, String(value), language, { full: true });
    }
    if (key === 'status') {
      const found = campaign.zoneStatuses.find((entry) => entry.code === value);
      return found ? localName(found, language) : String(value);
    }
    if (key === 'responsibleUnits') return (value as string[]).map((id) => unitLabel(id)).join('、') || '—';
    if (key === 'progress') return `${String(value)} %`;
    return value === null || value === '' ? '—' : String(value);
  };

  // An overlap is not a failure: the notice explains it and asks for a reason.
  const overlapAnswer = overlap !== null && save.error instanceof ApiError && save.error.status === 409;
  const errorText = problemText((overlapAnswer ? null : save.error) ?? remove.error ?? batch.error, t, {
    reason: 'geometry.',
    status: { 409: 'common.saveFailed', 412: 'common.saveFailed', 403: 'editor.forbidden', 503: 'common.saveFailed' },
    otherwise: { invalid: 'editor.invalid', fields: 'path' },
  });

  return (
    <aside
      className="zone-panel zone-editor"
      aria-label={zone ? t('editor.editTitle') : t('editor.newTitle')}
      data-testid="zone-editor"
    >
      <h2 className="panel-title">{zone ? t('editor.editTitle') : t('editor.newTitle')}</h2>
      <DrawToolbar tool={tool} ready={toolReady} snapping={snapping} onSnapping={setSnapping} />
      <CoordinateEntry ready={toolReady} onShape={drawTyped} />
      {zone && isPlanner && geometry?.type === 'Polygon' ? (
        <GeometryToolbar
          busy={batch.isPending}
          toolReady={toolReady}
          candidates={mergeCandidates}
          mergeWith={mergeWith}
          onMergeWith={setMergeWith}
          onSplit={() => void split()}
          onHole={() => void hole()}
          onMerge={merge}
        />
      ) : null}
      {toolMessage ? <Message>{toolMessage}</Message> : null}
      {splitParts && zone ? (
        <SplitPreview
          parts={splitParts.map((part, index) => ({
            name: partName(form.name, index),
            color: SPLIT_PART_COLORS[index % SPLIT_PART_COLORS.length]!,
            geometry: part,
          }))}
          busy={batch.isPending}
          onConfirm={confirmSplit}
          onCancel={() => setSplitParts(null)}
        />
      ) : null}
      <p className="muted draw-hint">{geometry && !drawing ? t('editor.editHint') : t('editor.drawHint')}</p>
      {geometry ? <MeasureNote geometry={geometry} /> : null}
      {geometryCheck && !geometryCheck.valid ? (
        <Message tone="error">{t(`geometry.${geometryCheck.reason}`)}</Message>
      ) : null}

      <form className="zone-form" onSubmit={(event) => submit(event)}>
        <Field label={t('editor.item')}>
          <select
            name="category"
            value={form.category}
            onChange={(event) => {
              const next = event.target.value;
              setUnitsFromPlan(true);
              setForm((previous) => ({
                ...previous,
                category: next,
                responsibleUnits: campaign.items.find((candidate) => candidate.code === next)?.responsibleUnits ?? [],
              }));
            }}
          >
            {editableItems.map((candidate) => (
              <option key={candidate.code} value={candidate.code}>
                {candidate.code} {localName(candidate, language)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('editor.name')}>
          <input
            name="name"
            required
            maxLength={80}
            value={form.name}
            onChange={(event) => set('name', event.target.value)}
          />
        </Field>
        <div className="facts">
          <dt>{t('panel.leadUnit')}</dt>
          <dd>{unitLabel(item?.leadUnit ?? null)}</dd>
        </div>
        <UnitPicker
          units={campaign.units}
          exclude={item?.leadUnit ?? undefined}
          value={form.responsibleUnits}
          fromPlan={unitsFromPlan}
          onChange={(next) => {
            setUnitsFromPlan(false);
            set('responsibleUnits', next);
          }}
        />
        <Field label={t('editor.village')}>
          <input
            name="village"
            maxLength={40}
            list={villageListId}
            placeholder={t('editor.villageAuto')}
            value={form.village ?? ''}
            onChange={(event) => set('village', event.target.value.trim() ? event.target.value : null)}
          />
        </Field>
        <datalist id={villageListId}>
          {places.data?.features.map((place) => (
            <option key={place.id} value={place.properties.shortName} />
          ))}
        </datalist>
        <p className="muted">{zone ? t('editor.villageHint') : t('editor.villageAutoHint')}</p>
        <div className="form-row">
          <Field label={t('editor.plannedStart')}>
            <input
              name="plannedStart"
              type="date"
              required
              value={form.plannedStart}
              onChange={(event) => set('plannedStart', event.target.value)}
            />
          </Field>
          <Field label={t('editor.plannedEnd')}>
            <input
              name="plannedEnd"
              type="date"
              required
              min={form.plannedStart}
              value={form.plannedEnd}
              onChange={(event) => set('plannedEnd', event.target.value)}
            />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('filters.status')}>
            <select
              name="status"
              disabled={statusLocked}
              value={form.status}
              onChange={(event) => set('status', event.target.value as Form['status'])}
            >
              {ZONE_STATUSES.map((status) => {
                const definition = campaign.zoneStatuses.find((entry) => entry.code === status);
                return (
                  <option key={status} value={status}>
                    {definition ? localName(definition, language) : status}
                  </option>
                );
              })}
            </select>
          </Field>
          <Field label={t('editor.progress')}>
            <input
              name="progress"
              type="number"
              disabled={statusLocked}
              min={0}
              max={100}
              step={5}
              value={form.progress}
              onChange={(event) => set('progress', Math.max(0, Math.min(100, Number(event.target.value) || 0)))}
            />
          </Field>
        </div>
        {needsOverrideReason && !backToRollUp ? (
          <Field label={t('editor.overrideReason')}>
            <input
              name="statusOverrideReason"
              required
              maxLength={300}
              value={overrideReason}
              onChange={(event) => setOverrideReason(event.target.value)}
            />
          </Field>
        ) : null}
        {zone?.properties.statusOverrideReason ? (
          <label className="checkbox-line">
            <input type="checkbox" checked={backToRollUp} onChange={(event) => setBackToRollUp(event.target.checked)} />{' '}
            {t('editor.backToRollUp', { reason: zone.properties.statusOverrideReason })}
          </label>
        ) : zone && zone.properties.taskCount > 0 && !statusByHand ? (
          <p className="muted">{t('editor.rolledUpHint')}</p>
        ) : null}
        <Field label={t('panel.measures')}>
          <textarea
            name="measures"
            rows={4}
            maxLength={4000}
            value={form.measures}
            onChange={(event) => set('measures', event.target.value)}
          />
        </Field>
        <Field label={t('editor.notes')}>
          <textarea
            name="notes"
            rows={2}
            maxLength={4000}
            value={form.notes}
            onChange={(event) => set('notes', event.target.value)}
          />
        </Field>

        {overlap ? (
          <OverlapNotice
            names={overlapping.map((other) => other.properties.name)}
            reason={overlapReason}
            onReason={setOverlapReason}
            onSaveAnyway={() => submit(undefined, overlapReason.trim())}
          />
        ) : null}
        {conflict ? (
          <ConflictNotice
            version={conflict.properties.version}
            rows={conflictRows(conflict)}
            onReapply={() => {
              setBaseVersion(conflict.properties.version);
              submit(undefined, overlapReason.trim() || undefined, conflict.properties.version);
            }}
            onDiscard={() => onDone(zone?.id ?? null)}
          />
        ) : null}
        {errorText ? <Message tone="error">{errorText}</Message> : null}

        <div className="form-actions editor-actions">
          <button
            type="submit"
            className="primary-button"
            disabled={!geometry || !geometryCheck?.valid || save.isPending}
          >
            {save.isPending ? t('editor.saving') : t('common.save')}
          </button>
          <button type="button" className="link-button" onClick={() => onDone(zone?.id ?? null)}>
            {t('common.cancel')}
          </button>
          {zone ? (
            <button
              type="button"
              className="link-button danger"
              onClick={() => {
                if (window.confirm(t('editor.confirmDelete', { name: zone.properties.name }))) {
                  remove.mutate(
                    { id: zone.id, version: baseVersion ?? zone.properties.version },
                    { onSuccess: () => onDone(null) },
                  );
                }
              }}
            >
              {t('editor.delete')}
            </button>
          ) : null}
        </div>
      </form>
    </aside>
  );
}
