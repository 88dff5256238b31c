import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPartFiles } from './page-parts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function buildWith(manifest: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jinxi-parts-'));
  dirs.push(dir);
  if (manifest !== undefined) {
    mkdirSync(path.join(dir, '.vite'));
    writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
  }
  return dir;
}

describe('the files of lazily loaded parts, from the build manifest', () => {
  it("names a part's scripts and stylesheets with those they import, without what the HTML loads already", () => {
    const files = readPartFiles(
      buildWith({
        'index.html': { file: 'assets/index-1.js', isEntry: true, imports: ['_react-2.js', '_shared-3.js'] },
        '_react-2.js': { file: 'assets/react-2.js' },
        '_shared-3.js': { file: 'assets/shared-3.js', imports: ['_react-2.js'] },
        'src/app/zone-panel.tsx': {
          file: 'assets/zone-panel-4.js',
          isDynamicEntry: true,
          imports: ['_react-2.js', 'index.html', '_photos-5.js', '_format-6.js'],
          css: ['assets/zone-panel-4.css'],
        },
        '_photos-5.js': {
          file: 'assets/photos-5.js',
          imports: ['_format-6.js', '_shared-3.js'],
          css: ['assets/photos-5.css'],
        },
        '_format-6.js': { file: 'assets/format-6.js' },
        'src/lib/locales/zh-CN.more.json': { file: 'assets/zh-CN.more-7.js', isDynamicEntry: true },
        'src/app/other-pages.tsx': { file: 'assets/other-pages-8.js', isDynamicEntry: true },
      }),
    )!;
    expect(files(['src/app/zone-panel.tsx', 'src/lib/locales/zh-CN.more.json'])).toEqual({
      scripts: ['/assets/zone-panel-4.js', '/assets/photos-5.js', '/assets/format-6.js', '/assets/zh-CN.more-7.js'],
      styles: ['/assets/zone-panel-4.css', '/assets/photos-5.css'],
    });
    // A part the build does not have names nothing (a source moved since: the preload is only lost, never wrong).
    expect(files(['src/app/no-such-part.tsx'])).toEqual({ scripts: [], styles: [] });
  });

  it('is null without a manifest (a build without one): the pages then name only their reads', () => {
    expect(readPartFiles(buildWith(undefined))).toBeNull();
  });
});
