/**
 * What one line of plain text looks like: prose, a headline, a byline, a date, a caption, a link
 * label. Every threshold and pattern the text extractor uses sits here, Readability.js style.
 * All tests are on one line at a time and run in time linear in its length (no backtracking
 * patterns over unbounded input), because a document may be a single 50 MB line.
 */

import { parsePublished } from '../../text/dates.js';
import type { Published } from '../../model/article.js';

// ---- Tunables -------------------------------------------------------------------------------

/** A paragraph has at least this many words (and ends like a sentence). */
export const MIN_PROSE_WORDS = 8;
/** A headline has at least this many words… */
export const MIN_HEADLINE_WORDS = 3;
/** …and at most this many (news headlines: median 11, 99th percentile 18 in the allsides set)… */
export const MAX_HEADLINE_WORDS = 20;
/** …and at most this many characters. */
export const MAX_HEADLINE_CHARS = 250;
/** A section heading inside the body is shorter than a headline. */
export const MAX_HEADING_WORDS = 20;
/** A standfirst is one paragraph of at most this many words. */
export const MAX_STANDFIRST_WORDS = 80;
/** Metadata lines (byline, date, source) are short. */
export const MAX_META_WORDS = 10;
/** A caption's trailing credit "(AP)", "(Social media)" has at most this many words. */
export const MAX_CREDIT_WORDS = 8;
/** A tag is a short label. */
export const MAX_TAG_WORDS = 5;
/** Only this much of a line is looked at for letter-case statistics. */
export const CASE_SAMPLE_CHARS = 1000;
/** Prose is mostly lower-case letters; banners and menus in capitals are not. */
export const MIN_LOWERCASE_RATIO = 0.5;

export const REGEXPS = {
  /** A list bullet at the start of a line (after indentation). The em dash is left out: it opens dialogue. */
  bullet: /^(?:[•·▪◦●○■□►▸➤]|[-–*](?=\s))\s*/u,
  /** "By Jane Doe", "Written by …", "Author: …". */
  byline: /^(?:by|written by|words by|author|authors|reporting by)\s*:?\s+(\S.*)$/iu,
  /** "Source: NBC News", "Sources: Reuters, AFP", "Via: AP". */
  citedSource: /^(sources?|via)\s*:\s*(\S.*)$/iu,
  /** Names in a byline or a sources line are separated by commas, "and", "&", ";" or "/". */
  nameSeparator: /\s*(?:,|;|\/|&|\band\b)\s*/iu,
  /** "3 Min Read", "5-minute read", "Reading time: 4 minutes". */
  readingTime: /^(?:reading time\s*:?\s*)?\d{1,3}\s*[- ]?\s*min(?:ute)?s?\.?(?:\s+read(?:ing)?)?$/iu,
  /** Lines that point to other articles: "Read next: …", "Related News", "Most Read". */
  relatedLink:
    /^(?:read (?:next|more|also)|also read|see also|more on this(?: story)?|related(?: news| articles?| stories| posts?| content| coverage| reading| topics)?|recommended(?: for you)?|you (?:may|might) also like|most (?:read|popular|viewed)|trending(?: now)?|top stories)\b\s*(?:[:|>»\-–—]\s*(.*))?$/iu,
  /** "Tags: a, b", "Topics: …", "Filed under: …". */
  tagsLabel: /^(?:tags?|topics?|keywords?|filed under)\s*:\s*(.*)$/iu,
  /**
   * The same label without its colon, as tag lists under an article print it: "Topics" over a
   * list, "Tagged Port, Haulage". Only read after the body, and only over a list of short names.
   */
  tagsLabelLoose: /^(?:tags?|tagged(?: with| as| in)?|topics?|keywords?|filed under|more (?:on|about))\s*:?(?:\s+(.*))?$/iu,
  /**
   * Buttons and widgets a page dump spells out around an article: share bars, "Listen to this
   * article", "Copy link", comment counters, "Advertisement". They are never a headline.
   */
  pageAction:
    /^(?:share(?: this| on| via)?(?: (?:story|article|page|post))?|listen(?: to this (?:story|article))?|play|print(?: this (?:story|article|page))?|save(?: for later| (?:story|article))?|bookmark|copy(?: the)? link|e-?mail|(?:show |view |read )?(?:\d+ )?comments?(?: \(\d+\))?|follow(?: us)?|subscribe|sign (?:in|up)|log ?in|advert(?:isement)?|sponsored|skip to (?:main )?content|accept(?: all)?|manage preferences|menu|search)\s*:?$/iu,
  /** A copyright mark: "© 2026 Name Ltd", "Copyright (c) 2010–2026 Name"; the bare word only before a year. */
  copyright: /\bcopyright\s*(?:©|\(c\))?(?=\s*\d{4})|©|\(c\)(?=\s*\d{4})/iu,
  /** What may follow the mark before the holder's name: more marks, years, "by". */
  copyrightYears: /^[\s©]*(?:\(c\)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,]*(?:by\s+)?/iu,
  /** A date stated first on a line, before the text ("date 2023-11-16 The report…", "Published: 2023-11-16T10:00 …"). */
  datePrefix:
    /^(?:date|dated|published(?: on)?|posted(?: on)?|updated(?: on)?)\s*:?\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)(?=\s|$)\s*/iu,
  /** Words that may stand beside a date on a date line ("Published on Thursday 16 Nov 2023, 03:53 GMT"). */
  dateLineWords:
    /^(?:published|posted|updated|last|modified|date|dated|on|at|and|am|pm|a\.m\.|p\.m\.|gmt|utc|[a-z]{3,4}t|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|st|nd|rd|th)$/iu,
  /** Caption and photo credit lines: "Photo: …", "Image credit: …". */
  captionLabel: /^(?:photo|image|picture|video|credit|photo credit|image credit|file photo)\s*(?:\([^)]{0,40}\))?\s*:/iu,
  /** A picture credit closing a caption: "… Jane Doe/AFP/Getty Images", "… Photo: Jane Doe/Reuters". */
  creditTail: /(?:\bgetty images|\/(?:ap|afp|epa|pa|reuters|getty)|\bap photo|\b(?:photo|photograph|image)(?: by|:) [^.]{2,80})$/iu,
};

