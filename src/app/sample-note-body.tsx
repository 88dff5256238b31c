import { useTranslation } from 'react-i18next';

/** What the sample data is (opened from the header's badge; loaded with its texts on first opening). */
export function SampleNoteBody() {
  const { t } = useTranslation();
  return (
    <div className="sample-note-body">
      <p>{t('about.sample1')}</p>
      <p>{t('about.sample2')}</p>
      <p>{t('about.sample4')}</p>
      <p>{t('about.sample3')}</p>
    </div>
  );
}
