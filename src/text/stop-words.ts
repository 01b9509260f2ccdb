import { createRequire } from 'node:module';

/** Stop words per language (ISO 639-1), from the stopwords-iso lists; English when the language is unknown. */
const lists = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;
const cache = new Map<string, ReadonlySet<string>>();

export function stopWords(language: string | null | undefined): ReadonlySet<string> {
  const lang = language && lists[language] ? language : 'en';
  let set = cache.get(lang);
  if (!set) {
    set = new Set(lists[lang]);
    cache.set(lang, set);
  }
  return set;
}
