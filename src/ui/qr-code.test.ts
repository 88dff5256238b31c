import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { qrPath } from './qr-code';

describe('the QR codes (posters, tasks)', () => {
  it('draws one square per dark module inside a 4-module quiet zone', () => {
    const text = 'https://map.example.org/public/report?lon=120.9213000&lat=31.1709000&zone=12';
    const { path, size } = qrPath(text);
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size + 8);
    const dark = modules.data.reduce((sum, bit) => sum + (bit ? 1 : 0), 0);
    expect(path.match(/M/g)).toHaveLength(dark);
    // The top-left finder pattern starts at the quiet zone's edge.
    expect(path.startsWith('M4 4h1v1h-1z')).toBe(true);
  });
});
