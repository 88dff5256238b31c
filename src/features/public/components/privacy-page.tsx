import { useTranslation } from 'react-i18next';

/** 隐私说明: what happens to a resident's photos, phone number and text, in plain words. */
export function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <article className="public-privacy">
      <h1 className="public-heading">{t('publicSite.privacyNote.title')}</h1>
      {(['p1', 'p2', 'p3', 'p4', 'p5'] as const).map((key) => (
        <p key={key}>{t(`publicSite.privacyNote.${key}`)}</p>
      ))}
    </article>
  );
}
