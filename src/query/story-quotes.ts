import type { StoryArticleText } from '../store/store.js';
import { publishedSortKey } from '../text/dates.js';
import { stem } from '../text/stems.js';
import { stopWords } from '../text/stop-words.js';
import { wordTokens } from '../text/tokens.js';
import { articleLabel } from './article-label.js';

/**
 * A story's direct quotes, grouped by speaker: each quote once, with every outlet that carried
 * it; a quote carried in different words (cut, extended, altered, reworded) is flagged as a
 * variant and shown in its earliest version. Quotes are matched on normalised words (lower-cased,
 * stemmed), whoever the analysis named as speaker, so one quote credited to "Oakes" in one article
 * and "he" in another is still one quote.
 */

/**
 * Below this many words a quote is matched only word for word: "buffer zone" or "fair and
 * affordable" sit inside many longer quotes and are scare quotes, not cuts of them.
 */
const MIN_WORDS_TO_MATCH_LOOSELY = 4;
/**
 * A quote is a cut of another when this share of its words (stems, with repeats) appear in the
 * other: trimming drops words at the ends or in the middle but keeps the rest; a little slack
 * allows a changed tense or a fixed typo.
 */
const CUT_CONTAINMENT = 0.9;
/**
 * Two quotes are one quote in different words when the Dice overlap of their stem sets is at
 * least this: a translated or retyped quote keeps most content words; two different sentences of
 * one speaker on one subject rarely share more than a third.
 */
const SAME_QUOTE_OVERLAP = 0.6;
/** At this overlap or more the change is an edit ("altered"); below it, the quote was reworded. */
const ALTERED_OVERLAP = 0.8;

export type QuoteVariant = 'same' | 'cut' | 'extended' | 'altered' | 'reworded';

export interface QuoteCarrier {
  articleId: string;
  outlet: string;
  published: string | null;
  /** Set when the carrying article is a copy. */
  copyOf: string | null;
  /** How this article's words compare with the earliest version. */
  variant: QuoteVariant;
  /** The quote as this article gives it (only when it differs from the earliest version). */
  text?: string;
  /** The speaker as this article names them nearest the quote. */
  speakerText: string | null;
}

export interface StoryQuote {
  /** The earliest version's words. */
  text: string;
  /** The article that carried the earliest version. */
  firstArticleId: string;
  carriers: QuoteCarrier[];
  outlets: string[];
  /** Outlets carried it in different words. */
  variant: boolean;
}

export interface SpeakerQuotes {
  /** The corpus's name for the speaker, a description ("a senior administration official"), or null when unattributed. */
  speaker: string | null;
  quotes: StoryQuote[];
}

interface QuoteItem {
  article: StoryArticleText;
  order: number;
  time: number;
  text: string;
  words: string[];
  /** The words joined: equal keys are the same quote word for word. */
  key: string;
  stems: string[];
  stemSet: Set<string>;
  speaker: string | null;
  speakerText: string | null;
}

/** Share of `part`'s stems (with repeats) found in `whole`. */
function containment(part: readonly string[], whole: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const s of whole) counts.set(s, (counts.get(s) ?? 0) + 1);
  let found = 0;
  for (const s of part) {
    const n = counts.get(s) ?? 0;
    if (n > 0) {
      found++;
      counts.set(s, n - 1);
    }
  }
  return part.length ? found / part.length : 0;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return a.size + b.size ? (2 * shared) / (a.size + b.size) : 0;
}

/** Share of `part`'s stems that occur in `whole` at all: an upper bound of containment and of Dice, cheap to check first. */
function sharedShare(part: readonly string[], whole: ReadonlySet<string>): number {
  let n = 0;
  for (const s of part) if (whole.has(s)) n++;
  return part.length ? n / part.length : 0;
}

/** Shared distinct stems over the smaller set's size: Dice never exceeds it. */
function sharedDistinct(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const s of small) if (large.has(s)) n++;
  return small.size ? n / small.size : 0;
}

type Comparable = Pick<QuoteItem, 'key' | 'words' | 'stems' | 'stemSet'>;

/** How `other` gives the quote compared with `first`; null when they are not the same quote. */
export function compareQuotes(first: Comparable, other: Comparable): QuoteVariant | null {
  if (first.key === other.key) return 'same';
  const shorter = Math.min(first.words.length, other.words.length);
  if (shorter < MIN_WORDS_TO_MATCH_LOOSELY) return null;
  // Most pairs share few words: cheap upper bounds of containment (the shorter's words found in
  // the other at all) and of Dice (shared distinct stems over the smaller set) reject them first.
  const [small, large] = first.stems.length <= other.stems.length ? [first, other] : [other, first];
  if (sharedShare(small.stems, large.stemSet) < CUT_CONTAINMENT && sharedDistinct(first.stemSet, other.stemSet) < SAME_QUOTE_OVERLAP) return null;
  if (other.stems.length <= first.stems.length && containment(other.stems, first.stems) >= CUT_CONTAINMENT) return 'cut';
  if (first.stems.length < other.stems.length && containment(first.stems, other.stems) >= CUT_CONTAINMENT) return 'extended';
  const overlap = dice(first.stemSet, other.stemSet);
  if (overlap >= ALTERED_OVERLAP) return 'altered';
  return overlap >= SAME_QUOTE_OVERLAP ? 'reworded' : null;
}

