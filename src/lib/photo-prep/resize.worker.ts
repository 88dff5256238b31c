/// <reference lib="webworker" />
import { fitWithin, RESIZE_LONG_EDGE, RESIZE_QUALITY } from './prepare-photo-rules';

/*
 * Resizes a photo off the main thread (docs/field.md): decoded upright (EXIF orientation applied), drawn on an
 * OffscreenCanvas at most RESIZE_LONG_EDGE pixels on its long edge, encoded as JPEG. Answers { blob } or { error }.
 */
self.onmessage = async (event: MessageEvent<{ file: Blob }>) => {
  try {
    const bitmap = await createImageBitmap(event.data.file, { imageOrientation: 'from-image' });
    const size = fitWithin(bitmap.width, bitmap.height, RESIZE_LONG_EDGE);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    bitmap.close();
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: RESIZE_QUALITY });
    (self as unknown as Worker).postMessage({ blob });
  } catch (error) {
    (self as unknown as Worker).postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
