import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unitsByKind, type CampaignResponse } from '../../../shared/campaign/campaign';
import { localName } from '../../../lib/i18n';

/**
 * The zone's 责任单位: every selected unit is a chip (removable), so nothing is saved unseen; more are picked from
 * a searchable list of the units not selected yet. `fromPlan` says the selection was filled from the plan.
 */
export function UnitPicker({
  units,
  exclude,
  value,
  fromPlan,
  onChange,
}: {
  units: CampaignResponse['units'];
  /** The item's lead unit: shown apart, never a responsible unit too. */
  exclude: string | undefined;
  value: readonly string[];
  fromPlan: boolean;
  onChange(next: string[]): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const listId = useId();
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const query = search.trim().toLowerCase();
  const candidates = units.filter(
    (unit) =>
      unit.id !== exclude &&
      !value.includes(unit.id) &&
      (!query || unit.name.includes(search.trim()) || unit.nameEn.toLowerCase().includes(query)),
  );
  return (
    <fieldset className="unit-picker" data-testid="unit-picker">
      <legend>{t('panel.responsibleUnits')}</legend>
      {value.length ? (
        <ul className="unit-chips" aria-label={t('editor.units.selected', { count: value.length })}>
          {value.map((id) => {
            const unit = byId.get(id);
            const name = unit ? localName(unit, language) : t('editor.units.unknown');
            return (
              <li key={id} className="chip unit-chip" data-unit={id}>
                {name}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('editor.units.remove', { name })}
                  onClick={() => onChange(value.filter((other) => other !== id))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('editor.units.none')}</p>
      )}
      {fromPlan && value.length ? <p className="muted unit-hint">{t('editor.units.fromPlan')}</p> : null}
      {open ? (
        <div className="unit-add">
          <input
            type="search"
            name="unitSearch"
            aria-label={t('editor.units.search')}
            aria-controls={listId}
            placeholder={t('editor.units.search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <ul id={listId} className="unit-options">
            {unitsByKind(candidates).map((group) => (
              <li key={group.kind} className="unit-group">
                <span className="muted unit-group-name">{t(`unitKinds.${group.kind}`)}</span>
                <ul>
                  {group.units.map((unit) => (
                    <li key={unit.id}>
                      <button
                        type="button"
                        className="link-button"
                        data-unit={unit.id}
                        onClick={() => {
                          onChange([...value, unit.id]);
                          setSearch('');
                        }}
                      >
                        ＋ {localName(unit, language)}
                      </button>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
            {!candidates.length ? <li className="muted">{t('editor.units.noMatch')}</li> : null}
          </ul>
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            {t('editor.units.done')}
          </button>
        </div>
      ) : (
        <button type="button" className="link-button" onClick={() => setOpen(true)}>
          ＋ {t('editor.units.add')}
        </button>
      )}
    </fieldset>
  );
}