function itemsOf(articles: readonly StoryArticleText[], person: (name: string) => string): QuoteItem[] {
  const items: QuoteItem[] = [];
  articles.forEach((article, order) => {
    const time = article.publication ? publishedSortKey(article.publication) : Infinity;
    for (const q of article.annotations?.quotes ?? []) {
      const words = wordTokens(q.text);
      if (words.length === 0) continue;
      const stems = words.map((w) => stem(w));
      items.push({ article, order, time, text: q.text.trim(), words, key: words.join(' '), stems, stemSet: new Set(stems), speaker: q.speaker ? person(q.speaker) : null, speakerText: q.speakerText });
    }
  });
  return items;
}

/** The speaker most members name, a person the articles name before a description. */
function speakerOf(members: readonly QuoteItem[], people: ReadonlySet<string>): string | null {
  const votes = new Map<string, number>();
  for (const m of members) if (m.speaker) votes.set(m.speaker, (votes.get(m.speaker) ?? 0) + (people.has(m.speaker) ? 2 : 1));
  return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

export function storyQuotes(articles: readonly StoryArticleText[], personAliases: Readonly<Record<string, string>> = {}): SpeakerQuotes[] {
  const person = (name: string): string => personAliases[name] ?? name;
  const people = new Set(articles.flatMap((a) => (a.annotations?.entities ?? []).filter((e) => e.type === 'person').map((e) => person(e.canonical))));
  const items = itemsOf(articles, person);

  // Union-find over quotes that match: a cut of a cut is still the same quote.
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const join = (i: number, j: number): void => {
    if (find(i) !== find(j)) parent[find(j)] = find(i);
  };
  const sameWords = new Map<string, number>();
  items.forEach((item, i) => {
    const seen = sameWords.get(item.key);
    if (seen === undefined) sameWords.set(item.key, i);
    else join(seen, i);
  });
  // Only quotes sharing a content word can match loosely: compare those pairs, not all of them.
  const stop = stopWords('en');
  const withStem = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (item.words.length < MIN_WORDS_TO_MATCH_LOOSELY) return;
    for (const [k, w] of item.words.entries()) {
      if (stop.has(w)) continue;
      const list = withStem.get(item.stems[k]!) ?? [];
      if (list.at(-1) !== i) list.push(i);
      withStem.set(item.stems[k]!, list);
    }
  });
  const compared = new Int32Array(items.length).fill(-1);
  items.forEach((item, i) => {
    if (item.words.length < MIN_WORDS_TO_MATCH_LOOSELY) return;
    for (const [k, w] of item.words.entries()) {
      if (stop.has(w)) continue;
      for (const j of withStem.get(item.stems[k]!) ?? []) {
        if (j <= i || compared[j] === i) continue;
        compared[j] = i;
        if (find(i) !== find(j) && compareQuotes(item, items[j]!) !== null) join(i, j);
      }
    }
  });
  const clusters = new Map<number, QuoteItem[]>();
  items.forEach((item, i) => clusters.set(find(i), [...(clusters.get(find(i)) ?? []), item]));

  const bySpeaker = new Map<string | null, StoryQuote[]>();
  for (const members of clusters.values()) {
    members.sort((a, b) => a.time - b.time || a.order - b.order);
    const first = members[0]!;
    const carriers: QuoteCarrier[] = [];
    for (const m of members) {
      // An article repeating a quote carries it once.
      if (carriers.some((c) => c.articleId === m.article.id)) continue;
      // Members joined through a chain may not match the first directly: the closest word is "reworded".
      const variant = compareQuotes(first, m) ?? 'reworded';
      carriers.push({
        articleId: m.article.id, outlet: articleLabel(m.article), published: m.article.published, copyOf: m.article.copyOf,
        variant, ...(variant === 'same' ? {} : { text: m.text }), speakerText: m.speakerText,
      });
    }
    const quote: StoryQuote = {
      text: first.text,
      firstArticleId: first.article.id,
      carriers,
      outlets: [...new Set(carriers.map((c) => c.outlet))],
      variant: carriers.some((c) => c.variant !== 'same'),
    };
    const speaker = speakerOf(members, people);
    bySpeaker.set(speaker, [...(bySpeaker.get(speaker) ?? []), quote]);
  }

  const reach = (q: StoryQuote): number => q.carriers.length;
  return [...bySpeaker.entries()]
    .map(([speaker, quotes]) => ({ speaker, quotes: quotes.sort((a, b) => reach(b) - reach(a)) }))
    .sort((a, b) => Number(a.speaker === null) - Number(b.speaker === null)
      || Math.max(...b.quotes.map(reach)) - Math.max(...a.quotes.map(reach))
      || b.quotes.length - a.quotes.length
      || (a.speaker ?? '').localeCompare(b.speaker ?? ''));
}
