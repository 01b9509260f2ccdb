/**
 * Finding the article inside the plain text of a whole web page: the densest run of prose
 * (menus, tickers, teasers and footers are short lines, lists and captions), the headline and
 * metadata just above it, the source lines and tag list just below it. The outlet's name is read
 * in outlet-name.ts.
 */

import type { TextUnit } from './units.js';
import {
  endsLikeSentence,
  isHeadlineLike,
  isProse,
  MAX_HEADLINE_WORDS,
  isCaption,
  MAX_STANDFIRST_WORDS,
  MAX_TAG_WORDS,
  MIN_HEADLINE_WORDS,
  readMetadata,
  REGEXPS,
  sameText,
  splitNames,
  type MetadataLine,
} from './signals.js';
import { wordTokens } from '../../text/tokens.js';

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
/**
 * How many units above the run are searched for the headline and its metadata: a share bar of
 * six buttons, a caption, byline, role and date lines and a standfirst fit.
 */
const MAX_ANCHOR_UNITS = 20;
/** The headline, when no metadata follows it, is at most this many units above the run. */
const MAX_BARE_HEADLINE_GAP = 2;
/** Inside the byline/date block, at most this many other lines in a row (a role line, share buttons). */
const MAX_METADATA_GAP = 3;
/** How many units after the body are searched for "Source:" lines and the tag list. */
const MAX_TAIL_UNITS = 24;
/** A tag list without a label must have at least this share of its tags mentioned in the article… */
const MIN_MENTIONED_TAG_SHARE = 0.5;
/** …a tag being mentioned when each of its words starts like a word of the article, on this many letters. */
const TAG_STEM_CHARS = 5;

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
  /** A paragraph between the headline and the byline/date block, or -1. */
  standfirst: number;
  /** Where the body starts: may be before the run when a paragraph stood apart from it (under a picture). */
  bodyStart: number;
}

/** A line that may be the headline: short, unpunctuated, not a list item, widget or metadata. */
function headlineLike(unit: TextUnit): boolean {
  return !unit.bullet && isHeadlineLike(unit.text, unit.words, MAX_HEADLINE_WORDS, MIN_HEADLINE_WORDS);
}

/** A standfirst: a paragraph, or a line too long for a headline that does not end like one. */
function isStandfirstLike(unit: TextUnit, prose: boolean): boolean {
  if (unit.words > MAX_STANDFIRST_WORDS || unit.bullet || isCaption(unit.text)) return false;
  return prose || unit.words > MAX_HEADLINE_WORDS;
}

/**
 * Walks up from the run to its headline. Between the body and the headline a page prints a
 * header block: byline, role, date, reading time and source lines, share buttons, "listen"
 * widgets, a picture and its caption, sometimes a standfirst above the byline. The headline is
 * the line just above that block (above the standfirst when there is one): lines inside the
 * block are never the headline, however headline-like a share button reads. With no metadata at
 * all, the headline is a headline-like line right above the body. A given title wins when it is
 * printed there.
 */
export function findAnchor(units: TextUnit[], prose: boolean[], run: ArticleRun, givenTitle: string | undefined): Anchor {
  const lowest = Math.max(0, run.start - MAX_ANCHOR_UNITS);
  if (givenTitle) {
    for (let i = run.start - 1; i >= lowest; i--) {
      if (sameText(units[i]!.text, givenTitle)) return readHeader(units, prose, run, i);
    }
  }
  // The byline/date block: metadata lines reached from the body through non-paragraph lines,
  // with short gaps (role lines, share buttons, a stray time) between them.
  const metadataLines: number[] = [];
  let bareHeadline = -1;
  let bodyStart = run.start;
  for (let i = run.start - 1; i >= lowest; i--) {
    const unit = units[i]!;
    if (readMetadata(unit.text, unit.words)) {
      metadataLines.unshift(i);
      continue;
    }
    if (metadataLines.length > 0) {
      if (prose[i] || metadataLines[0]! - i > MAX_METADATA_GAP) break;
      continue;
    }
    if (prose[i]) {
      bodyStart = i;
      continue;
    }
    if (bareHeadline < 0 && bodyStart - i <= MAX_BARE_HEADLINE_GAP && headlineLike(unit) && !isCaption(unit.text)) bareHeadline = i;
  }
  // Above the block (or, failing that, above a line of it, top first): an optional standfirst, then the headline.
  for (const top of metadataLines) {
    let i = top - 1;
    while (i >= lowest && isCaption(units[i]!.text)) i--;
    if (i >= lowest && isStandfirstLike(units[i]!, prose[i]!)) i--;
    if (i >= lowest && headlineLike(units[i]!)) return readHeader(units, prose, run, i);
  }
  if (bareHeadline >= 0) return readHeader(units, prose, run, bareHeadline);
  // No headline: keep the metadata only if it sat directly on the run, and the run as it was.
  const metadata: Anchor['metadata'] = [];
  for (let i = run.start - 1; i >= lowest; i--) {
    const line = readMetadata(units[i]!.text, units[i]!.words);
    if (!line) break;
    metadata.unshift({ unit: units[i]!, line });
  }
  return { headline: -1, metadata, standfirst: -1, bodyStart: run.start };
}

