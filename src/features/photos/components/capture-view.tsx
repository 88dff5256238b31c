import { useCallback, useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Photo } from '../../../shared/photos/photo';
import { Field } from '../../../ui/field';
import { Message } from '../../../ui/message';
import { distanceMeters, distanceVerdict, headingFromOrientation, headingVerdict } from '../capture-math';
import { Dialog } from '../../../ui/dialog';
import '../photos.css';

export interface CaptureViewProps {
  /** The before-photo to line up with (its display URL is laid over the camera as a ghost). */
  before: Photo;
  /** Metres beyond which a pair is flagged (server config; default 15). */
  maxDistanceMeters: number;
  /** Called with the captured JPEG and where/which way the phone was, when the user takes the picture. */
  onCapture(photo: { blob: Blob; position: { lon: number; lat: number } | null; heading: number | null }): void;
  onCancel(): void;
}

type CameraState =
  | { status: 'starting' }
  | { status: 'live' }
  | { status: 'captured' }
  | { status: 'failed'; reason: 'unsupported' | 'denied' | 'missing' | 'other' };

type GeoState =
  | { status: 'unavailable' | 'denied' | 'waiting' }
  | { status: 'fixed'; lon: number; lat: number; accuracy: number | null };

/** iOS 13+: motion and orientation events need the user's permission, asked on a tap. */
type PermissionRequester = { requestPermission?: () => Promise<'granted' | 'denied'> };
type CompassState = 'idle' | 'needs-permission' | 'denied';

/** The event fields `headingFromOrientation` reads; `webkitCompassHeading` is iOS only. */
type CompassEvent = DeviceOrientationEvent & { webkitCompassHeading?: number };

const hasCamera = () => typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
const hasGeolocation = () => typeof navigator !== 'undefined' && 'geolocation' in navigator;
const orientationPermission = (): PermissionRequester['requestPermission'] =>
  typeof DeviceOrientationEvent === 'undefined'
    ? undefined
    : (DeviceOrientationEvent as unknown as PermissionRequester).requestPermission;

function stopStream(stream: MediaStream | null) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function cameraFailure(error: unknown): 'denied' | 'missing' | 'other' {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'missing';
  return 'other';
}

/**
 * Taking the after-photo "from the same position, of the same reference object": the live rear
 * camera with the before-photo laid over it as an adjustable ghost, the reference object to frame,
 * the live distance from where the before-photo was taken and the turn to its bearing. Falls back
 * to the system camera (file picker) when the browser cannot open the camera itself.
 */
