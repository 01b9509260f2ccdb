/**
 * Plain text → article. The recipe:
 *  1. cut the text into units (paragraphs, list items, menu lines) — `toUnits`;
 *  2. lift a date stated at the very start ("date 2023-11-16 The report…");
 *  3. find the densest run of prose — `densestRun`; many units outside it means the text is a
 *     whole page (menus, tickers, footers), else it is already just the article;
 *  4. page: walk up from the run over the header block (byline, role, date, share bar, caption)
 *     to the headline and its standfirst; read the source lines and tag list below the body and
 *     the outlet's name from the copyright notice or masthead; drop teasers, captions and link
 *     lists spliced into the body;
 *     clean text: the first line is the headline when it looks like one, the next the standfirst;
 *  5. turn the body units into blocks, lifting "Source: …" lines into cited sources;
 *  6. no headline anywhere: derive a title and say so.
 * Lines the site repeats on its pages (learned from its other dumps, `SiteChromeLearner`) are
 * never prose and never body. Pure: no I/O, no state. Time is linear in the text's length.
 */

import type { Block, CitedSource, ExtractedArticle, Published } from '../../model/article.js';
import type { ExtractHints } from '../hints.js';
import { parsePublished } from '../../text/dates.js';
import { wordCount } from '../../text/tokens.js';
import { deriveTitle } from './derive-title.js';
import { findOutletName } from './outlet-name.js';
import { bridgeGaps, densestRun, findAnchor, looksLikePageDump, proseFlags, readTail, type Anchor } from './page-dump.js';
import {
  isCaption,
  isHeadlineLike,
  MAX_HEADING_WORDS,
  MAX_HEADLINE_WORDS,
  MIN_HEADLINE_WORDS,
  MAX_STANDFIRST_WORDS,
  readMetadata,
  REGEXPS,
  sameText,
  splitNames,
  type MetadataLine,
} from './signals.js';
import { chromeKey } from './site-chrome.js';
import { normalizeLineEnds, toUnits, type TextUnit } from './units.js';

// ---- Tunables -------------------------------------------------------------------------------

/**
 * "Read next: …" lines point to other articles. In a page dump they go. In a text that is
 * already the article they stay: that text is taken as its publisher or collector gave it, and
 * the seed check (shared/hooks/seeds_check.py) scores 000's text against the whole file.
 */
const DROP_RELATED_LINKS_IN_CLEAN_TEXT = false;
/** How many units at the top of a clean text may be byline or date lines around the headline. */
const MAX_LEADING_METADATA = 4;
/** A first line is the headline only if a paragraph follows within this many units (captions, bylines between). */
const MAX_HEADLINE_TO_BODY_UNITS = 3;
/** A list item of at least this many words that looks like a headline is another article's title. */
const TEASER_TITLE_MIN_WORDS = 5;
/** Site chrome making up more than this share of a text's words is not chrome (see `siteChromeFlags`). */
const MAX_SITE_CHROME_SHARE = 0.6;
const CONFIDENCE = { cleanWithTitle: 0.9, cleanWithoutTitle: 0.75, dumpBase: 0.35, dumpFromShare: 0.5, dumpHeadline: 0.1, fallback: 0.3 };

interface Reading {
  title: string | null;
  titleFound: boolean;
  standfirst: string | null;
  /** The body's units: a contiguous slice of the document's units, starting at `bodyStart`. */
  body: TextUnit[];
  bodyStart: number;
  /** Metadata lines around the headline, with the line as written. */
  metadata: { text: string; line: MetadataLine }[];
  tags: string[];
  /** The outlet as the page names it (masthead, copyright notice), for page dumps. */
  outlet: string | null;
  pageDump: boolean;
}