/**
 * The lines between a headline and the run: metadata is read, a paragraph above the first
 * metadata line is the standfirst, paragraphs below all metadata join the body, the rest
 * (captions, share bars, role lines) goes.
 */
function readHeader(units: TextUnit[], prose: boolean[], run: ArticleRun, headline: number): Anchor {
  const metadata: Anchor['metadata'] = [];
  let standfirst = -1;
  let bodyStart = run.start;
  for (let i = headline + 1; i < run.start; i++) {
    const unit = units[i]!;
    const line = readMetadata(unit.text, unit.words);
    if (line) {
      metadata.push({ unit, line });
      if (bodyStart < run.start) bodyStart = run.start;
      continue;
    }
    if (metadata.length === 0 && standfirst < 0 && isStandfirstLike(unit, prose[i]!)) standfirst = i;
    else if (prose[i] && bodyStart === run.start) bodyStart = i;
  }
  return { headline, metadata, standfirst, bodyStart };
}

/** What the page prints after the body and before its footer. */
export interface ArticleTail {
  tags: string[];
  /** "Source: …" lines, as written. */
  sourceLines: string[];
  /** Last unit of the tail (the run's end when nothing follows it). */
  end: number;
}

/** The items of a block of short lines starting at `i`: lines not separated by a blank line, or list items. */
function shortLineBlock(units: TextUnit[], i: number): TextUnit[] {
  const block: TextUnit[] = [];
  for (let j = i; j < units.length; j++) {
    const unit = units[j]!;
    if (j > i && (unit.bullet !== units[i]!.bullet || (unit.blankBefore && !unit.bullet))) break;
    if (unit.words < 1 || unit.words > MAX_TAG_WORDS || endsLikeSentence(unit.text) || readMetadata(unit.text, unit.words)) break;
    block.push(unit);
  }
  return block;
}

/** Units from `i` that belong to one block: until the next blank line. */
function blockEnd(units: TextUnit[], i: number): number {
  let j = i + 1;
  while (j < units.length && !units[j]!.blankBefore) j++;
  return j - 1;
}

/** Short names in one line ("Port Calder, Haulage, Business"), or null when it is not such a list. */
function inlineTagList(text: string): string[] | null {
  const names = splitNames(text);
  if (names.length < 2 || endsLikeSentence(text)) return null;
  return names.every((n) => n.split(' ').length <= MAX_TAG_WORDS) ? names : null;
}

/**
 * Reads what follows the body: "Source:" lines, share bars and link lists to pass over, and the
 * tag list. A labelled list ("Tags:", "Topics", "Tagged …") is taken; an unlabelled block of
 * short names only when it comes right after the body (or its source line) and the article
 * mentions most of its names: a share bar or a menu mentions none. The scan ends at the tags or
 * at anything else (a paragraph, a newsletter box).
 */
export function readTail(units: TextUnit[], prose: boolean[], runEnd: number, articleText: string): ArticleTail {
  const tail: ArticleTail = { tags: [], sourceLines: [], end: runEnd };
  const stems = new Set(wordTokens(articleText).map((w) => w.slice(0, TAG_STEM_CHARS)));
  const mentioned = (tag: string): boolean => wordTokens(tag).every((w) => stems.has(w.slice(0, TAG_STEM_CHARS)));
  let adjacent = true;
  let i = runEnd + 1;
  while (i < units.length && i <= runEnd + MAX_TAIL_UNITS) {
    const unit = units[i]!;
    const meta = readMetadata(unit.text, unit.words);
    if (meta?.kind === 'cited-source') {
      tail.sourceLines.push(unit.text);
      tail.end = i++;
      adjacent = true;
      continue;
    }
    const label = REGEXPS.tagsLabel.exec(unit.text) ?? REGEXPS.tagsLabelLoose.exec(unit.text);
    if (label && !prose[i]) {
      const inline = label[1] ? (REGEXPS.tagsLabel.test(unit.text) ? splitNames(label[1]) : inlineTagList(label[1])) : [];
      if (inline && inline.length > 0) {
        tail.tags = inline;
        tail.end = i;
        return tail;
      }
      if (!label[1]) {
        const block = shortLineBlock(units, i + 1);
        if (block.length > 0) {
          tail.tags = block.map((u) => u.text);
          tail.end = i + block.length;
          return tail;
        }
      }
    }
    if (adjacent && !prose[i]) {
      const block = shortLineBlock(units, i);
      const named = block.filter((u) => !REGEXPS.pageAction.test(u.text));
      if (block.length >= 2 && named.length === block.length && named.filter((u) => mentioned(u.text)).length >= MIN_MENTIONED_TAG_SHARE * block.length) {
        tail.tags = block.map((u) => u.text);
        tail.end = i + block.length - 1;
        return tail;
      }
    }
    // Share bars and "Related" link lists: the label and the rest of its block are passed over.
    if (!prose[i] && (REGEXPS.pageAction.test(unit.text) || REGEXPS.relatedLink.test(unit.text))) {
      i = blockEnd(units, i) + 1;
      adjacent = false;
      continue;
    }
    break;
  }
  return tail;
}
