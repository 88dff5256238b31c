import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterKind } from '../../../shared/registers/kinds';
import type { RegisterFeature } from '../../../shared/registers/register';
import type { ZoneGeometry } from '../../../shared/zones/zone';
import { useRegisterWrites } from '../../../data/registers';
import { ProblemMessage } from '../../../ui/problem-message';
import { Field } from '../../../ui/field';

type Values = Record<string, string | boolean>;

const initialValues = (kind: RegisterKind, feature: RegisterFeature | null): Values =>
  Object.fromEntries(
    kind.fields.map((field) => {
      const value = feature?.properties.attributes[field.key];
      return [field.key, field.type === 'boolean' ? value === true : value === undefined ? '' : String(value)];
    }),
  );

/**
 * The add/edit form of a register object, built from its kind's field list (src/shared/registers/kinds.ts): the
 * server checks the same list. `geometry` is the shape drawn on the map (null: not drawn yet; an edit keeps the
 * stored one).
 */
export function RegisterForm({
  kind,
  feature,
  geometry,
  onSaved,
  onCancel,
}: {
  kind: RegisterKind;
  feature: RegisterFeature | null;
  geometry: ZoneGeometry | null;
  onSaved(saved: RegisterFeature): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(feature?.properties.name ?? '');
  const [values, setValues] = useState<Values>(() => initialValues(kind, feature));
  const [missingShape, setMissingShape] = useState(false);
  const { save } = useRegisterWrites(kind.slug);
  const label = (key: string) => t(`registers.fields.${key}`);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const shape = geometry ?? feature?.geometry ?? null;
    setMissingShape(!shape);
    if (!shape) return;
    const attributes = Object.fromEntries(
      kind.fields.map((field) => {
        const value = values[field.key];
        if (field.type === 'boolean') return [field.key, value === true];
        if (value === '' || value === undefined) return [field.key, null];
        return [field.key, field.type === 'integer' || field.type === 'number' ? Number(value) : value];
      }),
    );
    save.mutate({ draft: { name, geometry: shape, attributes }, current: feature }, { onSuccess: onSaved });
  };

  return (
    <form className="register-form" onSubmit={submit} data-testid="register-form">
      <Field label={t('registers.name')}>
        <input required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} name="name" />
      </Field>
      {kind.fields.map((field) => {
        const text = `${label(field.key)}${field.unit ? `（${field.unit}）` : ''}`;
        const value = values[field.key];
        const set = (next: string | boolean) => setValues((previous) => ({ ...previous, [field.key]: next }));
        if (field.type === 'boolean') {
          return (
            <label key={field.key} className="register-check">
              <input
                type="checkbox"
                name={field.key}
                checked={value === true}
                onChange={(e) => set(e.target.checked)}
              />
              {text}
            </label>
          );
        }
        return (
          <Field key={field.key} label={field.required ? `${text} *` : text}>
            {field.type === 'choice' ? (
              <select
                name={field.key}
                required={field.required}
                value={String(value)}
                onChange={(e) => set(e.target.value)}
              >
                <option value="">—</option>
                {Object.keys(field.choices ?? {}).map((code) => (
                  <option key={code} value={code}>
                    {t(`registers.choices.${field.key}.${code}`)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                name={field.key}
                required={field.required}
                type={field.type === 'date' ? 'date' : field.type === 'text' ? 'text' : 'number'}
                min={field.type === 'integer' || field.type === 'number' ? 0 : undefined}
                step={field.type === 'number' ? 'any' : field.type === 'integer' ? 1 : undefined}
                maxLength={field.type === 'text' ? 200 : undefined}
                value={String(value)}
                onChange={(e) => set(e.target.value)}
              />
            )}
          </Field>
        );
      })}
      {missingShape ? <p className="register-error">{t('registers.shapeMissing')}</p> : null}
      <ProblemMessage
        error={save.error}
        wording={{
          reason: 'geometry.',
          status: { 403: 'registers.denied', 412: 'registers.stale' },
          otherwise: (problem) =>
            t('registers.invalid', {
              fields: (problem?.errors ?? [])
                .map((entry) => {
                  const key = entry.path.replace(/^attributes\./, '');
                  return key === 'geometry'
                    ? t('registers.geometry')
                    : key === 'name'
                      ? t('registers.name')
                      : label(key);
                })
                .join('、'),
            }),
        }}
      />
      <div className="register-actions">
        <button type="submit" className="primary-button" disabled={save.isPending}>
          {t('registers.save')}
        </button>
        <button type="button" className="link-button" onClick={onCancel}>
          {t('registers.cancel')}
        </button>
      </div>
    </form>
  );
}