export function extractFromText(text: string, hints: ExtractHints): ExtractedArticle {
  if (!/\S/u.test(text)) throw new Error('no text: the document is empty or only white space');
  const notes: string[] = [];
  const units = toUnits(normalizeLineEnds(text));
  const leadingDate = liftLeadingDate(units, notes);
  const prose = proseFlags(units);
  const chrome = siteChromeFlags(units, hints.siteChrome, notes);
  // The site's repeated lines are never the article's prose, however prose-like they read.
  chrome.forEach((isChrome, i) => { if (isChrome) prose[i] = false; });
  const run = densestRun(units, prose);

  let reading: Reading;
  if (run.end >= run.start && looksLikePageDump(units, run)) {
    reading = readPageDump(units, prose, bridgeGaps(units, prose, run), hints, notes);
  } else {
    if (run.end < run.start) notes.push('no paragraph of prose found: every line kept as given');
    reading = readCleanText(units, prose, hints, notes);
  }

  const inBody = reading.body.map((_, i) => !chrome[reading.bodyStart + i]);
  const bodyUnits = reading.body.filter((_, i) => inBody[i]);
  const bodyProse = prose.slice(reading.bodyStart, reading.bodyStart + reading.body.length).filter((_, i) => inBody[i]);
  const { blocks, citedSources, tags, keptWords } = toBlocks(bodyUnits, bodyProse, reading.pageDump, notes);
  const metadata = reading.metadata.map((m) => m.line);
  const sourcesAbove = reading.metadata.flatMap((m) => (m.line.kind === 'cited-source' ? m.line.names.map((name) => ({ name, line: m.text })) : []));
  citedSources.unshift(...sourcesAbove);
  const byline = metadata.flatMap((m) => (m.kind === 'byline' ? m.names : []));
  const foundDate = leadingDate ?? metadata.flatMap((m) => (m.kind === 'published' ? [m.published] : []))[0] ?? null;

  let title = reading.title;
  let titleOrigin: ExtractedArticle['titleOrigin'] = title ? 'found' : 'none';
  if (!title) {
    const derived = deriveTitle([reading.standfirst, ...blocks.map((b) => b.text)].filter(Boolean).join('\n\n'));
    if (derived) {
      title = derived.title;
      titleOrigin = 'derived';
      notes.push(derived.how);
    } else {
      notes.push('no title: none in the text and nothing to derive one from');
    }
  }

  const published = hints.published ?? foundDate;
  if (hints.published) notes.push('published date as given by the source');
  else if (foundDate) notes.push(`published date from the text (${foundDate.precision})`);

  const outletName = hints.outletName ?? reading.outlet ?? null;

  return {
    url: hints.url,
    canonicalUrl: null,
    outlet: { name: outletName, domain: domainOf(hints.url) },
    title,
    titleOrigin,
    standfirst: reading.standfirst,
    byline,
    published,
    language: null,
    blocks,
    tags: [...reading.tags, ...tags],
    citedSources: dedupeSources(citedSources),
    extraction: {
      method: reading.pageDump ? 'text-page-dump' : 'text-clean',
      confidence: confidenceOf(reading, units, prose, keptWords),
      notes,
    },
  };
}

// ---- Steps ----------------------------------------------------------------------------------

/**
 * Which units are lines the site repeats on its pages. When they would be most of the text, the
 * "site" is more likely one article stored several times than a site's chrome: nothing is marked.
 */
function siteChromeFlags(units: TextUnit[], siteChrome: ReadonlySet<string> | undefined, notes: string[]): boolean[] {
  const flags = units.map(() => false);
  if (!siteChrome || siteChrome.size === 0) return flags;
  let chromeWords = 0;
  let totalWords = 0;
  units.forEach((unit, i) => {
    totalWords += unit.words;
    if (siteChrome.has(chromeKey(unit.text))) {
      flags[i] = true;
      chromeWords += unit.words;
    }
  });
  const marked = flags.filter(Boolean).length;
  if (marked === 0) return flags;
  if (chromeWords > totalWords * MAX_SITE_CHROME_SHARE) {
    notes.push(`kept ${marked} lines this site repeats on its pages: they are most of this text`);
    return units.map(() => false);
  }
  notes.push(`dropped ${marked} lines this site repeats on its pages (menus, tickers, footers)`);
  return flags;
}

/** "date 2023-11-16 The report quoted…": the date is metadata, the rest of the line is body. */
function liftLeadingDate(units: TextUnit[], notes: string[]): Published | null {
  const first = units[0];
  if (!first) return null;
  const m = REGEXPS.datePrefix.exec(first.text);
  if (!m) return null;
  const published = parsePublished(m[1]!);
  if (!published) return null;
  const rest = first.text.slice(m[0].length);
  if (rest) {
    first.text = rest;
    first.words = wordCount(rest);
  } else {
    units.shift();
  }
  notes.push(`date stated at the start of the text ("${m[1]}")`);
  return published;
}

