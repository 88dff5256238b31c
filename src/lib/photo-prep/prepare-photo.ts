import { EXIFR_OPTIONS, photoExifFromTags } from '../../shared/photos/exif';
import type { SentExif } from '../../shared/photos/photo';
import { isHeic, RESIZE_LONG_EDGE, shouldResize } from './prepare-photo-rules';

/** A photo ready to upload: the file to send (resized or the original) and the EXIF read from the original. */
export interface PreparedPhoto {
  blob: Blob;
  name: string;
  /** The original's EXIF when the file sent lost it by resizing; null when the file keeps its own. */
  exif: SentExif | null;
}

/** EXIF (time, GPS, bearing) of the original, read on the phone with the server's rules (shared/photos/exif.ts). */
export async function readOriginalExif(file: Blob | ArrayBuffer | Uint8Array): Promise<SentExif> {
  // The lite build: all the phone needs, and no Node require() for the bundler to shim into the first JavaScript.
  const { default: exifr } = await import('exifr/dist/lite.esm.mjs');
  try {
    const source = file instanceof Blob ? await file.arrayBuffer() : file;
    return photoExifFromTags((await exifr.parse(source, EXIFR_OPTIONS)) as Record<string, unknown> | undefined);
  } catch {
    return { takenAt: null, position: null, bearing: null };
  }
}

function resizeInWorker(file: Blob): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./resize.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ blob?: Blob; error?: string }>) => {
      worker.terminate();
      if (event.data.blob) resolve(event.data.blob);
      else reject(new Error(event.data.error ?? 'resize failed'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage({ file });
  });
}

/**
 * Photos for weak links (docs/field.md): read the original's EXIF first, then resize in a worker to at most
 * 2,560 px on the long edge, JPEG ~0.85; the EXIF goes with the upload. HEIC, small files and browsers without
 * OffscreenCanvas send the original as it is (its EXIF inside).
 */
export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  const original = { blob: file as Blob, name: file.name, exif: null };
  if (isHeic(file) || typeof OffscreenCanvas === 'undefined' || typeof Worker === 'undefined') return original;
  try {
    const bitmap = await createImageBitmap(file);
    const { width, height } = bitmap;
    bitmap.close();
    if (!shouldResize(file, width, height)) return original;
    const exif = await readOriginalExif(file);
    const blob = await resizeInWorker(file);
    // Resizing did not help (a small, well-compressed file): send the original.
    if (blob.size >= file.size && Math.max(width, height) <= RESIZE_LONG_EDGE) return original;
    return { blob, name: file.name.replace(/\.[^.]*$/, '') + '.jpg', exif };
  } catch {
    return original;
  }
}
