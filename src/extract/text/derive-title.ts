/**
 * A title for a text that states none. It is a label made of the names the article mentions most
 * ("Gaza, Biden, Netanyahu"), not a shortened first sentence: a truncated lede would pass for a
 * headline the outlet never wrote and would repeat the first words of the text the reader sees
 * anyway. Scripts without letter case have no capitalised names; there the lede's first words
 * are the fallback, cut at a word boundary and marked with an ellipsis.
 */

// ---- Tunables -------------------------------------------------------------------------------

/** Only the start of the article is read: names that matter appear early. */
const SAMPLE_CHARS = 20_000;
/** How many names make the label. */
const LABEL_NAMES = 3;
/** A name must be mentioned at least this often to be in the label. */
const MIN_NAME_MENTIONS = 2;
/** The label needs at least this many names, else the lede fallback is used. */
const MIN_LABEL_NAMES = 2;
/** The lede fallback keeps at most this many words. */
const FALLBACK_MAX_WORDS = 12;

/** Capitalised words that start sentences or name days and months, never a topic. */
const NOT_NAMES = new Set(
  (
    'a an the this that these those it its he she they we i you his her their our my your there here ' +
    'in on at for with as by from to of into after before since during while when where if but and or so yet ' +
    'according however meanwhile also although though despite following earlier later today yesterday tomorrow ' +
    'what who why how which mr mrs ms ' +
    'monday tuesday wednesday thursday friday saturday sunday ' +
    'january february march april may june july august september october november december'
  ).split(' '),
);
/** Small words that may sit inside a name ("Ministry of Health", "Abu al-Quds"). */
const NAME_JOINERS = new Set(['of', 'de', 'del', 'da', 'al', 'bin', 'van', 'von', 'der', 'la', 'le']);
const POSSESSIVE = /['’]s$/u;
const INITIALS = /^(?:\p{L}\.)+\p{L}$/u;

/** A token without surrounding punctuation or possessive ("“Israel’s”" → "Israel"); "U.S." stays. */
function bareWord(token: string): string {
  const word = token.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}]+$/u, '');
  return INITIALS.test(word) ? `${word}.` : word.replace(POSSESSIVE, '');
}

export interface DerivedTitle {
  title: string;
  how: string;
}

function isCapitalised(word: string): boolean {
  const first = word[0] ?? '';
  return first !== first.toLowerCase();
}

/** Capitalised names in order of first mention, with their counts. */
function countNames(sample: string): Map<string, number> {
  const raw = sample.split(/\s+/u).filter(Boolean);
  const lowerSeen = new Set(raw.map(bareWord).filter((w) => w && !isCapitalised(w)));
  const counts = new Map<string, number>();
  let current: string[] = [];
  let sentenceStart = true;
  const flush = (): void => {
    while (current.length > 0 && NAME_JOINERS.has(current[current.length - 1]!)) current.pop();
    if (current.length > 0) {
      const name = current.join(' ');
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    current = [];
  };
  for (const token of raw) {
    const word = bareWord(token);
    const opensWithPunctuation = /^[^\p{L}\p{N}]/u.test(token);
    if (opensWithPunctuation) flush();
    const startsSentence = sentenceStart;
    sentenceStart = /[.!?]["'”’)]*$/u.test(token);
    const lower = word.toLowerCase();
    const nameWord =
      word.length > 0 &&
      isCapitalised(word) &&
      !NOT_NAMES.has(lower) &&
      !(startsSentence && lowerSeen.has(lower));
    if (nameWord) current.push(word);
    else if (current.length > 0 && NAME_JOINERS.has(word)) current.push(word);
    else flush();
    if (/[^\p{L}\p{N}.]$/u.test(token) || sentenceStart) flush();
  }
  flush();
  return counts;
}

/** Keeps the most mentioned names, skipping one that is part of a name already kept. */
function topNames(counts: Map<string, number>): string[] {
  const ranked = [...counts.entries()].filter(([, n]) => n >= MIN_NAME_MENTIONS).sort((a, b) => b[1] - a[1]);
  const kept: string[] = [];
  for (const [name] of ranked) {
    const words = new Set(name.split(' '));
    if (kept.some((k) => k.split(' ').some((w) => words.has(w)))) continue;
    kept.push(name);
    if (kept.length === LABEL_NAMES) break;
  }
  return kept;
}

function ledeWords(text: string): string | null {
  const firstSentence = /^.*?[.!?。！？](?=\s|$)/u.exec(text.slice(0, 1000))?.[0] ?? text.slice(0, 1000);
  const words = firstSentence.split(/\s+/u).filter(Boolean);
  if (words.length === 0) return null;
  if (words.length <= FALLBACK_MAX_WORDS) return words.join(' ');
  return `${words.slice(0, FALLBACK_MAX_WORDS).join(' ')}…`;
}

/** A title for an article whose text states none, or null when not even that can be made. */
export function deriveTitle(bodyText: string): DerivedTitle | null {
  const names = topNames(countNames(bodyText.slice(0, SAMPLE_CHARS)));
  if (names.length >= MIN_LABEL_NAMES) {
    return { title: names.join(', '), how: `title derived from the names the text mentions most (${names.length})` };
  }
  const lede = ledeWords(bodyText);
  return lede ? { title: lede, how: 'title derived from the first words of the text (no recurring names to label it by)' } : null;
}
