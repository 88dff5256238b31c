import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The README and docs/ name files and folders of this repository in backticks and links; this keeps every such
 * name true after code moves. Paths inside other projects (e.g. QGIS's source, cited in docs/gis.md) do not
 * start with one of this repository's top folders and are not checked.
 */
const ROOT = new URL('../', import.meta.url);
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const known = new Set<string>(tracked);
for (const file of tracked) {
  const parts = file.split('/');
  for (let index = 1; index < parts.length; index++) known.add(parts.slice(0, index).join('/'));
}
const documents = tracked.filter((file) => file === 'README.md' || /^(docs|data)\/[^/]+\.md$/.test(file));
const TOP = '(?:src/(?:server|shared|app|features|data|lib|ui|map|styles|testing)|tests|bench|scripts|data|docs)';
const PATH = new RegExp(`(?<![\\w/.-])(${TOP}/[\\w./-]*[\\w])`, 'g');

describe('paths named in the README and docs/', () => {
  it('finds the documents', () => {
    expect(documents).toContain('README.md');
    expect(documents).toContain('docs/architecture.md');
  });

  it.each(documents)('%s names only files and folders that exist', (document) => {
    const text = readFileSync(new URL(document, ROOT), 'utf8');
    const missing = [...text.matchAll(PATH)]
      .map((match) => match[1]!.replace(/\/$/, ''))
      .filter((name) => !/[*<>{}]/.test(name) && !/^tests\/src\//.test(name) && !known.has(name));
    expect(missing, `${document} names paths that do not exist`).toEqual([]);
  });
});
