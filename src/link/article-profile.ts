import { parsePublished, publishedSortKey } from '../text/dates.js';
import { stem } from '../text/stems.js';
import { stopWords } from '../text/stop-words.js';
import { wordSpans, words, type TextToken } from '../text/tokens.js';

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
  /**
   * For an undated article, the latest full date its text writes ("Nov. 16, 2017"), in days: a
   * report is seldom older than the dates it mentions. A hint only, often weeks off (anniversaries,
   * background); null when dated or when the text writes none.
   */
  hintedDay: number | null;
  /**
   * For an undated article, the month-days its text writes with or without a year ("on Nov. 16"),
   * as month·32 + day, sorted: news names the day of the event it reports, so a story dated on or
   * just after one of them is more likely its event. Empty when dated.
   */
  writtenMonthDays: Uint16Array;
  outlet: string | null;
  /** Stemmed content terms of headline and body with their counts. */
  terms: Map<string, number>;
  /** Stemmed content terms of the headline. */
  titleTerms: Set<string>;
  /**
   * Names and multi-digit figures, lower-cased, with counts: words written capitalised inside a
   * sentence (or at its start when the article also writes them so elsewhere), and each run of
   * such words as one unit too ("joe biden" beside "joe" and "biden").
   */
  names: Map<string, number>;
  /** Stemmed content terms of the headline and the opening words of the body, where news states the event. */
  leadTerms: Map<string, number>;
  /** Adjacent stemmed content-term pairs ("puerto rico", "rate hike"): phrases shared by reports of one event. */
  phrases: Map<string, number>;
  /** Lower-cased word sequence of the body, for copy detection. */
  bodyWords: string[];
  /**
   * Hashes of the word 5-grams inside quotation marks, sorted, at most QUOTE_SHINGLES: outlets
   * covering one event quote its speakers verbatim, so a shared quoted passage says "same event".
   */
  quoteShingles: Uint32Array;
}

/** Words in a shingle of a quotation. */
const QUOTE_SHINGLE_WORDS = 5;
/** Shingles kept per article (the first ones): bounds memory. */
const QUOTE_SHINGLES = 128;
/** Quoted runs longer than this are an unbalanced quotation mark, not a quote. */
const LONGEST_QUOTE_WORDS = 120;
function shingleHash(words: readonly string[], from: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < from + QUOTE_SHINGLE_WORDS; k++) {
    const w = words[k]!;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 32, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Shingles of the quoted passages: a straight quotation mark toggles, a curly one opens or
 * closes; a quote shorter than a shingle gives none.
 */
function quoteShinglesOf(text: string, spans: readonly TextToken[]): Uint32Array {
  const out = new Set<number>();
  let quoted: string[] = [];
  let inside = false;
  let previousEnd = 0;
  const close = (): void => {
    if (quoted.length <= LONGEST_QUOTE_WORDS) {
      for (let i = 0; i + QUOTE_SHINGLE_WORDS <= quoted.length && out.size < QUOTE_SHINGLES; i++) out.add(shingleHash(quoted, i));
    }
    quoted = [];
  };
  for (const span of spans) {
    for (let i = previousEnd; i < span.start; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) {
        if (inside) close();
        inside = !inside;
      } else if (c === 0x201c /* “ */) {
        if (inside) close();
        inside = true;
      } else if (c === 0x201d /* ” */) {
        if (inside) close();
        inside = false;
      } else if (c === 10 && inside && text.charCodeAt(i + 1) === 10) {
        // A paragraph break: a quote running on opens again in the next paragraph.
        close();
      }
    }
    previousEnd = span.end;
    if (inside) quoted.push(span.text.toLowerCase());
  }
  if (inside) close();
  return Uint32Array.from(out).sort();
}

/** A full date as news writes it (month name, day, year): the candidates handed to the date parser. */
const WRITTEN_DATE = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b/g;

/** The latest date written in full in the text, in days since the epoch. */
function latestWrittenDay(text: string): number | null {
  let latest: number | null = null;
  for (const m of text.matchAll(WRITTEN_DATE)) {
    const published = parsePublished(m[0]);
    if (!published) continue;
    const day = publishedSortKey(published) / MS_PER_DAY;
    if (latest === null || day > latest) latest = day;
  }
  return latest;
}

/** A month and day as news writes them, the year optional ("Nov. 16", "September 3rd"). */
const WRITTEN_MONTH_DAY = /\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? (\d{1,2})(?:st|nd|rd|th)?\b/g;
const MONTH_PREFIXES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Month-days kept per article: bounds memory. */
const MONTH_DAYS = 32;
/** What every dated article holds (shared: never written to). */
const NO_MONTH_DAYS = new Uint16Array(0);

/** The month-days written in the text, as month·32 + day (month 0–11). */
function writtenMonthDaysOf(text: string): Uint16Array {
  const out = new Set<number>();
  for (const m of text.matchAll(WRITTEN_MONTH_DAY)) {
    const day = Number(m[2]);
    if (day < 1 || day > 31) continue;
    out.add(MONTH_PREFIXES.indexOf(m[1]!.slice(0, 3).toLowerCase()) * 32 + day);
    if (out.size >= MONTH_DAYS) break;
  }
  return Uint16Array.from(out).sort();
}

/** Body words counted as the lead. */
const LEAD_WORDS = 80;

const MS_PER_DAY = 86_400_000;
const MIN_TERM_LENGTH = 2;
const CAPITALISED = /^\p{Lu}/u;
/** Characters between two words that end a sentence (or open a quotation or a new line). */
const SENTENCE_BREAK_CODES = new Set([...'.!?:;"“”\n'].map((c) => c.charCodeAt(0)));
const SPACE = /\s/;
/** Whitespace between two words keeps a run of capitalised words one name; anything else breaks it. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(String.fromCharCode(c)));
}
function isCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : CAPITALISED.test(word);
}
const FIGURE = /^\p{N}[\p{N},.]*$/u;

/** A cheap test before the Unicode figure pattern: most words start with a letter. */
function startsWithDigit(w: string): boolean {
  const c = w.charCodeAt(0);
  return (c >= 48 && c <= 57) || c > 127;
}

