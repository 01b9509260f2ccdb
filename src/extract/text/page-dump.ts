/**
 * Finding the article inside the plain text of a whole web page: the densest run of prose
 * (menus, tickers, teasers and footers are short lines, lists and captions), the headline and
 * metadata just above it, the tag list just below it, and the masthead repeated at top and bottom.
 */

import type { TextUnit } from './units.js';
import {
  endsLikeSentence,
  isHeadlineLike,
  isProse,
  MAX_HEADLINE_WORDS,
  MAX_TAG_WORDS,
  MIN_HEADLINE_WORDS,
  readMetadata,
  REGEXPS,
  sameText,
  splitNames,
  type MetadataLine,
} from './signals.js';

// ---- Tunables -------------------------------------------------------------------------------

/** What a line that is not prose costs a run of paragraphs, in words of prose. */
const NON_PROSE_PENALTY = 8;
/**
 * A long line that does not end like a sentence (an embedded post ending "— Name (@handle) date",
 * a quote cut short) costs nothing: it is not evidence of page furniture either way.
 */
const LONG_LINE_WORDS = 16;
/** Menu entries, link labels and footer lines are this short (or are list items). */
const FURNITURE_MAX_WORDS = 6;
/** A text is a page dump when at least this many furniture lines lie outside its article run… */
const DUMP_MIN_OUTSIDE_UNITS = 6;
/** …and they are at least this share of all units. */
const DUMP_MIN_OUTSIDE_SHARE = 0.2;
/** A strip of share buttons may cut the article in two: a gap of at most this many lines is bridged… */
const MAX_BRIDGED_GAP = 8;
/** …when at least this many paragraphs in a row follow it. */
const MIN_PARAGRAPHS_AFTER_GAP = 2;
/** How many units above the run are searched for the headline and its metadata. */
const MAX_ANCHOR_UNITS = 12;
/** The headline, when no metadata follows it, is at most this many units above the run. */
const MAX_BARE_HEADLINE_GAP = 2;
/** A masthead is a short line among the first few units, repeated later. */
const MASTHEAD_SEARCH_UNITS = 3;
const MAX_MASTHEAD_WORDS = 6;

export interface ArticleRun {
  /** First and last unit of the densest run of prose (inclusive); start > end when there is none. */
  start: number;
  end: number;
}

/** Per unit: is it prose? Computed once, used by every step. */
export function proseFlags(units: TextUnit[]): boolean[] {
  return units.map((u) => isProse(u.text, u.words));
}

/**
 * The contiguous run of units with the most prose, each non-prose unit inside costing a fixed
 * penalty (maximum-sum subarray, one pass). Spliced teasers and captions survive inside it and
 * are removed later; menus and footers around it do not.
 */
export function densestRun(units: TextUnit[], prose: boolean[]): ArticleRun {
  let best = { start: 0, end: -1, score: 0 };
  let start = 0;
  let score = 0;
  units.forEach((unit, i) => {
    const gain = prose[i] ? unit.words : unit.words >= LONG_LINE_WORDS && !unit.bullet ? 0 : -NON_PROSE_PENALTY;
    if (score <= 0) {
      start = i;
      score = 0;
    }
    score += gain;
    if (score > best.score) best = { start, end: i, score };
  });
  return { start: best.start, end: best.end };
}

/**
 * Extends the run over a short gap of furniture ("Twitter", "Email", "Advertisement") when
 * paragraphs continue after it. A list, a link label or a tag line in the gap means the article
 * has ended and teasers follow, so it is not bridged.
 */
export function bridgeGaps(units: TextUnit[], prose: boolean[], run: ArticleRun): ArticleRun {
  let end = run.end;
  for (;;) {
    let j = end + 1;
    while (j < units.length && !prose[j] && j - end <= MAX_BRIDGED_GAP) {
      const unit = units[j]!;
      if (unit.bullet || REGEXPS.relatedLink.test(unit.text) || REGEXPS.tagsLabel.test(unit.text)) return { start: run.start, end };
      j++;
    }
    let k = j;
    while (k < units.length && prose[k]) k++;
    if (j - end > MAX_BRIDGED_GAP || k - j < MIN_PARAGRAPHS_AFTER_GAP) return { start: run.start, end };
    end = k - 1;
  }
}

