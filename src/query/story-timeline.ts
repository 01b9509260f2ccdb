import type { Published } from '../model/article.js';
import type { StoryArticleText } from '../store/store.js';
import { publishedSortKey } from '../text/dates.js';
import { articleLabel } from './article-label.js';

/**
 * The story's timeline: who reported first, who followed and how long after, copies folded under
 * their originals. Delays are only as precise as both dates: a day-only date against a time gives
 * "same day", never invented hours. Undated articles are listed apart, not guessed into place.
 */

const MINUTES_PER_DAY = 24 * 60;

/** How long after the first report, at the precision both dates allow. */
export interface Delay {
  /** Whole minutes; at 'day' precision a multiple of a day (0 = the same day). */
  minutes: number;
  precision: 'minute' | 'day';
}

export interface TimelineCopy {
  articleId: string;
  outlet: string;
  title: string | null;
  published: string | null;
  copyKind: string | null;
  /** After its original, when both are dated. */
  after: Delay | null;
}

export interface TimelineEntry {
  articleId: string;
  outlet: string;
  title: string | null;
  published: string | null;
  url: string | null;
  /** After the first report; null for undated articles and when a date is too coarse (month, year). */
  after: Delay | null;
  copies: TimelineCopy[];
}

export interface StoryTimeline {
  /** The original articles that may have reported first (several when their dates cannot tell them apart). */
  first: string[];
  /** Original articles with a date, in time order. */
  dated: TimelineEntry[];
  /** Original articles without a date, in the order they were placed. */
  undated: TimelineEntry[];
}

const isFine = (p: Published): boolean => p.precision === 'minute' || p.precision === 'second';
const isDay = (p: Published): boolean => p.precision === 'day';

/** The time from `from` to `to` at the coarser of their precisions; null below day precision. */
export function delayBetween(from: Published, to: Published): Delay | null {
  if (isFine(from) && isFine(to)) return { minutes: Math.round((publishedSortKey(to) - publishedSortKey(from)) / 60_000), precision: 'minute' };
  if ((isFine(from) || isDay(from)) && (isFine(to) || isDay(to))) {
    // Calendar days as each page states them: a time's own date, not shifted by a zone.
    const days = Math.round((Date.parse(to.value.slice(0, 10)) - Date.parse(from.value.slice(0, 10))) / 86_400_000);
    return { minutes: days * MINUTES_PER_DAY, precision: 'day' };
  }
  return null;
}

export function storyTimeline(articles: readonly StoryArticleText[]): StoryTimeline {
  const ids = new Set(articles.map((a) => a.id));
  // A copy whose original is not in this story stands as an original here.
  const originals = articles.filter((a) => !a.copyOf || !ids.has(a.copyOf));
  const copiesOf = new Map<string, StoryArticleText[]>();
  for (const a of articles) if (a.copyOf && ids.has(a.copyOf)) copiesOf.set(a.copyOf, [...(copiesOf.get(a.copyOf) ?? []), a]);

  const dated = originals.filter((a) => a.publication).sort((a, b) => publishedSortKey(a.publication!) - publishedSortKey(b.publication!));
  const earliest = dated[0]?.publication ?? null;

  const entry = (a: StoryArticleText): TimelineEntry => ({
    articleId: a.id,
    outlet: articleLabel(a),
    title: a.title,
    published: a.published,
    url: a.url,
    after: earliest && a.publication ? delayBetween(earliest, a.publication) : null,
    copies: (copiesOf.get(a.id) ?? []).map((c) => ({
      articleId: c.id,
      outlet: articleLabel(c),
      title: c.title,
      published: c.published,
      copyKind: c.copyKind,
      after: a.publication && c.publication ? delayBetween(a.publication, c.publication) : null,
    })),
  });
  const datedEntries = dated.map(entry);
  return {
    first: datedEntries.length === 0 ? [] : datedEntries.filter((e, i) => i === 0 || e.after?.minutes === 0).map((e) => e.articleId),
    dated: datedEntries,
    undated: originals.filter((a) => !a.publication).map(entry),
  };
}