function readCleanText(units: TextUnit[], prose: boolean[], hints: ExtractHints, notes: string[]): Reading {
  const metadata: Reading['metadata'] = [];
  let i = 0;
  const takeMetadata = (): void => {
    const start = i;
    while (i < units.length && i - start < MAX_LEADING_METADATA) {
      const line = readMetadata(units[i]!.text, units[i]!.words);
      if (!line || line.kind === 'cited-source') break;
      metadata.push({ text: units[i]!.text, line });
      i++;
    }
  };
  takeMetadata();
  let title: string | null = null;
  let titleFound = false;
  const first = units[i];
  if (hints.title) {
    title = hints.title;
    titleFound = true;
    notes.push('title as given by the source');
    if (first && sameText(first.text, hints.title)) {
      i++;
      notes.push('first line repeats the given title: dropped from the body');
      takeMetadata();
    }
  } else if (first && !first.bullet && isHeadlineLike(first.text, first.words, MAX_HEADLINE_WORDS, MIN_HEADLINE_WORDS) && prose.slice(i + 1, i + 1 + MAX_HEADLINE_TO_BODY_UNITS).includes(true)) {
    title = first.text;
    titleFound = true;
    i++;
    takeMetadata();
    notes.push('headline: the first line (short, no full stop, followed by a paragraph)');
  } else if (first) {
    notes.push('no headline: the first line is a paragraph');
  }
  let standfirst: string | null = null;
  const next = units[i];
  if (titleFound && !hints.title && next && prose[i] && next.words <= MAX_STANDFIRST_WORDS && i + 1 < units.length) {
    standfirst = next.text;
    i++;
    notes.push('standfirst: the paragraph after the headline');
  }
  return { title, titleFound, standfirst, body: units.slice(i), bodyStart: i, metadata, tags: [], outlet: null, pageDump: false };
}

function readPageDump(units: TextUnit[], prose: boolean[], run: { start: number; end: number }, hints: ExtractHints, notes: string[]): Reading {
  const anchor: Anchor = findAnchor(units, prose, run, hints.title);
  const headline = units[anchor.headline];
  let title: string | null = null;
  if (hints.title) {
    title = hints.title;
    notes.push('title as given by the source');
  } else if (headline) {
    title = headline.text;
    notes.push('headline: the line above the byline/date block over the article');
  }
  if (anchor.metadata.length > 0) notes.push(`${anchor.metadata.length} metadata line(s) under the headline`);
  let bodyStart = anchor.bodyStart;
  const body = units.slice(bodyStart, run.end + 1);
  notes.push(`page dump: the article is lines ${units[anchor.bodyStart]!.line + 1}–${units[run.end]!.line + 1} of the text`);
  let standfirst: string | null = null;
  const first = body[0];
  if (anchor.standfirst >= 0) {
    standfirst = units[anchor.standfirst]!.text;
    notes.push('standfirst: the paragraph between the headline and the byline/date block');
  } else if (headline && first && prose[bodyStart] && first.words <= MAX_STANDFIRST_WORDS && body.length > 2 && !prose[bodyStart + 1]) {
    // A first paragraph set apart from the body by a picture or a caption is the standfirst.
    standfirst = first.text;
    body.shift();
    bodyStart++;
    notes.push('standfirst: the first paragraph, set apart from the body by a picture or caption');
  }
  const articleText = [standfirst ?? '', ...body.filter((_, i) => prose[bodyStart + i]).map((u) => u.text)].join('\n');
  const tail = readTail(units, prose, run.end, articleText);
  if (tail.tags.length > 0) notes.push(`tags: the list after the article (${tail.tags.length})`);
  const articleStart = anchor.headline >= 0 ? anchor.headline : Math.min(anchor.bodyStart, anchor.standfirst >= 0 ? anchor.standfirst : anchor.bodyStart);
  const outlet = findOutletName(units, articleStart, tail.end);
  if (outlet) notes.push(outlet.how);
  const kept = body.length + (standfirst ? 1 : 0) + anchor.metadata.length + (anchor.headline >= 0 ? 1 : 0) + (tail.end - run.end);
  notes.push(`dropped ${units.length - kept} units around the article (menus, tickers, teasers, footer)`);
  return {
    title,
    titleFound: title !== null,
    standfirst,
    body,
    bodyStart,
    metadata: [
      ...anchor.metadata.map((m) => ({ text: m.unit.text, line: m.line })),
      ...tail.sourceLines.map((text) => ({ text, line: readMetadata(text, wordCount(text))! })),
    ],
    tags: tail.tags,
    outlet: outlet?.name ?? null,
    pageDump: true,
  };
}

/**
 * Body units → blocks. Everywhere: "Source: X" lines become cited sources, "Tags:" lines tags.
 * In a page dump, what is not prose goes unless it is a single heading between paragraphs:
 * a link-list label ("Related News") takes the short lines after it along.
 */
