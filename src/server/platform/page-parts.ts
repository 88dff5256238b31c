import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One file of the build manifest (Vite's `.vite/manifest.json`, written by `vite build`). */
interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The built files of some lazily loaded parts: scripts and stylesheets, by their address. */
export interface PartFiles {
  scripts: string[];
  styles: string[];
}

/**
 * The files that lazily loaded parts of the app need, from the build's manifest (null without one: a build of
 * before, or none), without those the HTML names already: `files(['src/app/zone-panel.tsx'])` is what the browser
 * fetches when the zone panel first opens.
 */
export function readPartFiles(staticDir: string): ((sources: readonly string[]) => PartFiles) | null {
  const file = path.join(staticDir, '.vite', 'manifest.json');
  if (!existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  const closure = (keys: readonly string[], into = new Set<string>()) => {
    for (const key of keys) {
      if (into.has(key) || !manifest[key]) continue;
      into.add(key);
      closure(manifest[key].imports ?? [], into);
    }
    return into;
  };
  const first = closure(['index.html']);
  return (sources) => {
    const keys = [...closure(sources)].filter((key) => !first.has(key));
    return {
      scripts: keys.map((key) => `/${manifest[key]!.file}`),
      styles: [...new Set(keys.flatMap((key) => manifest[key]!.css ?? []))].map((css) => `/${css}`),
    };
  };
}
