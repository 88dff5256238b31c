import { useEffect, useMemo, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Feature } from 'geojson';
import type { MapEngine } from '../../../map/map-engine';
import type { SessionUser } from '../../../shared/admin/auth';
import { REGISTER_KINDS, type RegisterKind } from '../../../shared/registers/kinds';
import type { RegisterCollection, RegisterFeature } from '../../../shared/registers/register';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import { registerKindQuery } from '../../../data/registers';
import { canCall } from '../../../lib/permissions';
import {
  createRegisterLayers,
  registerColor,
  registerLayerIds,
  registerSource,
  registerSourceData,
} from '../registers.layer';
import { RegisterDetail } from './register-detail';
import { RegisterForm } from './register-form';
import '../registers.css';

const DRAFT = 'register';

/** Whether the user may add and change a kind's objects: the office and planners all, a unit those it keeps. */
export function mayEditRegister(user: Pick<SessionUser, 'role' | 'unit'> | null, kind: RegisterKind): boolean {
  if (!user || !canCall(user.role, 'POST', '/api/registers/:kind')) return false;
  return user.role !== 'unit' || user.unit === kind.ownerUnit;
}

/** The shape drawn so far: a point, or the clicked corners (a polygon from 3, a line from 2). */
function shapeOf(kind: RegisterKind, points: readonly [number, number][]): ZoneGeometry | null {
  if (kind.geometry === 'Point') return points[0] ? { type: 'Point', coordinates: points[0] } : null;
  if (kind.geometry === 'LineString')
    return points.length >= 2 ? { type: 'LineString', coordinates: [...points] } : null;
  return points.length >= 3 ? { type: 'Polygon', coordinates: [[...points, points[0]!]] } : null;
}

/**
 * The registers' map layers, switched in the legend; a click shows the object's card (attributes, history, readings;
 * edit and delete for who may). The owning unit adds an object by clicking its position (a point) or its corners
 * (an area) on the map, then fills the form made from the kind's fields.
 */