/** What a body word is to the profile: a stop word (or too short), a figure, or a content term with its stem. */
interface WordRole {
  lower: string;
  role: 'stop' | 'figure' | 'term';
  stem: string;
}

/** Roles of words as written, per language: one lookup per word instead of lower-casing, stop list and stem cache. */
const WORD_ROLES_LIMIT = 200_000;
const wordRoles = new Map<string, Map<string, WordRole>>();

function roleOf(word: string, language: string, stops: ReadonlySet<string>): WordRole {
  let roles = wordRoles.get(language);
  if (!roles) wordRoles.set(language, (roles = new Map()));
  let r = roles.get(word);
  if (r) return r;
  const lower = word.toLowerCase();
  if (lower.length < MIN_TERM_LENGTH || stops.has(lower)) r = { lower, role: 'stop', stem: '' };
  else if (startsWithDigit(word) && FIGURE.test(word)) r = { lower, role: 'figure', stem: '' };
  else r = { lower, role: 'term', stem: stem(lower, language) };
  if (roles.size >= WORD_ROLES_LIMIT) roles.clear();
  roles.set(word, r);
  return r;
}

function addCount(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * Names of `text` into `names`. A capitalised word opening a sentence is a name only if the text
 * also capitalises it inside a sentence ("Trump said" yes, "Officials said" no).
 */
function addNames(text: string, spans: readonly TextToken[], stops: ReadonlySet<string>, names: Map<string, number>): void {
  const runs: { words: string[]; atStart: boolean }[] = [];
  const inside = new Set<string>();
  let run: { words: string[]; atStart: boolean } | null = null;
  let previousEnd = 0;
  let sentenceStart = true;
  for (const span of spans) {
    // The characters between the two words, read in place (no slice: this runs for every word).
    let nameBreak = false;
    for (let i = previousEnd; i < span.start; i++) {
      const c = text.charCodeAt(i);
      if (SENTENCE_BREAK_CODES.has(c)) sentenceStart = true;
      if (!nameBreak && !isSpace(c)) nameBreak = true;
    }
    previousEnd = span.end;
    if (isCapitalised(span.text)) {
      const lower = span.text.toLowerCase();
      if (!sentenceStart) inside.add(lower);
      if (run && !nameBreak && !sentenceStart) run.words.push(lower);
      else runs.push((run = { words: [lower], atStart: sentenceStart }));
    } else run = null;
    sentenceStart = false;
  }
  for (const r of runs) {
    const kept = r.atStart && !inside.has(r.words[0]!) ? r.words.slice(1) : r.words;
    const named = kept.filter((w) => w.length >= MIN_TERM_LENGTH && !stops.has(w));
    for (const w of named) addCount(names, w);
    if (named.length >= 2) addCount(names, named.join(' '));
  }
}

/** Languages told apart by their stop words when the article does not say its own. */
const GUESSED_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'];
/** Words looked at to guess. */
const GUESS_WORDS = 200;
/** Share of English stop words above which a text is taken for English at once (English prose runs at 40–50 %). */
const ENGLISH_SHARE = 0.3;

/**
 * The language whose stop words the opening words use most: a cheap guess (no trigram model) for
 * mixed-language streams whose records do not say, so that French function words do not make
 * two French articles look alike.
 */
function guessLanguage(spans: readonly TextToken[]): string {
  let best = 'en';
  let bestHits = 0;
  const opening = spans.slice(0, GUESS_WORDS).map((s) => s.text.toLowerCase());
  const english = stopWords('en');
  // Most of a stream is English: a text that reads as English needs no other list.
  if (opening.filter((w) => english.has(w)).length >= opening.length * ENGLISH_SHARE) return 'en';
  for (const language of GUESSED_LANGUAGES) {
    const stops = stopWords(language);
    let hits = 0;
    for (const w of opening) if (stops.has(w)) hits++;
    // English wins ties: other lists share many short words with it.
    if (hits > bestHits * 1.2) {
      best = language;
      bestHits = hits;
    }
  }
  return best;
}

export function profileArticle(article: LinkableArticle): ArticleProfile {
  // One tokenisation serves names (which need the text between words), terms and the language guess.
  const spans = wordSpans(article.text);
  const language = article.language ?? guessLanguage(spans);
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
  addNames(article.text, spans, stops, names);
  for (const { text: w } of spans) {
    const { lower, role, stem: s } = roleOf(w, language, stops);
    bodyWords.push(lower);
    if (role !== 'term') {
      if (role === 'figure' && w.length >= 2) addCount(names, w);
      previous = null;
      continue;
    }
    addCount(terms, s);
    if (bodyWords.length <= LEAD_WORDS) addCount(leadTerms, s);
    if (previous !== null) addCount(phrases, `${previous} ${s}`);
    previous = s;
  }

  return {
    id: article.id,
    day: article.published === null ? null : article.published / MS_PER_DAY,
    hintedDay: article.published === null ? latestWrittenDay(`${title}\n${article.text}`) : null,
    writtenMonthDays: article.published === null ? writtenMonthDaysOf(`${title}\n${article.text}`) : NO_MONTH_DAYS,
    outlet: article.outlet,
    terms,
    titleTerms,
    names,
    leadTerms,
    phrases,
    bodyWords,
    quoteShingles: quoteShinglesOf(article.text, spans),
  };
}
