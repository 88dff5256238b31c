import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';
import { initI18n, switchLanguage } from './i18n';

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  );
const base = (key: string) => key.replace(/_(one|other|zero|two|few|many)$/, '');

const srcFolder = fileURLToPath(new URL('../', import.meta.url));
function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('translations', () => {
  const zhKeys = new Set(flatten(zhCN as Tree).map(base));
  const enKeys = new Set(flatten(en as Tree).map(base));

  it('zh-CN and English have the same keys', () => {
    expect([...zhKeys].filter((key) => !enKeys.has(key))).toEqual([]);
    expect([...enKeys].filter((key) => !zhKeys.has(key))).toEqual([]);
  });

  it('every key the components use exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(srcFolder)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => !zhKeys.has(key))).toEqual([]);
  });

  it('speaks Chinese by default and English on request, with plurals', async () => {
    const i18n = initI18n('zh-CN');
    expect(i18n.t('panel.leadUnit')).toBe('牵头单位');
    await switchLanguage(i18n, 'en');
    expect(i18n.t('panel.leadUnit')).toBe('Lead unit');
    expect(i18n.t('panel.daysLate', { count: 1 })).toBe('1 day overdue');
    expect(i18n.t('panel.daysLate', { count: 3 })).toBe('3 days overdue');
  });
});
