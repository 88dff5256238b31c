import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** "Lock the position" (docs/field.md): a GPS fix is locked once it is at least this accurate (metres). */
export const LOCK_ACCURACY_M = 20;

export interface LockedFix {
  lon: number;
  lat: number;
  /** Metres (the browser's 95 % radius). */
  accuracy: number;
}

type LockState =
  | { state: 'off' }
  | { state: 'waiting'; accuracy: number | null }
  | { state: 'locked'; fix: LockedFix }
  | { state: 'failed' };

/** Watch the phone's GPS until a fix of LOCK_ACCURACY_M or better arrives, then keep that fix. */
export function usePositionLock() {
  const [lock, setLock] = useState<LockState>({ state: 'off' });
  const watch = useRef<number | null>(null);
  const stop = () => {
    if (watch.current !== null) navigator.geolocation.clearWatch(watch.current);
    watch.current = null;
  };
  useEffect(() => stop, []);
  const start = () => {
    if (!('geolocation' in navigator)) return setLock({ state: 'failed' });
    stop();
    setLock({ state: 'waiting', accuracy: null });
    watch.current = navigator.geolocation.watchPosition(
      ({ coords }) => {
        if (coords.accuracy <= LOCK_ACCURACY_M) {
          stop();
          setLock({ state: 'locked', fix: { lon: coords.longitude, lat: coords.latitude, accuracy: coords.accuracy } });
        } else setLock({ state: 'waiting', accuracy: coords.accuracy });
      },
      () => {
        stop();
        setLock({ state: 'failed' });
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 120_000 },
    );
  };
  return {
    lock,
    fix: lock.state === 'locked' ? lock.fix : null,
    start,
    release: () => {
      stop();
      setLock({ state: 'off' });
    },
  };
}

/** The lock's button and what it says: waiting with the current accuracy, locked with the fix's accuracy. */
export function PositionLock({ lock }: { lock: ReturnType<typeof usePositionLock> }) {
  const { t } = useTranslation();
  const current = lock.lock;
  return (
    <div className="position-lock" data-testid="position-lock">
      {current.state === 'locked' ? (
        <>
          <span className="pair-ok">{t('photos.lock.locked', { meters: Math.round(current.fix.accuracy) })}</span>
          <button type="button" className="link-button" onClick={lock.release}>
            {t('photos.lock.release')}
          </button>
        </>
      ) : (
        <>
          <button type="button" className="secondary-button" onClick={lock.start}>
            {t('photos.lock.start', { meters: LOCK_ACCURACY_M })}
          </button>
          {current.state === 'waiting' ? (
            <span className="muted">
              {current.accuracy === null
                ? t('photos.lock.searching')
                : t('photos.lock.waiting', { meters: Math.round(current.accuracy) })}
            </span>
          ) : null}
          {current.state === 'failed' ? <span className="upload-error">{t('photos.lock.failed')}</span> : null}
        </>
      )}
    </div>
  );
}
