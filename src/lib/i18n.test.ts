import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import en from './locales/en.json';
import { initI18n, loadMoreTexts, switchLanguage, zhCN as zhCore, zhMoreTexts } from './i18n';
import { CASE_ACTION_REFUSALS } from '../shared/cases/case';
import { NOTIFICATION_KINDS, RECIPIENTS } from '../shared/notifications/notification';

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

const zhMore = await zhMoreTexts();
const zhCN = { ...zhCore, ...zhMore };

describe('translations', () => {
  it('splits the Chinese texts without overlap: first-paint texts and those loaded with their parts', () => {
    expect(Object.keys(zhCore).filter((key) => key in zhMore)).toEqual([]);
  });

  it('adds the texts of lazily loaded parts to running instances and to later ones', async () => {
    const running = initI18n('zh-CN');
    expect(running.exists('editor.newTitle')).toBe(false);
    await loadMoreTexts();
    expect(running.t('editor.newTitle')).toBe('新建整治区域');
    expect(running.t('panel.leadUnit')).toBe('牵头单位');
    expect(initI18n('zh-CN').t('flood.components.01072')).toBe('排水泵站');
  });

  const zhKeys = new Set(flatten(zhCN as Tree).map(base));
  const enKeys = new Set(flatten(en as Tree).map(base));

  it('zh-CN and English have the same keys', () => {
    expect([...zhKeys].filter((key) => !enKeys.has(key))).toEqual([]);
    expect([...enKeys].filter((key) => !zhKeys.has(key))).toEqual([]);
  });

  it('words every refusal of a case action, so the cases page never shows the server’s English detail', () => {
    const missing = CASE_ACTION_REFUSALS.map((refusal) => `casesPage.refusal.${refusal}`).filter(
      (key) => !zhKeys.has(key),
    );
    expect(missing).toEqual([]);
  });

  it('words every notification kind and recipient on the office’s settings page', () => {
    const keys = [
      ...NOTIFICATION_KINDS.map((kind) => `notifySettings.events.${kind}`),
      ...RECIPIENTS.map((recipient) => `notifySettings.recipients.${recipient}`),
    ];
    expect(keys.filter((key) => !zhKeys.has(key))).toEqual([]);
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