function toBlocks(
  body: TextUnit[],
  prose: boolean[],
  pageDump: boolean,
  notes: string[],
): { blocks: Block[]; citedSources: CitedSource[]; tags: string[]; keptWords: number } {
  const blocks: Block[] = [];
  const citedSources: CitedSource[] = [];
  const tags: string[] = [];
  let keptWords = 0;
  let dropped = 0;
  let inLinkList = false;
  const keptLists = pageDump ? listsInsideArticle(body) : new Set<number>();
  body.forEach((unit, i) => {
    // A link list runs on over titles set without a blank line between them, even one that reads like a sentence.
    if (prose[i] && (unit.blankBefore || unit.words > MAX_HEADLINE_WORDS)) inLinkList = false;
    const meta = readMetadata(unit.text, unit.words);
    if (meta?.kind === 'cited-source') {
      citedSources.push(...meta.names.map((name) => ({ name, line: unit.text })));
      return;
    }
    const tagLine = REGEXPS.tagsLabel.exec(unit.text);
    if (tagLine && tagLine[1]) {
      tags.push(...splitNames(tagLine[1]));
      return;
    }
    const related = REGEXPS.relatedLink.exec(unit.text);
    if (related && (pageDump || DROP_RELATED_LINKS_IN_CLEAN_TEXT)) {
      dropped++;
      if (!related[1]) inLinkList = true;
      return;
    }
    keptWords += unit.words;
    if (prose[i] && !(pageDump && inLinkList)) {
      blocks.push({ kind: unit.bullet ? 'list-item' : 'paragraph', text: unit.text });
      return;
    }
    const betweenParagraphs = (pageDump ? prose[i - 1] === true : true) && prose[i + 1] === true;
    const heading = !unit.bullet && betweenParagraphs && isHeadlineLike(unit.text, unit.words, MAX_HEADING_WORDS);
    if (!pageDump) {
      blocks.push({ kind: heading ? 'heading' : unit.bullet ? 'list-item' : 'paragraph', text: unit.text });
    } else if (heading && !inLinkList && !isCaption(unit.text)) {
      blocks.push({ kind: 'heading', text: unit.text });
    } else if (keptLists.has(i) && !inLinkList) {
      blocks.push({ kind: 'list-item', text: unit.text });
    } else {
      keptWords -= unit.words;
      dropped++;
    }
  });
  if (dropped > 0) notes.push(`dropped ${dropped} line(s) inside the article: link lists, captions, teasers`);
  return { blocks, citedSources, tags, keptWords };
}

/**
 * In a page dump, which bullet items inside the article are the article's own lists. A list is
 * dropped when one of its items is a picture caption, or when most items are other articles'
 * titles (headline-like lines of several words): teaser lists spliced into the text.
 */
function listsInsideArticle(body: TextUnit[]): Set<number> {
  const kept = new Set<number>();
  let i = 0;
  while (i < body.length) {
    if (!body[i]!.bullet) {
      i++;
      continue;
    }
    let j = i;
    while (j < body.length && body[j]!.bullet) j++;
    const items = body.slice(i, j);
    const teaserTitles = items.filter((u) => u.words >= TEASER_TITLE_MIN_WORDS && isHeadlineLike(u.text, u.words)).length;
    if (j < body.length && !items.some((u) => isCaption(u.text)) && teaserTitles * 2 <= items.length) {
      for (let k = i; k < j; k++) kept.add(k);
    }
    i = j;
  }
  return kept;
}

// ---- Helpers --------------------------------------------------------------------------------

function dedupeSources(sources: CitedSource[]): CitedSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(s.name) ? false : (seen.add(s.name), true)));
}

function domainOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./u, '') || null;
  } catch {
    return null;
  }
}

function confidenceOf(reading: Reading, units: TextUnit[], prose: boolean[], keptWords: number): number {
  if (keptWords === 0 && !reading.standfirst) return CONFIDENCE.fallback;
  if (!reading.pageDump) return reading.titleFound ? CONFIDENCE.cleanWithTitle : CONFIDENCE.cleanWithoutTitle;
  const allProse = units.reduce((n, u, i) => n + (prose[i] ? u.words : 0), 0);
  const kept = keptWords + (reading.standfirst ? wordCount(reading.standfirst) : 0);
  const share = allProse > 0 ? Math.min(1, kept / allProse) : 0;
  const c = CONFIDENCE.dumpBase + CONFIDENCE.dumpFromShare * share + (reading.titleFound ? CONFIDENCE.dumpHeadline : 0);
  return Math.round(Math.min(1, c) * 100) / 100;
}
