import { stem } from '../text/stems.js';
import { stopWords } from '../text/stop-words.js';
import { words } from '../text/tokens.js';

/**
 * What linking needs to know about one article, computed once when it arrives: stemmed content
 * terms (headline counted apart), the names and figures it mentions, when it was published, and
 * its outlet. Pure: the same article always gives the same profile.
 */

/** An article as linking sees it: any source can produce this (store, JSONL batch). */
export interface LinkableArticle {
  id: string;
  title: string | null;
  text: string;
  /** Publication time in ms since the epoch, or null when undated. */
  published: number | null;
  outlet: string | null;
  language?: string | null;
}

export interface ArticleProfile {
  id: string;
  /** Days since the epoch (fractional), or null when undated. */
  day: number | null;
  outlet: string | null;
  /** Stemmed content terms of headline and body with their counts. */
  terms: Map<string, number>;
  /** Stemmed content terms of the headline. */
  titleTerms: Set<string>;
  /** Capitalised names and multi-digit figures, lower-cased, with counts. */
  names: Map<string, number>;
  /** Stemmed content terms of the headline and the opening words of the body, where news states the event. */
  leadTerms: Map<string, number>;
  /** Adjacent stemmed content-term pairs ("puerto rico", "rate hike"): phrases shared by reports of one event. */
  phrases: Map<string, number>;
  /** Lower-cased word sequence of the body, for copy detection. */
  bodyWords: string[];
}

/** Body words counted as the lead. */
const LEAD_WORDS = 80;

const MS_PER_DAY = 86_400_000;
const MIN_TERM_LENGTH = 2;
/** Words that open sentences or headlines capitalised without being names. */
const LEADING_CAPITAL = /^\p{Lu}/u;
const FIGURE = /^\p{N}[\p{N},.]*$/u;

function addCount(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export function profileArticle(article: LinkableArticle): ArticleProfile {
  const language = article.language ?? 'en';
  const stops = stopWords(language);
  const terms = new Map<string, number>();
  const titleTerms = new Set<string>();
  const names = new Map<string, number>();

  const leadTerms = new Map<string, number>();
  const phrases = new Map<string, number>();
  let previous: string | null = null;

  const title = article.title ?? '';
  for (const w of words(title)) {
    const lower = w.toLowerCase();
    if (lower.length < MIN_TERM_LENGTH || stops.has(lower)) continue;
    const s = stem(lower, language);
    titleTerms.add(s);
    addCount(terms, s);
    addCount(leadTerms, s);
  }

  const bodyWords: string[] = [];
  for (const w of words(article.text)) {
    const lower = w.toLowerCase();
    bodyWords.push(lower);
    if (lower.length < MIN_TERM_LENGTH || stops.has(lower)) {
      previous = null;
      continue;
    }
    if (FIGURE.test(w)) {
      if (w.length >= 2) addCount(names, w);
      previous = null;
      continue;
    }
    const s = stem(lower, language);
    addCount(terms, s);
    if (bodyWords.length <= LEAD_WORDS) addCount(leadTerms, s);
    if (previous !== null) addCount(phrases, `${previous} ${s}`);
    previous = s;
    if (LEADING_CAPITAL.test(w)) addCount(names, lower);
  }

  return {
    id: article.id,
    day: article.published === null ? null : article.published / MS_PER_DAY,
    outlet: article.outlet,
    terms,
    titleTerms,
    names,
    leadTerms,
    phrases,
    bodyWords,
  };
}
