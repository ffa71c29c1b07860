// The UI's language: Swedish unless the person (or the config) chooses English. The
// choice is remembered in this browser profile.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { dictionaries, type Lang, type Strings } from './strings';

interface I18n {
  lang: Lang;
  t: Strings;
  setLang(lang: Lang): void;
  /** The config's language, used unless the person has chosen one here. */
  adoptDefault(lang: Lang): void;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'lita-reserv.lang';

function storedLang(): Lang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'sv' || v === 'en' ? v : null;
  } catch {
    return null; // storage disabled: fall back to the default
  }
}

export function I18nProvider({ children, defaultLang }: { children: ReactNode; defaultLang: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => storedLang() ?? defaultLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not remembered; the choice still holds for this page
    }
  }, []);
  const adoptDefault = useCallback((l: Lang) => {
    if (!storedLang()) setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, t: dictionaries[lang], setLang, adoptDefault }), [lang, setLang, adoptDefault]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
