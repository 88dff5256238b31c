import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';

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

/**
 * i18next with zh-CN as the default and English as the switch. Only Chinese is in the first
 * JavaScript; English is fetched the first time it is chosen (see `switchLanguage`).
 */
export function initI18n(language: Language = 'zh-CN') {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN } },
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
  return instance;
}

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
