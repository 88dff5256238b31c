import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterKind } from '../../../shared/registers/kinds';
import type { RegisterImportError } from '../../../shared/registers/import';
import { useRegisterImport } from '../../../data/registers';
import { problemText } from '../../../lib/problem-text';
import { ApiError } from '../../../lib/api';
import { Message } from '../../../ui/message';

/** What the file input offers (the formats the zone import reads). */
const ACCEPT = '.geojson,.json,.kml,.kmz,.gpx,.zip,.gpkg,.csv,.txt,.dxf';
/** Rows with errors listed at most; the count says how many more. */
const SHOWN_ROWS = 50;

/**
 * 导入 on `/registers` for the unit keeping a register (planners, the office): a GIS file, its coordinate system,
 * the preview (how many objects, each bad row and field in plain words) and the confirmation that creates the valid
 * ones.
 */
export function RegisterImport({ kind }: { kind: RegisterKind }) {
  const { t, i18n } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [gcj02, setGcj02] = useState(false);
  /** The layer chosen of a file with several; null: the first (the server's default). */
  const [layer, setLayer] = useState<string | null>(null);
  /**
   * The file's layers, from the last preview or from the last problem with the layer read (nothing of the register's
   * shape in it): another can be chosen either way, and the choice stays on screen while the next preview loads.
   */
  const [fileLayers, setFileLayers] = useState<string[]>([]);
  const importing = useRegisterImport(kind.slug);
  const result = importing.data;
  const preview = result && result.created === null ? result : null;
  const done = result && result.created !== null ? result : null;

  const fieldName = (path: string) =>
    path === 'name'
      ? t('registers.name')
      : path === 'geometry'
        ? t('registers.geometry')
        : t(`registers.fields.${path.replace(/^attributes\./, '')}`);
  const errorText = (error: RegisterImportError) => {
    const field = kind.fields.find((each) => `attributes.${each.key}` === error.path);
    if (error.code === 'invalid' && field) return t(`registers.import.invalidType.${field.type}`);
    return t(`registers.import.errors.${error.code}`);
  };
  const failure = problemText(importing.error, t, {
    status: {
      403: 'registers.denied',
      413: 'import.tooLarge',
      415: 'registers.import.unreadable',
      422: (problem) =>
        problem?.reason && i18n.exists(`registers.import.problems.${problem.reason}`)
          ? t(`registers.import.problems.${problem.reason}`, {
              geometry: t(`registers.import.shapes.${kind.geometry}`),
              max: problem.maxFeatures,
            })
          : problem?.reason && i18n.exists(`import.problems.${problem.reason}`)
            ? t(`import.problems.${problem.reason}`)
            : t('registers.import.unreadable'),
    },
    otherwise: (_problem, error) => t('import.failed', { status: error.status }),
    fallback: 'import.failedPlain',
  });

  const run = (dryRun: boolean, chosenLayer = layer) => {
    if (!file) return;
    importing.mutate(
      { file, gcj02, layer: chosenLayer, dryRun },
      {
        onSuccess: (answer) => setFileLayers(answer.layers),
        onError: (error) => setFileLayers((error instanceof ApiError && error.problem?.layers) || []),
      },
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run(true);
  };
  const bad = (preview?.rows ?? []).filter((row) => !row.valid);
  // The columns the file brings that no field takes (not the register's own bookkeeping columns: its id, owner, …).
  const unmatched = (preview?.columns ?? [])
    .filter((column) => column.field === null && !column.ownExport)
    .map((column) => column.column);

  return (
    <form className="register-import" onSubmit={submit} data-testid="register-import">
      <p className="muted">{t('registers.import.hint', { kind: t(`registers.kinds.${kind.slug}`) })}</p>
      <label className="register-import-file">
        <span>{t('import.choose')}</span>
        <input
          type="file"
          accept={ACCEPT}
          data-testid="register-import-file"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setLayer(null);
            setFileLayers([]);
            importing.reset();
          }}
        />
      </label>
      <label className="register-import-crs">
        <span>{t('registers.import.coordinates')}</span>
        <select
          value={gcj02 ? 'gcj02' : 'wgs84'}
          onChange={(event) => {
            setGcj02(event.target.value === 'gcj02');
            importing.reset();
          }}
        >
          <option value="wgs84">{t('registers.import.wgs84')}</option>
          <option value="gcj02">{t('import.gcj02')}</option>
        </select>
      </label>
      <button type="submit" className="secondary-button" disabled={!file || importing.isPending}>
        {t('registers.import.preview')}
      </button>
      {fileLayers.length > 1 ? (
        <label className="register-import-layer">
          <span>{t('registers.import.layer', { count: fileLayers.length })}</span>
          <select
            value={layer ?? fileLayers[0]}
            disabled={importing.isPending}
            data-testid="register-import-layer"
            onChange={(event) => {
              setLayer(event.target.value);
              run(true, event.target.value);
            }}
          >
            {fileLayers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {failure ? <Message tone="error">{failure}</Message> : null}
      {preview ? (
        <div className="register-import-preview" data-testid="register-import-preview">
          <p>
            {t('registers.import.summary', { total: preview.total, valid: preview.valid, invalid: preview.invalid })}
          </p>
          {unmatched.length ? (
            <p className="muted">{t('registers.import.unmatched', { columns: unmatched.join('、') })}</p>
          ) : null}
          {bad.length ? (
            <ul className="register-import-errors">
              {bad.slice(0, SHOWN_ROWS).map((row) => (
                <li key={row.row}>
                  <strong>{t('registers.import.row', { row: row.row, name: row.name || '—' })}</strong>{' '}
                  {row.errors.map((error) => `${fieldName(error.path)}：${errorText(error)}`).join('；')}
                </li>
              ))}
              {bad.length > SHOWN_ROWS ? (
                <li className="muted">{t('registers.import.more', { count: bad.length - SHOWN_ROWS })}</li>
              ) : null}
            </ul>
          ) : null}
          {preview.valid ? (
            <button
              type="button"
              className="primary-button"
              disabled={importing.isPending}
              onClick={() => run(false)}
              data-testid="register-import-confirm"
            >
              {t('registers.import.confirm', { count: preview.valid })}
            </button>
          ) : (
            <Message tone="error">{t('registers.import.nothing')}</Message>
          )}
        </div>
      ) : null}
      {done ? (
        <Message>{t('registers.import.done', { count: done.created.length, skipped: done.invalid })}</Message>
      ) : null}
    </form>
  );
}
