import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feature, FeatureCollection } from 'geojson';
import { MapCanvas } from '../../../map/map-canvas';
import type { MapEngine } from '../../../map/map-engine';
import { getJson } from '../../../lib/api';
import { problemText } from '../../../lib/problem-text';
import { localName } from '../../../lib/i18n';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import {
  IMPORT_CRS_CHOICES,
  IMPORT_ENCODINGS,
  IMPORT_TARGETS,
  type FieldMapping,
  type ImportDefaults,
  type ImportOptions,
  type ImportPreview,
  type ImportReport,
  type ImportTarget,
} from '../../../shared/gis/gis-import';
import {
  discardImport,
  reportOfError,
  useCommitImport,
  useImportPreview,
  useUploadImport,
  useValidateImport,
  type CommitAnswer,
} from '../../../data/imports';
import { createImportTownLayers, IMPORT_PREVIEW_COLOR, IMPORT_TOWN_SOURCE } from '../import-map.layer';

type Box = [number, number, number, number];

const ACCEPT = '.geojson,.json,.kml,.kmz,.gpx,.zip,.gpkg,.csv,.shp,.shx,.dbf,.prj,.cpg';

/** Field names that usually mean a zone field (Chinese ledgers and the app's own exports). */
const GUESSES: Record<ImportTarget, RegExp> = {
  name: /^(name|名称|区域名称|zone_?name|mc)$/i,
  category: /^(item_?code|category|项目|整治项目|项目编号|itemcode)$/i,
  status: /^(status|status_?code|状态|statuscode)$/i,
  responsibleUnits: /^(resp_?units|responsible_?units|责任单位|responsibleunits)$/i,
  plannedStart: /^(plan_?start|planned_?start|开始|开始日期|计划开始|plannedstart)$/i,
  plannedEnd: /^(plan_?end|planned_?end|结束|结束日期|计划完成|plannedend)$/i,
  progress: /^(progress|进度)$/i,
  measures: /^(measures|措施|整治措施)$/i,
  notes: /^(notes|备注|note)$/i,
  village: /^(village|村|村（社区）|村社区)$/i,
};

function guessMapping(fields: string[]): FieldMapping {
  const mapping: FieldMapping = {};
  for (const target of IMPORT_TARGETS) {
    const field = fields.find((candidate) => GUESSES[target].test(candidate.trim()));
    if (field) mapping[target] = field;
  }
  return mapping;
}

function boxOf(collection: FeatureCollection): Box | null {
  let box: Box | null = null;
  const visit = (coordinates: unknown) => {
    if (!Array.isArray(coordinates)) return;
    if (typeof coordinates[0] === 'number') {
      const [x, y] = coordinates as [number, number];
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
      return;
    }
    for (const item of coordinates) visit(item);
  };
  for (const feature of collection.features) visit((feature.geometry as { coordinates?: unknown } | null)?.coordinates);
  return box;
}

const onEarth = (box: Box | null): box is Box =>
  box !== null && box[0] >= -180 && box[2] <= 180 && box[1] >= -85 && box[3] <= 85;

/**
 * GIS import (导入): upload a file, check the detected encoding and coordinate system against a
 * preview on the map beside the town outline, map its fields to zone fields, read the per-feature
 * validation report, then import all valid chosen features at once.
 */