export function RegisterLayers({
  engine,
  user,
  today,
}: {
  engine: MapEngine;
  user: SessionUser | null;
  today: string;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<string[]>([]);
  // Folded by default: the legend keeps its height over the map until the user opens the registers.
  const [expanded, setExpanded] = useState(false);
  const [selected, setSelected] = useState<{ kind: string; id: number } | null>(null);
  const [adding, setAdding] = useState<{ kind: RegisterKind; points: [number, number][]; done: boolean } | null>(null);
  const kinds: RegisterKind[] = REGISTER_KINDS.filter((kind) => shown.includes(kind.slug));
  const results = useQueries({ queries: kinds.map((kind) => registerKindQuery(kind.slug)) });
  const collections = useMemo(
    () =>
      new Map<string, RegisterCollection | null>(kinds.map((kind, index) => [kind.slug, results[index]?.data ?? null])),
    // The results change identity on every render; their data is what counts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shown.join(), ...results.map((result) => result.data)],
  );

  useEffect(() => {
    for (const [slug, collection] of collections) {
      if (collection) engine.setGeoJson(registerSource(slug), registerSourceData(collection), 'id');
    }
    engine.setLayers(
      'overlay',
      REGISTER_KINDS.flatMap((kind, index) =>
        collections.get(kind.slug) ? createRegisterLayers(kind, registerColor(index)) : [],
      ),
    );
  }, [engine, collections]);
  useEffect(() => () => engine.setLayers('overlay', []), [engine]);

  useEffect(() => {
    const layers = kinds.flatMap((kind) => registerLayerIds(kind));
    if (!layers.length || adding) return;
    return engine.onClick(layers, (event) => {
      if (!event.feature) return;
      const kind = kinds.find((each) => registerLayerIds(each).includes(event.layerId));
      if (kind) setSelected({ kind: kind.slug, id: Number(event.feature.properties?.id) });
    });
  }, [engine, kinds, adding]);

  // Drawing a new object: clicks on the map are its position or corners.
  useEffect(() => {
    if (!adding || adding.done) return;
    return engine.startPicking(
      (position) =>
        setAdding((previous) =>
          previous
            ? {
                ...previous,
                points: [...previous.points, position],
                done: previous.kind.geometry === 'Point',
              }
            : previous,
        ),
      () => setAdding(null),
    );
  }, [engine, adding]);
  useEffect(() => {
    const shape = adding ? shapeOf(adding.kind, adding.points) : null;
    const features: Feature[] = adding
      ? adding.points.map((coordinates) => ({
          type: 'Feature',
          properties: {},
          geometry: { type: 'Point', coordinates },
        }))
      : [];
    if (shape && shape.type !== 'Point') features.push({ type: 'Feature', properties: {}, geometry: shape });
    engine.setDraft(DRAFT, features);
  }, [engine, adding]);
  useEffect(() => () => engine.setDraft(DRAFT, []), [engine]);

  const selectedKind: RegisterKind | undefined = selected
    ? (REGISTER_KINDS as readonly RegisterKind[]).find((kind) => kind.slug === selected.kind)
    : undefined;
  const selectedFeature: RegisterFeature | undefined = selected
    ? collections.get(selected.kind)?.features.find((feature) => feature.id === selected.id)
    : undefined;
  const toggle = (slug: string) =>
    setShown((previous) => (previous.includes(slug) ? previous.filter((each) => each !== slug) : [...previous, slug]));

  return (
    <>
      <li className="legend-separator" />
      <li className="register-legend-title">
        <button
          type="button"
          className="legend-toggle"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
          data-testid="register-layers-toggle"
        >
          {t('registers.layers')} {expanded ? '▾' : '▸'}
        </button>
      </li>
      {(expanded ? REGISTER_KINDS : []).map((kind, index) => (
        <li key={kind.slug} className="register-legend-row">
          <label>
            <input
              type="checkbox"
              checked={shown.includes(kind.slug)}
              onChange={() => toggle(kind.slug)}
              data-testid={`register-layer-${kind.slug}`}
            />
            <span
              className={kind.geometry === 'Point' ? 'legend-dot' : 'legend-swatch'}
              style={{ backgroundColor: registerColor(index) }}
            />
            {t(`registers.kinds.${kind.slug}`)}
          </label>
          {shown.includes(kind.slug) && mayEditRegister(user, kind) ? (
            <button
              type="button"
              className="link-button"
              title={t('registers.addOn', { kind: t(`registers.kinds.${kind.slug}`) })}
              onClick={() => {
                setSelected(null);
                setAdding({ kind, points: [], done: false });
              }}
            >
              {t('registers.add')}
            </button>
          ) : null}
        </li>
      ))}
      {adding || (selectedKind && selectedFeature) ? (
        <li className="register-card-slot">
          <div className="register-card" data-testid="register-card">
            {adding ? (
              <>
                <h3>
                  {t('registers.add')} {t(`registers.kinds.${adding.kind.slug}`)}
                </h3>
                {!adding.done ? (
                  <p className="muted">
                    {t(adding.kind.geometry === 'Point' ? 'registers.drawPoint' : 'registers.drawShape')}{' '}
                    {adding.kind.geometry !== 'Point' ? (
                      <button
                        type="button"
                        className="link-button"
                        disabled={!shapeOf(adding.kind, adding.points)}
                        onClick={() => setAdding({ ...adding, done: true })}
                      >
                        {t('registers.finishShape')}
                      </button>
                    ) : null}
                  </p>
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setAdding({ ...adding, points: [], done: false })}
                  >
                    {t('registers.redraw')}
                  </button>
                )}
                <RegisterForm
                  kind={adding.kind}
                  feature={null}
                  geometry={adding.done ? shapeOf(adding.kind, adding.points) : null}
                  onSaved={(saved) => {
                    setAdding(null);
                    setSelected({ kind: saved.properties.kind, id: saved.id });
                  }}
                  onCancel={() => setAdding(null)}
                />
              </>
            ) : (
              <RegisterDetail
                kind={selectedKind!}
                feature={selectedFeature!}
                canEdit={mayEditRegister(user, selectedKind!)}
                today={today}
                onClose={() => setSelected(null)}
              />
            )}
          </div>
        </li>
      ) : null}
    </>
  );
}
