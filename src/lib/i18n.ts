import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCore from './locales/zh-CN.json';
import { ROLE_NAMES } from '../shared/admin/role-names';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'jinxi.language';

export function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

type I18n = ReturnType<typeof i18next.createInstance>;
type Texts = Record<string, unknown>;

/** The first-paint Chinese texts: zh-CN.json and the words src/shared holds for server and client alike. */
export const zhCN: Texts = { ...zhCore, roles: ROLE_NAMES };

/**
 * The Chinese texts of the lazily loaded parts: zh-CN.more.json, with the audit log's words from
 * src/shared (the server's export writes the same words) under `audit`.
 */
export async function zhMoreTexts(): Promise<Texts> {
  const [more, { AUDIT_WORDS }] = await Promise.all([
    import('./locales/zh-CN.more.json'),
    import('../shared/admin/audit-words'),
  ]);
  const texts = more.default as Texts;
  return { ...texts, audit: { ...(texts.audit as Texts), ...AUDIT_WORDS } };
}

/** Instances made by initI18n, so texts loaded later reach each of them. */
const instances = new Set<I18n>();
let moreTexts: Promise<Texts> | null = null;
let loadedMoreTexts: Texts | null = null;

/**
 * The Chinese texts of the parts that load on demand (editor, flood work, history, accounts,
 * audit) are not in the first JavaScript: each lazily loaded part awaits this with its code.
 */
export function loadMoreTexts(): Promise<void> {
  moreTexts ??= zhMoreTexts().then((texts) => {
    loadedMoreTexts = texts;
    for (const instance of instances) instance.addResourceBundle('zh-CN', 'translation', loadedMoreTexts, true);
    return loadedMoreTexts;
  });
  return moreTexts.then(() => undefined);
}

/** Load a lazily loaded part's code together with the texts it speaks. */
export function withTexts<T>(load: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([load(), loadMoreTexts()]).then(([module]) => module);
}

/**
 * i18next with zh-CN as the default and English as the switch. Only Chinese is in the first
 * JavaScript; English is fetched the first time it is chosen (see `switchLanguage`).
 */
export function initI18n(language: Language = 'zh-CN') {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: loadedMoreTexts ? mergeTexts(zhCN, loadedMoreTexts) : zhCN } },
    lng: language,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
  instance.on('languageChanged', (next) => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for this page only
    }
    if (typeof document !== 'undefined') document.documentElement.lang = next;
  });
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  instances.add(instance);
  return instance;
}

const mergeTexts = (core: Texts, more: Texts): Texts => ({ ...core, ...more });

/** Load a language's texts if needed, then switch to it. */
export async function switchLanguage(instance: I18n, language: Language): Promise<void> {
  if (language === 'en' && !instance.hasResourceBundle('en', 'translation')) {
    const en = await import('./locales/en.json');
    instance.addResourceBundle('en', 'translation', en.default);
  }
  await instance.changeLanguage(language);
}

/** Pick the Chinese or English name of a data record for the current language. */
export function localName(record: { name: string; nameEn: string }, language: string): string {
  return language.startsWith('en') ? record.nameEn : record.name;
}
