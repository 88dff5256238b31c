import { create } from 'qrcode';

/*
 * QR codes (qrcode's matrix, drawn as SVG): the public site's posters (docs/public.md) and each task's code to open
 * it from a phone (docs/field.md).
 */

/**
 * A QR code as one SVG path (a square of 1 per module, in a `size`-unit box with a 4-module quiet zone): React draws
 * it, so no markup string is ever inserted into the page.
 */
export function qrPath(text: string): { path: string; size: number } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (modules.data[row * modules.size + col]) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  return { path, size: modules.size + 2 * quiet };
}

/** A QR code of `text` as an SVG image named `label` (white quiet zone, black modules, crisp at any size). */
export function QrCode({ text, label, className }: { text: string; label: string; className: string }) {
  const { path, size } = qrPath(text);
  return (
    <svg
      className={className}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
