import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

export interface InitialJavaScript {
  files: { file: string; bytes: number; gzipBytes: number }[];
  totalGzipBytes: number;
}

/**
 * The JavaScript a browser must fetch before the map page can paint: the entry script, its
 * modulepreload links and the maplibre worker. Lazy chunks (deck.gl …) are not counted.
 */
export function measureInitialJavaScript(distFolder: string): InitialJavaScript {
  const html = readFileSync(path.join(distFolder, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.m?js)"/g)].map((match) => match[1]!);
  const worker = readdirSync(path.join(distFolder, 'assets')).filter((file) =>
    /^maplibre-gl-worker.*\.mjs$/.test(file),
  );
  const files = [...new Set([...referenced, ...worker.map((file) => `assets/${file}`)])].map((file) => {
    const content = readFileSync(path.join(distFolder, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return { files, totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}
