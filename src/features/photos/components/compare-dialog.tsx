import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../shared/photos/photo';
import { formatDateTime } from '../../../lib/format';
import { Dialog } from '../../../ui/dialog';

/**
 * Before and after side by side, or one over the other with a slider: with when, where, how far
 * apart and who took each.
 */
export function CompareDialog({ before, after, onClose }: { before: Photo; after: Photo; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'slider' | 'side'>('slider');
  const [split, setSplit] = useState(50);

  const facts = (photo: Photo, label: string) => (
    <div className="compare-facts">
      <strong>{label}</strong>
      <span>{formatDateTime(photo.takenAt ?? photo.uploadedAt, i18n.language)}</span>
      <span>
        {photo.position
          ? `${photo.position.lon.toFixed(6)}, ${photo.position.lat.toFixed(6)}${
              photo.bearing !== null ? ` · ${Math.round(photo.bearing)}°` : ''
            }`
          : t('photos.positionMissing')}
      </span>
      <span>{t('photos.by', { name: photo.uploadedBy })}</span>
      {photo.note ? <span className="compare-note">{photo.note}</span> : null}
    </div>
  );

  return (
    <Dialog
      backdropClassName="compare-backdrop"
      className="compare-dialog"
      label={t('photos.compareTitle')}
      testId="compare-dialog"
      onClose={onClose}
    >
      <header className="compare-header">
        <h2>{t('photos.compareTitle')}</h2>
        <div className="segmented" role="group" aria-label={t('photos.compareMode')}>
          <button type="button" aria-pressed={mode === 'slider'} onClick={() => setMode('slider')}>
            {t('photos.slider')}
          </button>
          <button type="button" aria-pressed={mode === 'side'} onClick={() => setMode('side')}>
            {t('photos.sideBySide')}
          </button>
        </div>
        <button type="button" className="panel-close" onClick={onClose} aria-label={t('photos.close')}>
          ×
        </button>
      </header>
      {mode === 'slider' ? (
        <>
          <div className="compare-stage">
            <img src={before.urls.display} alt={t('photos.phase.before')} />
            <img
              className="compare-after"
              src={after.urls.display}
              alt={t('photos.phase.after')}
              style={{ clipPath: `inset(0 0 0 ${split}%)` }}
            />
            <div className="compare-divider" style={{ left: `${split}%` }} aria-hidden />
          </div>
          <input
            className="compare-range"
            type="range"
            min={0}
            max={100}
            value={split}
            aria-label={t('photos.sliderLabel')}
            onChange={(event) => setSplit(Number(event.target.value))}
          />
        </>
      ) : (
        <div className="compare-side">
          <img src={before.urls.display} alt={t('photos.phase.before')} />
          <img src={after.urls.display} alt={t('photos.phase.after')} />
        </div>
      )}
      <div className="compare-meta">
        {facts(before, t('photos.phase.before'))}
        {facts(after, t('photos.phase.after'))}
        <div className={`compare-distance${after.pairFlagged ? ' pair-flag' : ''}`}>
          {after.referenceObject ? t('photos.referenceShown', { name: after.referenceObject }) : null}{' '}
          {after.pairDistanceM === null
            ? t('photos.positionUnknown')
            : t('photos.distance', { meters: Math.round(after.pairDistanceM) })}
        </div>
      </div>
    </Dialog>
  );
}