const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}|\p{Lt}/u;
const SENTENCE_END = new Set(['.', '!', '?', '…', '。', '！', '？', '؟', '।']);
const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', ']', '*']);

// ---- Line shape -----------------------------------------------------------------------------

/** The last character of `text` that is not a closing quote or bracket ('' if none). */
function lastSignificantChar(text: string): string {
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (!CLOSERS.has(ch) && ch !== ' ') return ch;
  }
  return '';
}

/** Ends with sentence punctuation, possibly followed by closing quotes or brackets. */
export function endsLikeSentence(text: string): boolean {
  return SENTENCE_END.has(lastSignificantChar(text));
}

/** Ends with a full stop (a headline may end with "?" or "!", hardly ever with "."). */
export function endsWithFullStop(text: string): boolean {
  const ch = lastSignificantChar(text);
  return ch === '.' || ch === '。';
}

/** Ends with a short parenthetical credit, as picture captions do: "…, July 14, 2022. (AP)". */
export function endsWithCredit(text: string): boolean {
  if (!text.endsWith(')')) return false;
  const open = text.lastIndexOf('(');
  if (open <= 0 || text.length - open > 120) return false;
  const inside = text.slice(open + 1, -1).trim();
  return inside.length > 0 && inside.split(' ').length <= MAX_CREDIT_WORDS && !endsLikeSentence(inside);
}

/** Share of cased letters that are lower-case, on a sample; 1 for scripts without case. */
export function lowercaseRatio(text: string): number {
  let lower = 0;
  let cased = 0;
  const end = Math.min(text.length, CASE_SAMPLE_CHARS);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    // ASCII is tested without allocating: news text is mostly ASCII.
    const isLower = code < 128 ? code >= 97 && code <= 122 : LOWER.test(text[i]!);
    const isUpper = !isLower && (code < 128 ? code >= 65 && code <= 90 : UPPER.test(text[i]!));
    if (isLower) lower++;
    if (isLower || isUpper) cased++;
  }
  return cased === 0 ? 1 : lower / cased;
}

