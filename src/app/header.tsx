import { useTranslation } from 'react-i18next';
import type { BasemapOption } from '../shared/basemap';
import { LANGUAGES } from '../lib/i18n';
import { OFFLINE_BASEMAP } from './ui-state';

export interface HeaderProps {
  year: number | null;
  sampleData: boolean;
  basemaps: BasemapOption[];
  basemapId: string;
  onBasemap(id: string): void;
  drawerOpen: boolean;
  onToggleDrawer(): void;
}

/** Title bar: campaign, sample-data notice, basemap picker (only when configured), language switch. */
export function Header(props: HeaderProps) {
  const { t, i18n } = useTranslation();
  return (
    <header className="app-header">
      <button
        type="button"
        className="drawer-toggle"
        aria-expanded={props.drawerOpen}
        aria-controls="sidebar"
        onClick={props.onToggleDrawer}
      >
        {props.drawerOpen ? t('header.showMap') : t('header.showList')}
      </button>
      <h1 className="app-title">
        {t('app.title')}
        {props.year ? <span className="app-year">{t('header.year', { year: props.year })}</span> : null}
      </h1>
      {props.sampleData ? (
        <details className="sample-note">
          <summary>{t('header.sampleBadge')}</summary>
          <div className="sample-note-body">
            <p>{t('about.sample1')}</p>
            <p>{t('about.sample2')}</p>
            <p>{t('about.sample3')}</p>
          </div>
        </details>
      ) : null}
      <div className="header-spacer" />
      {props.basemaps.length ? (
        <label className="basemap-picker">
          <span className="visually-hidden">{t('header.basemap')}</span>
          <select
            value={props.basemapId}
            onChange={(event) => props.onBasemap(event.target.value)}
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
      ) : null}
      <div className="language-switch" role="group" aria-label={t('header.language')}>
        {LANGUAGES.map((language) => (
          <button
            key={language}
            type="button"
            lang={language}
            className={i18n.language === language ? 'is-active' : undefined}
            aria-pressed={i18n.language === language}
            onClick={() => void i18n.changeLanguage(language)}
          >
            {language === 'en' ? 'EN' : '中文'}
          </button>
        ))}
      </div>
    </header>
  );
}
