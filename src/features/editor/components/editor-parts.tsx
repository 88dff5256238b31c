import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { area, length } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { DrawableGeometry, DrawKind, DrawTool } from '../../../map/draw-tool';
import type { ZoneFeature } from '../../../shared/zones/zone';
import { Field } from '../../../ui/field';
import { SQUARE_METERS_PER_MU } from '../../../shared/geo/measure';

// The zone editor's toolbars and notices, moved out of zone-editor.tsx as they were (its state stays there).

const KINDS: DrawKind[] = ['polygon', 'rectangle', 'freehand', 'linestring', 'point'];

/** Draw kinds, undo/redo and snapping. */
export function DrawToolbar({
  tool,
  ready,
  snapping,
  onSnapping,
}: {
  tool: RefObject<DrawTool | null>;
  /** The drawing tool has loaded (a lazy chunk): until then its buttons are disabled, not silently ignored. */
  ready: boolean;
  snapping: boolean;
  onSnapping(on: boolean): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="draw-toolbar" role="toolbar" aria-label={t('editor.tools')}>
      {KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className="chip"
          disabled={!ready}
          onClick={() => tool.current?.draw(kind)}
          data-kind={kind}
        >
          {t(`editor.kind.${kind}`)}
        </button>
      ))}
      <button type="button" className="chip" disabled={!ready} onClick={() => tool.current?.undo()} title="Ctrl+Z">
        {t('editor.undo')}
      </button>
      <button
        type="button"
        className="chip"
        disabled={!ready}
        onClick={() => tool.current?.redo()}
        title="Ctrl+Shift+Z"
      >
        {t('editor.redo')}
      </button>
      <label className="chip">
        <input type="checkbox" checked={snapping} onChange={(event) => onSnapping(event.target.checked)} />{' '}
        {t('editor.snapping')}
      </label>
    </div>
  );
}

/** Split, cut a hole, merge with a neighbour of the same item (planners, on a polygon). */
export function GeometryToolbar({
  busy,
  toolReady,
  candidates,
  mergeWith,
  onMergeWith,
  onSplit,
  onHole,
  onMerge,
}: {
  busy: boolean;
  /** Split and hole draw with the drawing tool: disabled until it has loaded. */
  toolReady: boolean;
  candidates: readonly ZoneFeature[];
  mergeWith: string;
  onMergeWith(id: string): void;
  onSplit(): void;
  onHole(): void;
  onMerge(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="draw-toolbar" role="toolbar" aria-label={t('editor.geometryTools')}>
      <button type="button" className="chip" onClick={onSplit} disabled={busy || !toolReady}>
        {t('editor.split')}
      </button>
      <button type="button" className="chip" onClick={onHole} disabled={busy || !toolReady}>
        {t('editor.hole')}
      </button>
      {candidates.length ? (
        <span className="merge-picker">
          <select
            aria-label={t('editor.mergeWith')}
            value={mergeWith}
            onChange={(event) => onMergeWith(event.target.value)}
          >
            <option value="">{t('editor.mergeWith')}</option>
            {candidates.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.properties.name}
              </option>
            ))}
          </select>
          <button type="button" className="chip" disabled={!mergeWith || busy} onClick={onMerge}>
            {t('editor.merge')}
          </button>
        </span>
      ) : null}
    </div>
  );
}

/** The 409: the shape overlaps these zones of the same item (named, marked on the map); save anyway with a reason. */
export function OverlapNotice({
  names,
  reason,
  onReason,
  onSaveAnyway,
}: {
  names: readonly string[];
  reason: string;
  onReason(reason: string): void;
  onSaveAnyway(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-warning" role="alert" data-testid="overlap-notice">
      <p>{t('editor.overlap', { names: names.join('、') })}</p>
      <Field label={t('editor.overlapReason')}>
        <input name="overlapReason" maxLength={300} value={reason} onChange={(event) => onReason(event.target.value)} />
      </Field>
      <button type="button" className="secondary-button" disabled={!reason.trim()} onClick={onSaveAnyway}>
        {t('editor.saveAnyway')}
      </button>
    </div>
  );
}

/** A split drawn but not saved: its parts (name, colour on the map, area), to confirm or cancel. */
export function SplitPreview({
  parts,
  busy,
  onConfirm,
  onCancel,
}: {
  parts: readonly { name: string; color: string; geometry: Polygon }[];
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="notice" role="status" data-testid="split-preview">
      <p>{t('editor.splitPreview', { count: parts.length })}</p>
      <ul className="split-parts">
        {parts.map((part) => (
          <li key={part.name}>
            <span className="legend-swatch" style={{ background: part.color }} />{' '}
            {t('editor.splitPart', {
              name: part.name,
              squareMeters: Math.round(area(part.geometry)).toLocaleString(i18n.language),
            })}
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="primary-button" disabled={busy} onClick={onConfirm}>
          {t('editor.confirmSplit')}
        </button>
        <button type="button" className="link-button" onClick={onCancel}>
          {t('editor.cancelSplit')}
        </button>
      </div>
    </div>
  );
}

export interface ConflictRow {
  key: string;
  label: string;
  theirs: string;
  yours: string;
  theirsChanged: boolean;
  yoursChanged: boolean;
}

/** The 412: what they saved beside what you typed, to re-apply yours on their version or discard. */
export function ConflictNotice({
  version,
  rows,
  onReapply,
  onDiscard,
}: {
  version: number;
  rows: ConflictRow[];
  onReapply(): void;
  onDiscard(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-warning" role="alert" data-testid="conflict">
      <p>{t('editor.conflict', { version })}</p>
      <table className="data-table conflict-table">
        <thead>
          <tr>
            <th />
            <th>{t('editor.theirs')}</th>
            <th>{t('editor.yours')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-field={row.key}>
              <th>{row.label}</th>
              <td className={row.theirsChanged ? 'changed' : undefined}>{row.theirs}</td>
              <td className={row.yoursChanged ? 'changed' : undefined}>{row.yours}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('editor.conflictHint')}</p>
      <div className="form-actions">
        <button type="button" className="primary-button" onClick={onReapply}>
          {t('editor.reapply')}
        </button>
        <button type="button" className="link-button" onClick={onDiscard}>
          {t('editor.discard')}
        </button>
      </div>
    </div>
  );
}

/** The drawn shape's area (m² and 亩) or length, or that a point is placed. */
export function MeasureNote({ geometry }: { geometry: DrawableGeometry }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const measure = {
    squareMeters: geometry.type === 'Polygon' ? area(geometry) : 0,
    meters:
      geometry.type === 'LineString' ? length({ type: 'Feature', properties: {}, geometry }, { units: 'meters' }) : 0,
  };
  return (
    <p className="measure" data-testid="measure">
      {geometry?.type === 'Polygon'
        ? t('editor.area', {
            squareMeters: Math.round(measure.squareMeters).toLocaleString(language),
            mu: (measure.squareMeters / SQUARE_METERS_PER_MU).toFixed(2),
          })
        : geometry?.type === 'LineString'
          ? t('editor.length', { meters: Math.round(measure.meters).toLocaleString(language) })
          : t('editor.pointPlaced')}
    </p>
  );
}