/** Starts with an upper-case letter, a digit or an opening quote (or a script without case). */
function startsLikeTitle(text: string): boolean {
  const ch = text[0] ?? '';
  if (/[\p{N}"'“‘«]/u.test(ch)) return true;
  return ch.toUpperCase() === ch;
}

// ---- What a line is -------------------------------------------------------------------------

/** Same words, ignoring case and surrounding space (a title as given vs. as printed). */
export function sameText(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'accent' }) === 0;
}

/** A line of prose: long enough, ends like a sentence, not a caption, not shouting. */
export function isProse(text: string, wordCount: number): boolean {
  return (
    wordCount >= MIN_PROSE_WORDS &&
    endsLikeSentence(text) &&
    !isCaption(text) &&
    lowercaseRatio(text) >= MIN_LOWERCASE_RATIO
  );
}

/** Could be a headline or a section heading: short, no full stop, not metadata or a link label. */
export function isHeadlineLike(text: string, wordCount: number, maxWords = MAX_HEADLINE_WORDS, minWords = 2): boolean {
  return (
    wordCount >= minWords &&
    wordCount <= maxWords &&
    text.length <= MAX_HEADLINE_CHARS &&
    !endsWithFullStop(text) &&
    !text.endsWith(':') &&
    !isCaption(text) &&
    startsLikeTitle(text) &&
    metadataKind(text, wordCount) === null &&
    !REGEXPS.relatedLink.test(text) &&
    !REGEXPS.pageAction.test(text)
  );
}

export function isCaption(text: string): boolean {
  return endsWithCredit(text) || REGEXPS.captionLabel.test(text) || (text.length < 400 && REGEXPS.creditTail.test(text.slice(-120)));
}

/** Splits a list of names ("Jane Doe and John Roe", "Reuters, AFP"). */
export function splitNames(list: string): string[] {
  return list
    .replace(/[.;,]+$/u, '')
    .split(REGEXPS.nameSeparator)
    .map((name) => name.trim())
    .filter((name) => name.length >= 2);
}

export type MetadataLine =
  | { kind: 'byline'; names: string[] }
  | { kind: 'cited-source'; names: string[] }
  | { kind: 'published'; published: Published }
  | { kind: 'reading-time' };

/** Which metadata line this is, if it is one. Long lines never are. */
export function metadataKind(text: string, wordCount: number): MetadataLine['kind'] | null {
  return readMetadata(text, wordCount)?.kind ?? null;
}

/** Reads a byline, a cited-source line, a date line or a reading-time line. */
export function readMetadata(text: string, wordCount: number): MetadataLine | null {
  if (wordCount > MAX_META_WORDS + 2 || text.length > 160) return null;
  const source = REGEXPS.citedSource.exec(text);
  if (source && !endsWithFullStopAfterWords(source[2]!, MAX_META_WORDS)) {
    const names = splitNames(source[2]!);
    if (names.length > 0) return { kind: 'cited-source', names };
  }
  const byline = REGEXPS.byline.exec(text);
  if (byline && !endsWithFullStopAfterWords(byline[1]!, MAX_META_WORDS)) {
    const names = splitNames(byline[1]!);
    if (names.length > 0) return { kind: 'byline', names };
  }
  if (REGEXPS.readingTime.test(text)) return { kind: 'reading-time' };
  const published = readDateLine(text);
  if (published) return { kind: 'published', published };
  return null;
}

/** A list of names is short and is not a sentence (a single trailing "." after a name is tolerated). */
function endsWithFullStopAfterWords(rest: string, maxWords: number): boolean {
  const words = rest.trim().split(' ');
  return words.length > maxWords || (endsWithFullStop(rest) && words.length > 4);
}

/** A line that is a date and little else: "16 Nov 2023 03:53", "Published: Thursday, July 14, 2022". */
export function readDateLine(text: string): Published | null {
  if (text.length > 60 || !/\d/u.test(text)) return null;
  const leftovers = text
    .split(/[\s,.:/|()–—-]+/u)
    .filter((word) => word && !/^\d+(?:st|nd|rd|th|h)?$/iu.test(word) && !REGEXPS.dateLineWords.test(word));
  if (leftovers.length > 1) return null;
  return parsePublished(text);
}
