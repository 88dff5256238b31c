/** Photos for weak links (docs/field.md): the long edge a phone resizes to before uploading, and the JPEG quality. */
export const RESIZE_LONG_EDGE = 2560;
export const RESIZE_QUALITY = 0.85;
/** Smaller files than this, already within the long edge, are sent as they are (their EXIF stays in the file). */
export const RESIZE_ABOVE_BYTES = 1_500_000;

/** The size within `maxEdge` on the long side, keeping the aspect ratio; never enlarged. */
export function fitWithin(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Whether a file is HEIC/HEIF (most browsers cannot decode it: it goes as it is, the server decodes it). */
export const isHeic = (file: { type: string; name?: string }) =>
  /image\/hei[cf]/i.test(file.type) || /\.(heic|heif)$/i.test(file.name ?? '');

/** Whether to resize: not HEIC, and larger than the edge or than RESIZE_ABOVE_BYTES. */
export function shouldResize(file: { type: string; name?: string; size: number }, width: number, height: number) {
  if (isHeic(file)) return false;
  return Math.max(width, height) > RESIZE_LONG_EDGE || file.size > RESIZE_ABOVE_BYTES;
}
