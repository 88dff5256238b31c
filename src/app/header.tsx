import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, switchLanguage, withTexts } from '../lib/i18n';

export interface HeaderProps {
  year: number | null;
  sampleData: boolean;
  /** Before the title (the phone list toggle on the map page). */
  start?: ReactNode;
  /** Before the language switch (basemap picker, navigation, user menu). */
  end?: ReactNode;
  onHome?(): void;
}

// The explanation of the sample data loads when someone opens it (P1).
const SampleNoteBody = lazy(
  withTexts(() => import('./sample-note-body').then((module) => ({ default: module.SampleNoteBody }))),
);

/** Title bar: campaign, sample-data notice, page-specific controls, language switch. */
export function Header(props: HeaderProps) {
  const { t, i18n } = useTranslation();
  const [noteOpened, setNoteOpened] = useState(false);
  return (
    <header className="app-header">
      {props.start}
      <h1 className="app-title">
        <a
          href="/"
          onClick={(event) => {
            if (!props.onHome) return;
            event.preventDefault();
            props.onHome();
          }}
        >
          {t('app.title')}
        </a>
        {props.year ? <span className="app-year">{t('header.year', { year: props.year })}</span> : null}
      </h1>
      {props.sampleData ? (
        <details className="sample-note" onToggle={(event) => event.currentTarget.open && setNoteOpened(true)}>
          <summary>{t('header.sampleBadge')}</summary>
          {noteOpened ? (
            <Suspense fallback={<div className="sample-note-body">{t('common.loading')}</div>}>
              <SampleNoteBody />
            </Suspense>
          ) : null}
        </details>
      ) : null}
      <div className="header-spacer" />
      {props.end}
      <div className="language-switch" role="group" aria-label={t('header.language')}>
        {LANGUAGES.map((language) => (
          <button
            key={language}
            type="button"
            lang={language}
            className={i18n.language === language ? 'is-active' : undefined}
            aria-pressed={i18n.language === language}
            onClick={() => void switchLanguage(i18n, language)}
          >
            {language === 'en' ? 'EN' : '中文'}
          </button>
        ))}
      </div>
    </header>
  );
}