export function CaptureView({ before, maxDistanceMeters, onCapture, onCancel }: CaptureViewProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const hintId = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);

  const [camera, setCamera] = useState<CameraState>(() =>
    hasCamera() ? { status: 'starting' } : { status: 'failed', reason: 'unsupported' },
  );
  /** Bumped by "retake" to open the camera again. */
  const [cameraRun, setCameraRun] = useState(0);
  const [videoReady, setVideoReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [captureFailed, setCaptureFailed] = useState(false);
  const [ghostVisible, setGhostVisible] = useState(true);
  const [ghostOpacity, setGhostOpacity] = useState(0.5);
  const [geo, setGeo] = useState<GeoState>(() =>
    hasGeolocation() ? { status: 'waiting' } : { status: 'unavailable' },
  );
  const [heading, setHeading] = useState<number | null>(null);
  const [compass, setCompass] = useState<CompassState>(() => (orientationPermission() ? 'needs-permission' : 'idle'));

  const stopCamera = useCallback(() => {
    stopStream(streamRef.current);
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  }, []);

  // The live rear camera; its tracks stop when the view closes, captures or retakes.
  useEffect(() => {
    if (!hasCamera()) return;
    let cancelled = false;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false }).then(
      (stream) => {
        if (cancelled) {
          stopStream(stream);
          return;
        }
        streamRef.current = stream;
        const video = videoRef.current;
        if (video) {
          video.srcObject = stream;
          video.play().catch(() => {
            // autoPlay (muted, inline) starts it; play() only helps browsers that wait
          });
        }
        setCamera({ status: 'live' });
      },
      (error: unknown) => {
        if (!cancelled) setCamera({ status: 'failed', reason: cameraFailure(error) });
      },
    );
    return () => {
      cancelled = true;
      stopCamera();
    };
  }, [cameraRun, stopCamera]);

  // Where the phone is, for the distance to the before-photo and the after-photo's position.
  useEffect(() => {
    if (!hasGeolocation()) return;
    const watch = navigator.geolocation.watchPosition(
      (position) =>
        setGeo({
          status: 'fixed',
          lon: position.coords.longitude,
          lat: position.coords.latitude,
          accuracy: Number.isFinite(position.coords.accuracy) ? position.coords.accuracy : null,
        }),
      (error) => {
        if (error.code === error.PERMISSION_DENIED) setGeo({ status: 'denied' });
        else if (error.code === error.POSITION_UNAVAILABLE)
          setGeo((current) => (current.status === 'fixed' ? current : { status: 'unavailable' }));
        // TIMEOUT: the watch goes on; keep the last fix (or keep waiting)
      },
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, []);

  // Which way the phone faces: absolute events (Chrome/Android) win over plain ones (iOS, others).
  useEffect(() => {
    if (typeof window === 'undefined') return;
    let absoluteSeen = false;
    const update = (event: Event, absolute: boolean) => {
      if (!absolute && absoluteSeen) return;
      const value = headingFromOrientation(event as CompassEvent);
      if (value === null) return;
      if (absolute) absoluteSeen = true;
      setHeading(Math.round(value) % 360);
    };
    const onAbsolute = (event: Event) => update(event, true);
    const onPlain = (event: Event) => update(event, false);
    window.addEventListener('deviceorientationabsolute', onAbsolute);
    window.addEventListener('deviceorientation', onPlain);
    return () => {
      window.removeEventListener('deviceorientationabsolute', onAbsolute);
      window.removeEventListener('deviceorientation', onPlain);
    };
  }, []);

  const position = geo.status === 'fixed' ? { lon: geo.lon, lat: geo.lat } : null;

  const cancel = useCallback(() => {
    stopCamera();
    onCancel();
  }, [onCancel, stopCamera]);

  // Escape cancels wherever the focus is (the Dialog listens on the window).

  const capture = () => {
    const video = videoRef.current;
    if (!video || !video.videoWidth || !video.videoHeight || busy) return;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d');
    if (!context) {
      setCaptureFailed(true);
      return;
    }
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const taken = { position, heading };
    setBusy(true);
    setCaptureFailed(false);
    canvas.toBlob(
      (blob) => {
        setBusy(false);
        if (!blob) {
          setCaptureFailed(true);
          return;
        }
        stopCamera();
        setVideoReady(false);
        setCamera({ status: 'captured' });
        onCapture({ blob, ...taken });
      },
      'image/jpeg',
      0.92,
    );
  };

  const retake = () => {
    setCamera({ status: 'starting' });
    setCameraRun((run) => run + 1);
  };

  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) onCapture({ blob: file, position, heading });
  };

  const enableCompass = () => {
    const request = orientationPermission();
    if (!request) return;
    request.call(DeviceOrientationEvent).then(
      (answer) => setCompass(answer === 'granted' ? 'idle' : 'denied'),
      () => setCompass('denied'),
    );
  };

  const failed = camera.status === 'failed';
  const distance = before.position && position ? distanceMeters(before.position, position) : null;
  const verdict = distanceVerdict(distance, geo.status === 'fixed' ? geo.accuracy : null, maxDistanceMeters);
  const turn = headingVerdict(heading, before.bearing);

  // On the body, above the app header and every panel (a fixed view inside a panel stays under the header),
  // and Back closes it without leaving the task.
  return createPortal(
    <Dialog
      className="capture-view"
      labelledBy={titleId}
      describedBy={hintId}
      testId="capture-view"
      onClose={cancel}
      closeOnBack
    >
      <header className="capture-header">
        <div className="capture-heading">
          <h2 id={titleId} className="capture-title">
            {t('capture.title')}
          </h2>
          <p id={hintId} className="capture-hint">
            {t('capture.hint')}
          </p>
        </div>
        <button type="button" className="capture-cancel" onClick={cancel}>
          {t('capture.cancel')}
        </button>
      </header>

      <p className="capture-reference" data-testid="capture-reference">
        {before.referenceObject
          ? t('capture.referenceObject', { name: before.referenceObject })
          : t('capture.noReferenceObject')}
      </p>

      <div className={`capture-stage${failed ? ' is-fallback' : ''}`}>
        {!failed && (
          <video
            ref={videoRef}
            className="capture-video"
            playsInline
            muted
            autoPlay
            aria-label={t('capture.cameraLabel')}
            onLoadedMetadata={() => setVideoReady(true)}
          />
        )}
        {(failed || ghostVisible) && (
          <img
            className={failed ? 'capture-before' : 'capture-ghost'}
            src={before.urls.display}
            alt={failed ? t('capture.beforeAlt') : t('capture.ghostAlt')}
            style={failed ? undefined : { opacity: ghostOpacity }}
            draggable={false}
          />
        )}
        {camera.status === 'starting' && <p className="capture-stage-note">{t('capture.cameraStarting')}</p>}
        {camera.status === 'captured' && <p className="capture-stage-note">{t('capture.captured')}</p>}
      </div>

      <div className="capture-status" aria-live="polite">
        {!before.position ? (
          <p className="capture-note">{t('capture.noBeforePosition')}</p>
        ) : geo.status === 'denied' ? (
          <p className="capture-note">{t('capture.locationDenied')}</p>
        ) : geo.status === 'unavailable' ? (
          <p className="capture-note">{t('capture.locationUnavailable')}</p>
        ) : geo.status === 'waiting' || verdict.kind === 'unknown' ? (
          <p className="capture-note">{t('capture.locating')}</p>
        ) : (
          <p className={`capture-distance is-${verdict.kind}`} data-testid="capture-distance">
            {verdict.kind === 'far'
              ? t('capture.distanceFar', { meters: verdict.meters, max: maxDistanceMeters })
              : t('capture.distance', { meters: verdict.meters })}
            {verdict.accuracy !== null && (
              <span className="capture-accuracy">{t('capture.accuracy', { meters: verdict.accuracy })}</span>
            )}
            {verdict.imprecise && <span className="capture-accuracy">{t('capture.imprecise')}</span>}
          </p>
        )}
        {turn && (
          <p className={`capture-direction is-${turn.turn}`} data-testid="capture-direction">
            {turn.turn === 'aligned'
              ? t('capture.headingAligned', { degrees: turn.degrees })
              : turn.turn === 'left'
                ? t('capture.headingLeft', { degrees: turn.degrees })
                : t('capture.headingRight', { degrees: turn.degrees })}
          </p>
        )}
        {before.bearing !== null && heading === null && compass === 'needs-permission' && (
          <button type="button" className="capture-secondary" onClick={enableCompass}>
            {t('capture.enableCompass')}
          </button>
        )}
        {before.bearing !== null && compass === 'denied' && (
          <p className="capture-note">{t('capture.compassDenied')}</p>
        )}
      </div>

      {failed ? (
        <div className="capture-controls capture-fallback">
          <Message tone="error">
            {camera.reason === 'unsupported'
              ? t('capture.cameraUnsupported')
              : camera.reason === 'denied'
                ? t('capture.cameraDenied')
                : camera.reason === 'missing'
                  ? t('capture.cameraMissing')
                  : t('capture.cameraFailed')}
            <span className="capture-fallback-hint">{t('capture.fallbackHint')}</span>
          </Message>
          <label className="capture-shutter capture-file">
            {t('capture.pickFile')}
            <input
              className="capture-file-input"
              type="file"
              accept="image/*"
              capture="environment"
              onChange={pickFile}
            />
          </label>
        </div>
      ) : (
        <div className="capture-controls">
          <div className="capture-ghost-controls">
            <button
              type="button"
              className="capture-secondary"
              aria-pressed={ghostVisible}
              onClick={() => setGhostVisible((visible) => !visible)}
            >
              {t('capture.showGhost')}
            </button>
            <Field label={t('capture.ghostOpacity')}>
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={ghostOpacity}
                disabled={!ghostVisible}
                onChange={(event) => setGhostOpacity(Number(event.target.value))}
              />
            </Field>
          </div>
          {captureFailed && <Message tone="error">{t('capture.captureFailed')}</Message>}
          {/* One button that turns into "retake", so the focus stays on it. */}
          <button
            type="button"
            className="capture-shutter"
            onClick={camera.status === 'captured' ? retake : capture}
            disabled={camera.status !== 'captured' && (camera.status !== 'live' || !videoReady || busy)}
          >
            {camera.status === 'captured' ? t('capture.retake') : t('capture.shoot')}
          </button>
        </div>
      )}
    </Dialog>,
    document.body,
  );
}
