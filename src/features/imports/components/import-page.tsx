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
  type ImportReportEntry,
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
import { boxOf, guessMapping, importReasonText, onEarth, type Box } from '../import-helpers';
import { ImportMappingTable, ImportReportTable, ImportRowsTable, ImportSection } from './import-tables';
import '../imports.css';

const ACCEPT = '.geojson,.json,.kml,.kmz,.gpx,.zip,.gpkg,.csv,.dxf,.dwg,.shp,.shx,.dbf,.prj,.cpg';

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
  const problemReasonText = (problem: { reason?: string } | null | undefined) =>
    problem?.reason && i18n.exists(`import.problems.${problem.reason}`) ? t(`import.problems.${problem.reason}`) : null;
  const error = failed
    ? problemText(failed.error, t, {
        // In the UI language only: the server's detail is English for developers, never appended here. A problem
        // with a reason the page words (a DWG drawing, an empty file) says that; otherwise its status does.
        status: {
          404: 'import.sessionGone',
          409: 'import.conflict',
          503: 'import.busy',
          413: 'import.tooLarge',
          415: (problem, apiError) => problemReasonText(problem) ?? t('import.failed', { status: apiError.status }),
          422: (problem) => problemReasonText(problem) ?? t('import.nothingValid'),
        },
        otherwise: (problem, apiError) => problemReasonText(problem) ?? t('import.failed', { status: apiError.status }),
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
    if (next.layer !== options.layer) setExcluded(new Set());
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
      { id: preview.id, body: { options, mapping, defaults, acceptOverlaps, exclude: [...excluded] } },
      { onSuccess: (answer) => setReport(answer) },
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
  const reasonText = (entry: Pick<ImportReportEntry, 'reason' | 'params'>) => importReasonText(entry, i18n);
  const chosenCount = report ? report.entries.filter((entry) => entry.valid && !excluded.has(entry.index)).length : 0;
  // Over the feature limit: said at once, and only the ticked features count (the server checks the same).
  const tickedCount = preview ? preview.featureCount - excluded.size : 0;
  const tooMany = preview !== null && tickedCount > preview.maxFeatures;
  const keepFirst = (max: number) => {
    if (!preview) return;
    setReport(null);
    setExcluded(new Set(Array.from({ length: Math.max(0, preview.featureCount - max) }, (_, index) => max + index)));
  };

  const importSection = (title: string, content: ReactNode, testId: string) => (
    <ImportSection title={title} testId={testId}>
      {content}
    </ImportSection>
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
        ? importSection(
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
              {preview.featureCount > preview.maxFeatures ? (
                <div className="import-choice" data-testid="import-too-many">
                  <p className={tooMany ? 'import-ask' : 'import-note'}>
                    {t('import.tooMany', {
                      count: preview.featureCount,
                      max: preview.maxFeatures,
                      ticked: tickedCount,
                    })}
                  </p>
                  <button
                    type="button"
                    className="secondary-button"
                    disabled={busy !== null}
                    onClick={() => (tooMany ? keepFirst(preview.maxFeatures) : keepFirst(preview.featureCount))}
                  >
                    {tooMany ? t('import.keepFirst', { max: preview.maxFeatures }) : t('import.keepAll')}
                  </button>
                </div>
              ) : null}
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
                    <li key={index}>
                      {warning.entities ? t('import.dxfEntities', { entities: warning.entities }) : warning.detail}
                    </li>
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
          failedText={t('map.workerFailed')}
          onReady={setEngine}
        />
        {preview?.previewSampled ? (
          <p className="import-note" data-testid="import-sampled">
            {t('import.sampled', { shown: preview.preview.features.length, count: preview.featureCount })}
          </p>
        ) : null}
      </div>

      {preview
        ? importSection(
            t('import.rowsTitle'),
            <ImportRowsTable preview={preview} fields={fieldOptions} />,
            'import-rows-section',
          )
        : null}

      {preview
        ? importSection(
            t('import.mappingTitle'),
            <>
              {remembered ? <p className="import-note">{t('import.remembered')}</p> : null}
              <ImportMappingTable
                mapping={mapping}
                fields={fieldOptions}
                onChange={(next) => {
                  setReport(null);
                  setMapping(next);
                }}
              />
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
                disabled={busy !== null || needsEncoding || needsCrs || tooMany}
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
        ? importSection(
            t('import.reportTitle'),
            <>
              <p data-testid="import-report-summary">
                {t('import.reportSummary', { valid: report.valid, invalid: report.invalid, total: report.total })}
              </p>
              <ImportReportTable report={report} excluded={excluded} onExcluded={setExcluded} reasonText={reasonText} />
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