export function ImportPage({ campaign, navigate }: { campaign: CampaignResponse; navigate(href: string): void }) {
  const { t, i18n } = useTranslation();
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [options, setOptions] = useState<ImportOptions>({});
  const [mapping, setMapping] = useState<FieldMapping>({});
  const [defaults, setDefaults] = useState<ImportDefaults>({});
  const [remembered, setRemembered] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [excluded, setExcluded] = useState<Set<number>>(new Set());
  const [skipInvalid, setSkipInvalid] = useState(true);
  const [acceptOverlaps, setAcceptOverlaps] = useState(false);
  const [result, setResult] = useState<CommitAnswer | null>(null);
  const [engine, setEngine] = useState<MapEngine | null>(null);
  const [town, setTown] = useState<FeatureCollection | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // Each step is a mutation: the one pending makes the page busy, the one that failed last shows its problem.
  const uploading = useUploadImport();
  const previewing = useImportPreview();
  const validating = useValidateImport();
  const committing = useCommitImport();
  const steps = [uploading, previewing, validating, committing];
  const busy = uploading.isPending
    ? 'upload'
    : previewing.isPending
      ? 'preview'
      : validating.isPending
        ? 'validate'
        : committing.isPending
          ? 'commit'
          : null;
  const failed = steps.find((step) => step.isError);
  const error = failed
    ? problemText(failed.error, t, {
        otherwise: (problem, apiError) =>
          problem?.detail
            ? t('import.failed', { status: apiError.status, detail: problem.detail })
            : t('import.failedPlain'),
        fallback: 'import.failedPlain',
      })
    : null;
  /** A new step clears the others' problems. */
  const begin = (step: (typeof steps)[number]) => steps.forEach((other) => other !== step && other.reset());

  // The town outline, so a wrong coordinate system shows at once.
  useEffect(() => {
    const controller = new AbortController();
    getJson('/api/basemap', { parse: (value) => value as FeatureCollection }, controller.signal)
      .then((basemap) =>
        setTown({
          type: 'FeatureCollection',
          features: basemap.features.filter((feature) => feature.properties?.layer === 'outline'),
        }),
      )
      .catch(() => setTown({ type: 'FeatureCollection', features: [] }));
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (!engine || !town) return;
    engine.setGeoJson(IMPORT_TOWN_SOURCE, town);
    engine.setLayers('base', createImportTownLayers());
  }, [engine, town]);

  // The preview shapes (only those with sensible longitude/latitude can be drawn), and a view of town and data.
  useEffect(() => {
    if (!engine) return;
    const features = (preview?.preview.features ?? []) as Feature[];
    const drawable = features.filter((feature) => onEarth(boxOf({ type: 'FeatureCollection', features: [feature] })));
    engine.setDraft(
      'import',
      drawable.map((feature) => ({ ...feature, properties: { ...feature.properties, color: IMPORT_PREVIEW_COLOR } })),
    );
    const boxes = [town ? boxOf(town) : null, boxOf({ type: 'FeatureCollection', features: drawable })].filter(onEarth);
    if (!boxes.length) return;
    const all: Box = [
      Math.min(...boxes.map((box) => box[0])),
      Math.min(...boxes.map((box) => box[1])),
      Math.max(...boxes.map((box) => box[2])),
      Math.max(...boxes.map((box) => box[3])),
    ];
    engine.map.fitBounds(
      [
        [all[0], all[1]],
        [all[2], all[3]],
      ],
      { padding: 24, duration: 0, maxZoom: 16 },
    );
  }, [engine, preview, town]);

  function upload(chosen: File[]) {
    if (!chosen.length) return;
    if (preview) void discardImport(preview.id).catch(() => undefined);
    setFiles(chosen);
    setPreview(null);
    setReport(null);
    setResult(null);
    begin(uploading);
    setProgress(0);
    uploading.mutate(
      { files: chosen, onProgress: setProgress },
      {
        onSuccess: (answer) => {
          setPreview(answer);
          setOptions({});
          const fields = answer.fields.map((field) => field.name);
          setRemembered(answer.rememberedMapping !== null);
          setMapping(answer.rememberedMapping?.mapping ?? guessMapping(fields));
          setDefaults(answer.rememberedMapping?.defaults ?? {});
          setExcluded(new Set());
        },
        onSettled: () => setProgress(null),
      },
    );
  }

  function change(next: ImportOptions) {
    if (!preview) return;
    setOptions(next);
    setReport(null);
    begin(previewing);
    previewing.mutate(
      { id: preview.id, options: next },
      {
        onSuccess: (answer) => {
          setPreview(answer);
          // Another encoding can change the field names themselves (Chinese DBF column names): keep what still
          // exists, guess the rest again.
          const fields = answer.fields.map((field) => field.name);
          setMapping((current) => {
            const guessed = guessMapping(fields);
            const kept: FieldMapping = {};
            for (const target of IMPORT_TARGETS) {
              const field = current[target];
              kept[target] = field !== undefined && fields.includes(field) ? field : guessed[target];
            }
            return kept;
          });
        },
      },
    );
  }

  function validate() {
    if (!preview) return;
    begin(validating);
    validating.mutate(
      { id: preview.id, body: { options, mapping, defaults, acceptOverlaps } },
      {
        onSuccess: (answer) => {
          setReport(answer);
          setExcluded(new Set());
        },
      },
    );
  }

  function commit() {
    if (!preview) return;
    begin(committing);
    committing.mutate(
      {
        id: preview.id,
        body: { options, mapping, defaults, acceptOverlaps, skipInvalid, exclude: [...excluded] },
      },
      {
        onSuccess: (answer) => setResult(answer),
        onError: (caught) => {
          const refused = reportOfError(caught);
          if (refused) setReport(refused);
        },
      },
    );
  }

  const detected = preview?.detected;
  const encodingNote = !detected
    ? ''
    : options.encoding
      ? t('import.encodingChosen', { encoding: t(`import.encodings.${options.encoding}`) })
      : detected.encodingSource === 'none'
        ? t('import.encodingUnknown')
        : detected.encodingNeedsConfirmation
          ? t('import.encodingConfirm', { encoding: detected.encoding })
          : t(`import.encodingFrom.${detected.encodingSource}`, { encoding: detected.encoding });
  const crsNote = !detected
    ? ''
    : options.crs
      ? t('import.crsChosen', { name: preview?.applied.crs ?? options.crs })
      : detected.crsSource === 'none'
        ? t('import.crsUnknown', { suggestion: detected.crsSuggestion ?? '—' })
        : t('import.crsFrom', { name: detected.crsName ?? detected.crs });
  const needsEncoding = detected?.encodingNeedsConfirmation === true && !options.encoding;
  const needsCrs = detected?.crsNeedsConfirmation === true && !options.crs;
  const fieldOptions = preview?.fields ?? [];
  const targetLabel = (target: ImportTarget) => t(`import.targets.${target}`);
  const reasonText = (reason: string | null) =>
    reason === null
      ? ''
      : i18n.exists(`geometry.${reason}`)
        ? t(`geometry.${reason}`)
        : i18n.exists(`import.reasons.${reason}`)
          ? t(`import.reasons.${reason}`)
          : reason;
  const chosenCount = report ? report.entries.filter((entry) => entry.valid && !excluded.has(entry.index)).length : 0;

  const section = (title: string, content: ReactNode, testId: string) => (
    <section className="import-section" data-testid={testId}>
      <h2>{title}</h2>
      {content}
    </section>
  );

  const crsChoices = useMemo(() => {
    const choices: string[] = [...IMPORT_CRS_CHOICES];
    if (detected?.crs === 'prj') choices.unshift('prj');
    else if (detected?.crs && !choices.includes(detected.crs)) choices.unshift(detected.crs);
    return choices;
  }, [detected?.crs]);

  return (
    <div className="import-page">
      <h1>{t('import.title')}</h1>
      <p className="import-intro">{t('import.intro')}</p>

      <div
        className={`import-drop${dragging ? ' is-dragging' : ''}`}
        data-testid="import-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void upload([...event.dataTransfer.files]);
        }}
      >
        <label className="import-file">
          <span>{t('import.choose')}</span>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={ACCEPT}
            aria-label={t('import.choose')}
            data-testid="import-file"
            disabled={busy !== null}
            onChange={(event) => void upload([...(event.target.files ?? [])])}
          />
        </label>
        <span className="import-drop-hint">{t('import.dropHint')}</span>
        {files.length ? <span className="import-file-names">{files.map((file) => file.name).join('、')}</span> : null}
      </div>
      {progress !== null ? (
        <progress
          className="import-progress"
          value={progress}
          max={1}
          aria-label={t('import.uploadProgress')}
          data-testid="import-progress"
        />
      ) : null}
      {busy === 'upload' && progress !== null && progress >= 1 ? <p>{t('import.reading')}</p> : null}
      {error ? (
        <p className="import-error" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}

      {preview && detected
        ? section(
            t('import.detectedTitle'),
            <>
              <dl className="import-facts">
                <dt>{t('import.file')}</dt>
                <dd>{preview.fileName}</dd>
                <dt>{t('import.format')}</dt>
                <dd>{t(`import.formats.${preview.format}`)}</dd>
                <dt>{t('import.count')}</dt>
                <dd data-testid="import-count">
                  {t('import.countValue', { count: preview.featureCount, types: preview.geometryTypes.join('、') })}
                </dd>
              </dl>
              {preview.layers.length > 1 ? (
                <label className="import-field">
                  <span>{t('import.layer')}</span>
                  <select
                    value={preview.layer ?? ''}
                    onChange={(event) => void change({ ...options, layer: event.target.value })}
                    data-testid="import-layer"
                  >
                    {preview.layers.map((layer) => (
                      <option key={layer} value={layer}>
                        {layer}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {preview.encodingCandidates.length ? (
                <div className="import-choice">
                  <label className="import-field">
                    <span>{t('import.encoding')}</span>
                    <select
                      aria-label={t('import.encoding')}
                      data-testid="import-encoding"
                      value={options.encoding ?? ''}
                      disabled={busy !== null}
                      onChange={(event) =>
                        void change({
                          ...options,
                          encoding: (event.target.value || undefined) as ImportOptions['encoding'],
                        })
                      }
                    >
                      <option value="">{t('import.encodingPick')}</option>
                      {IMPORT_ENCODINGS.map((encoding) => (
                        <option key={encoding} value={encoding}>
                          {t(`import.encodings.${encoding}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <p className={needsEncoding ? 'import-ask' : 'import-note'} data-testid="import-encoding-note">
                    {encodingNote}
                  </p>
                  <table className="import-candidates" data-testid="import-encoding-candidates">
                    <caption>{t('import.candidates')}</caption>
                    <tbody>
                      {preview.encodingCandidates.map((candidate) => (
                        <tr key={candidate.encoding}>
                          <th scope="row">{t(`import.encodings.${candidate.encoding}`)}</th>
                          <td>{candidate.samples.join(' · ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="import-note" data-testid="import-encoding-note">
                  {encodingNote}
                </p>
              )}
              <div className="import-choice">
                <label className="import-field">
                  <span>{t('import.crs')}</span>
                  <select
                    aria-label={t('import.crs')}
                    data-testid="import-crs"
                    value={options.crs ?? ''}
                    disabled={busy !== null}
                    onChange={(event) => void change({ ...options, crs: event.target.value || undefined })}
                  >
                    <option value="">{t('import.crsPick')}</option>
                    {crsChoices.map((code) => (
                      <option key={code} value={code}>
                        {code === 'prj'
                          ? t('import.crsPrj', { name: detected.crsName ?? '' })
                          : i18n.exists(`import.crsNames.${code.replace(':', '_')}`)
                            ? t(`import.crsNames.${code.replace(':', '_')}`)
                            : code}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="import-check">
                  <input
                    type="checkbox"
                    data-testid="import-gcj02"
                    checked={options.gcj02 ?? false}
                    disabled={busy !== null}
                    onChange={(event) => void change({ ...options, gcj02: event.target.checked })}
                  />
                  <span>{t('import.gcj02')}</span>
                </label>
                <p className={needsCrs ? 'import-ask' : 'import-note'} data-testid="import-crs-note">
                  {crsNote}
                  {detected.gcj02Suggested ? ` ${t('import.gcj02Suggested')}` : ''}
                </p>
              </div>
              {preview.warnings.length ? (
                <ul className="import-warnings">
                  {preview.warnings.map((warning, index) => (
                    <li key={index}>{warning.detail}</li>
                  ))}
                </ul>
              ) : null}
            </>,
            'import-detected',
          )
        : null}

      <div className={`import-map${preview ? '' : ' is-empty'}`}>
        <MapCanvas
          bounds={[
            [120.84, 31.12],
            [120.98, 31.26],
          ]}
          backgroundColor="#f4f1ea"
          label={t('import.mapLabel')}
          onReady={setEngine}
        />
        {preview?.previewSampled ? (
          <p className="import-note" data-testid="import-sampled">
            {t('import.sampled', { shown: preview.preview.features.length, count: preview.featureCount })}
          </p>
        ) : null}
      </div>

      {preview
        ? section(
            t('import.rowsTitle'),
            <div className="import-table-wrap">
              <table className="import-rows" data-testid="import-rows">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    {fieldOptions.map((field) => (
                      <th scope="col" key={field.name}>
                        {field.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row) => (
                    <tr key={row.index}>
                      <td>{row.index + 1}</td>
                      {fieldOptions.map((field) => (
                        <td key={field.name}>{String(row.properties[field.name] ?? '')}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>,
            'import-rows-section',
          )
        : null}

      {preview
        ? section(
            t('import.mappingTitle'),
            <>
              {remembered ? <p className="import-note">{t('import.remembered')}</p> : null}
              <table className="import-mapping" data-testid="import-mapping">
                <tbody>
                  {IMPORT_TARGETS.map((target) => (
                    <tr key={target}>
                      <th scope="row">{targetLabel(target)}</th>
                      <td>
                        <select
                          aria-label={targetLabel(target)}
                          data-testid={`import-map-${target}`}
                          value={mapping[target] ?? ''}
                          onChange={(event) => {
                            setReport(null);
                            setMapping({ ...mapping, [target]: event.target.value || undefined });
                          }}
                        >
                          <option value="">{t('import.notMapped')}</option>
                          {fieldOptions.map((field) => (
                            <option key={field.name} value={field.name}>
                              {field.samples.length
                                ? `${field.name}（${field.samples.slice(0, 2).join('、')}）`
                                : field.name}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="import-defaults">
                <label className="import-field">
                  <span>{t('import.defaultItem')}</span>
                  <select
                    aria-label={t('import.defaultItem')}
                    data-testid="import-default-category"
                    value={defaults.category ?? ''}
                    onChange={(event) => {
                      setReport(null);
                      setDefaults({ ...defaults, category: event.target.value || undefined });
                    }}
                  >
                    <option value="">{t('import.noDefault')}</option>
                    {campaign.items
                      .filter((item) => item.applicable)
                      .map((item) => (
                        <option key={item.code} value={item.code}>
                          {item.code} {localName(item, i18n.language)}
                        </option>
                      ))}
                  </select>
                </label>
                <label className="import-field">
                  <span>{t('import.defaultStatus')}</span>
                  <select
                    aria-label={t('import.defaultStatus')}
                    data-testid="import-default-status"
                    value={defaults.status ?? ''}
                    onChange={(event) => {
                      setReport(null);
                      setDefaults({
                        ...defaults,
                        status: (event.target.value || undefined) as ImportDefaults['status'],
                      });
                    }}
                  >
                    <option value="">{t('import.noDefault')}</option>
                    {campaign.zoneStatuses.map((status) => (
                      <option key={status.code} value={status.code}>
                        {localName(status, i18n.language)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="import-check">
                  <input
                    type="checkbox"
                    checked={acceptOverlaps}
                    data-testid="import-accept-overlaps"
                    onChange={(event) => {
                      setReport(null);
                      setAcceptOverlaps(event.target.checked);
                    }}
                  />
                  <span>{t('import.acceptOverlaps')}</span>
                </label>
              </div>
              <button
                type="button"
                className="secondary-button"
                data-testid="import-validate"
                disabled={busy !== null || needsEncoding || needsCrs}
                onClick={() => void validate()}
              >
                {t('import.validate')}
              </button>
              {needsEncoding || needsCrs ? <p className="import-ask">{t('import.chooseFirst')}</p> : null}
            </>,
            'import-mapping-section',
          )
        : null}

      {report && preview
        ? section(
            t('import.reportTitle'),
            <>
              <p data-testid="import-report-summary">
                {t('import.reportSummary', { valid: report.valid, invalid: report.invalid, total: report.total })}
              </p>
              <div className="import-table-wrap">
                <table className="import-report" data-testid="import-report">
                  <thead>
                    <tr>
                      <th scope="col">{t('import.include')}</th>
                      <th scope="col">#</th>
                      <th scope="col">{t('import.targets.name')}</th>
                      <th scope="col">{t('import.outcome')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.entries.map((entry) => (
                      <tr key={entry.index} className={entry.valid ? '' : 'is-invalid'}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={t('import.includeNamed', { name: entry.name })}
                            checked={entry.valid && !excluded.has(entry.index)}
                            disabled={!entry.valid}
                            onChange={(event) => {
                              const next = new Set(excluded);
                              if (event.target.checked) next.delete(entry.index);
                              else next.add(entry.index);
                              setExcluded(next);
                            }}
                          />
                        </td>
                        <td>{entry.index + 1}</td>
                        <td>{entry.name}</td>
                        <td>
                          {entry.valid ? t('import.valid') : reasonText(entry.reason)}
                          {!entry.valid && entry.detail ? (
                            <span className="import-detail"> ({entry.detail})</span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {report.invalid ? (
                <label className="import-check">
                  <input
                    type="checkbox"
                    data-testid="import-skip-invalid"
                    checked={skipInvalid}
                    onChange={(event) => setSkipInvalid(event.target.checked)}
                  />
                  <span>{t('import.skipInvalid')}</span>
                </label>
              ) : null}
              <button
                type="button"
                className="primary-button"
                data-testid="import-commit"
                disabled={busy !== null || chosenCount === 0 || result !== null}
                onClick={() => void commit()}
              >
                {t('import.commit', { count: chosenCount })}
              </button>
            </>,
            'import-report-section',
          )
        : null}

      {result ? (
        <p className="import-result" role="status" data-testid="import-result">
          {t('import.done', { count: result.created })}{' '}
          <a
            href={`/?zone=${result.zoneIds[0] ?? ''}`}
            onClick={(event) => {
              event.preventDefault();
              navigate(`/?zone=${result.zoneIds[0] ?? ''}`);
            }}
          >
            {t('import.showOnMap')}
          </a>
        </p>
      ) : null}
    </div>
  );
}
