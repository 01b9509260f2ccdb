import { stemmer } from 'stemmer';

/**
 * Stemming, written once: Porter's English stemmer for English (and unknown) text; other
 * languages keep the lower-cased word, which loses little for matching news about one event.
 * Stems are cached: news vocabulary repeats heavily, and stemming dominates feature building.
 */
const MAX_CACHE = 200_000;
const cache = new Map<string, string>();

export function stem(word: string, language: string | null = 'en'): string {
  if (language && language !== 'en') return word;
  let s = cache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(word, s);
  }
  return s;
}
