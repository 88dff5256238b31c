import { useTranslation } from 'react-i18next';
import type { BasemapOption } from '../shared/geo/basemap';
import { OFFLINE_BASEMAP } from './ui-state';

// Apart from the header so that the map page's first JavaScript does not hold it (P1): the map page loads it only when
// online basemaps are configured.

/** The basemap choice, shown only when online basemaps are configured. */
export function BasemapPicker(props: { basemaps: BasemapOption[]; value: string; onChange(id: string): void }) {
  const { t } = useTranslation();
  return (
    <label className="basemap-picker">
      <span className="visually-hidden">{t('header.basemap')}</span>
      <select
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-label={t('header.basemap')}
      >
        <option value={OFFLINE_BASEMAP}>{t('basemap.offline')}</option>
        {props.basemaps.map((option) => (
          <option key={option.id} value={option.id}>
            {t(`basemap.${option.id}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