/** Many menu-like lines outside the article run: the text is a whole page, not just the article. */
export function looksLikePageDump(units: TextUnit[], run: ArticleRun): boolean {
  const outside = units.filter((u, i) => (i < run.start || i > run.end) && (u.bullet || u.words <= FURNITURE_MAX_WORDS)).length;
  return outside >= DUMP_MIN_OUTSIDE_UNITS && outside >= DUMP_MIN_OUTSIDE_SHARE * units.length;
}

export interface Anchor {
  /** Index of the headline unit, or -1. */
  headline: number;
  /** Metadata lines between the headline and the body. */
  metadata: { unit: TextUnit; line: MetadataLine }[];
  /** Where the body starts: may be before the run when a standfirst stood apart from it. */
  bodyStart: number;
}

/**
 * Walks up from the run to its headline: metadata lines (byline, source, date, reading time) are
 * collected, captions and icons skipped, a paragraph standing apart (the standfirst above a
 * picture) joins the body. The headline is the given title if it is there, else a headline-like
 * line directly above the metadata, or directly above the run when there is no metadata.
 */
export function findAnchor(units: TextUnit[], prose: boolean[], run: ArticleRun, givenTitle: string | undefined): Anchor {
  const metadata: Anchor['metadata'] = [];
  let proseAbove = run.start;
  const lowest = Math.max(0, run.start - MAX_ANCHOR_UNITS);
  for (let i = run.start - 1; i >= lowest; i--) {
    const unit = units[i]!;
    if (givenTitle && sameText(unit.text, givenTitle)) return { headline: i, metadata: metadata.reverse(), bodyStart: proseAbove };
    const line = readMetadata(unit.text, unit.words);
    if (line) {
      metadata.push({ unit, line });
      continue;
    }
    if (prose[i]) {
      if (metadata.length > 0) break;
      proseAbove = i;
      continue;
    }
    const closeEnough = metadata.length > 0 || proseAbove - i <= MAX_BARE_HEADLINE_GAP;
    if (!givenTitle && !unit.bullet && closeEnough && isHeadlineLike(unit.text, unit.words, MAX_HEADLINE_WORDS, MIN_HEADLINE_WORDS)) {
      return { headline: i, metadata: metadata.reverse(), bodyStart: proseAbove };
    }
  }
  // No headline: keep the metadata only if it sat directly on the run, and the run as it was.
  return { headline: -1, metadata: metadata.reverse(), bodyStart: run.start };
}

/** The tag list right after the body: a "Tags:" line or a run of short bullet items. */
export function followingTags(units: TextUnit[], after: number): { tags: string[]; end: number } {
  let i = after + 1;
  const label = units[i] ? REGEXPS.tagsLabel.exec(units[i]!.text) : null;
  if (label) {
    const inline = splitNames(label[1] ?? '');
    if (inline.length > 0) return { tags: inline, end: i };
    i++;
  }
  const tags: string[] = [];
  for (; i < units.length; i++) {
    const unit = units[i]!;
    const isTag = unit.bullet && unit.words >= 1 && unit.words <= MAX_TAG_WORDS && !endsLikeSentence(unit.text) && !readMetadata(unit.text, unit.words);
    if (!isTag) break;
    tags.push(unit.text);
  }
  return tags.length >= 2 ? { tags, end: i - 1 } : { tags: [], end: after };
}

/** The outlet's name as its masthead: a short line at the top that the page repeats. */
export function findMasthead(units: TextUnit[], prose: boolean[]): string | null {
  for (let i = 0; i < Math.min(MASTHEAD_SEARCH_UNITS, units.length); i++) {
    const unit = units[i]!;
    if (unit.bullet || prose[i] || unit.words === 0 || unit.words > MAX_MASTHEAD_WORDS) continue;
    const repeats = units.filter((u, j) => j !== i && !u.bullet && u.text === unit.text).length;
    if (repeats >= 1) return unit.text;
  }
  return null;
}
