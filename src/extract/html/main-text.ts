import type { Block } from '../../model/article.js';
import { bodyBlocks, isBlockLevel } from './body-blocks.js';
import { attr, firstByTag, isElement, isText, textOf, type Element, type PageDocument, type ParentNode } from './dom.js';

/**
 * Finds the article's main text in a page's DOM without changing the DOM. The recipe, each step
 * a function below:
 *
 *   1. prepare   — one walk over the page: set aside what is never article text (scripts, nav,
 *                  footers, asides, hidden and boilerplate-named containers, cookie notices,
 *                  captions and photo credits, bylines) and, on the way back
 *                  up, count each element's text, link text, commas, paragraphs, images, inputs;
 *                  every run of paragraph text scores the containers above it;
 *   2. choose    — the container with the best score after its link density is taken off, moved up
 *                  when several top candidates share an ancestor;
 *   3. siblings  — add the containers beside it that look like more of the same article, then
 *                  (widen) the paragraphs of the enclosing <article>/<main> before them (a lead);
 *   4. clean     — inside the chosen containers, drop link lists, share bars, forms, galleries,
 *                  bylines and link-only lines ("Read more …") by their counts and names;
 *   5. blocks    — convert what is kept to blocks (body-blocks.ts).
 *
 * When a pass finds less than MIN_ARTICLE_CHARS it is retried with one rule relaxed at a time
 * (RETRY_RELAXES) and the longest result wins; the result says what was relaxed.
 */

// ---- Knobs -------------------------------------------------------------------------------------

/** A run of paragraph text shorter than this scores nothing. */
const MIN_PARAGRAPH_CHARS = 25;
/** Below this many characters of text a pass is retried with a rule relaxed. */
export const MIN_ARTICLE_CHARS = 500;
/** A retry's result replaces the earlier one only when it has this many times its text (a short article beats a longer cookie notice). */
const RETRY_GAIN = 2;
/** How many ancestors a paragraph's score reaches, and how it is divided on the way up. */
const SCORE_ANCESTOR_LEVELS = 5;
/** Candidates considered when looking for a common ancestor of the best ones. */
const TOP_CANDIDATES = 5;
/** A candidate within this share of the best one counts as "as good". */
const CLOSE_CANDIDATE_SHARE = 0.75;
/** An earlier <article>'s best candidate wins over a later one's when it scores this share of it (pages that append the next articles). */
const EARLIER_ARTICLE_SHARE = 0.5;
/** How many "as good" candidates must share an ancestor for it to become the choice. */
const MIN_CLOSE_CANDIDATES = 3;
/** A sibling joins when its score reaches this share of the best (and at least SIBLING_MIN_SCORE). */
const SIBLING_SCORE_SHARE = 0.1;
const SIBLING_MIN_SCORE = 10;
/** A sibling wrapper of paragraphs joins without a score when it holds this much text with few links. */
const SIBLING_WRAPPER_MIN_CHARS = 200;
/** How far above the chosen container an <article> / <main> is looked for (step 3b). */
const ARTICLE_SCOPE_LEVELS = 10;
/** A paragraph of the same article outside the chosen container joins from this length (step 3b). */
const MIN_WIDENED_PARAGRAPH_CHARS = 40;
/** Headings before the body that can be its standfirst, and how long one must be (a section heading is shorter). */
const LEAD_HEADINGS = new Set(['h2', 'h3', 'h4']);
const MIN_LEAD_HEADING_CHARS = 60;
/** Links to a place in the same page count for this share of their text. */
const SAME_PAGE_LINK_WEIGHT = 0.3;
/** Class / id weight when the names say content (+) or page furniture (−). */
const CLASS_WEIGHT = 25;
/** Score for a container the page marks as the article body (schema.org itemprop="articleBody"). */
const ARTICLE_BODY_BONUS = 25;
/** Containers with at least this many commas are prose: clean-up leaves them alone. */
const PROSE_COMMAS = 10;
/** Share bars and link lines longer than this are not dropped by name. */
const MAX_NAMED_FURNITURE_CHARS = 500;
/** Clean-up never drops a block with this share of the kept text (unless it is mostly links): it is the article. */
const MAX_CLEANED_SHARE = 0.5;
const MAX_CLEANED_BULK_LINK_DENSITY = 0.5;
/** A block with more text than this per image is prose with pictures, not a gallery. */
const MAX_GALLERY_TEXT_PER_IMAGE = 200;
/** Author-marked elements remembered per page (the article's own byline is among the first). */
const MAX_BYLINES = 20;
/** A caption-named element is at most this long (longer ones are named so by accident). */
const MAX_CAPTION_CHARS = 400;
/** A byline element is at most this long. */
const MAX_BYLINE_CHARS = 100;

/** Elements that never hold article text. */
const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'video', 'audio',
  'canvas', 'button', 'select', 'input', 'textarea', 'head', 'title', 'link', 'meta', 'dialog', 'nav', 'aside',
  'footer', 'menu', 'label', 'option', 'rt', 'rp',
]);

/** ARIA roles of page furniture. */
const FURNITURE_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'menu', 'menubar', 'search', 'alert', 'alertdialog', 'dialog', 'tooltip',
]);

/** Elements whose text belongs to the text of their parent (they do not start a block). */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd',
  'mark', 'nobr', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
  'br', 'img', 'picture', 'ruby', 'rb', 'rt', 'rp',
]);

/** Block elements whose own text never scores a container (menus, headings, labels). */
const NOT_SCORED = new Set(['li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th', 'dt', 'caption', 'summary', 'legend', 'html', 'body']);

/** Containers the clean-up step judges by their counts. */
const CLEANED_CONDITIONALLY = new Set(['div', 'section', 'ul', 'ol', 'dl', 'table', 'form', 'fieldset', 'figure', 'header', 'center']);

/** A container's starting score by its tag: text-holding containers up, lists and headings down. */
const TAG_SCORE: Record<string, number> = {
  div: 5, article: 5, main: 5, section: 2, pre: 3, td: 3, blockquote: 3,
  address: -3, ol: -3, ul: -3, dl: -3, dd: -3, dt: -3, li: -3, form: -3,
  h1: -5, h2: -5, h3: -5, h4: -5, h5: -5, h6: -5, th: -5,
};

function wordsPattern(words: readonly string[]): RegExp {
  return new RegExp(words.join('|'), 'i');
}

/** Class / id words of containers that are page furniture (set aside in the first pass). */
const UNLIKELY = wordsPattern([
  '-ad-', 'ad-break', 'advert', 'agegate', 'banner', 'breadcrumb', 'combx', 'comment', 'community', 'consent', 'cookie',
  'disqus', 'footer', 'gdpr', 'header', 'legends', 'menu', 'navbar', 'newsletter', 'outbrain', 'pager', 'pagination',
  'popup', 'promo', 'related', 'remark', 'replies', 'rss', 'share', 'sharing', 'shoutbox', 'sidebar', 'skyscraper',
  'social', 'sponsor', 'subscribe', 'supplemental', 'taboola', 'tweet', 'yom-remote',
]);
/** Class / id words that rescue an unlikely-named container: it may hold the article. */
const MAYBE_CONTENT = wordsPattern(['and', 'article', 'body', 'column', 'content', 'main', 'shadow', 'story', 'entry', 'post']);
/** Class words of a container that holds one whole article (step 3b looks for it like for <article>). */
const ARTICLE_CONTAINER = /(?:^|\s)(?:article|post|entry|story|hentry)(?:$|\s)/i;
/** Class / id words of a <header> that heads the article rather than the page. */
const ARTICLE_HEADER = /article|story|entry|post|intro|lead/i;
/** Class / id words of containers that hold the article. */
const POSITIVE = wordsPattern([
  'article', 'body', 'content', 'entry', 'hentry', 'h-entry', 'main', 'page', 'post', 'text', 'blog', 'story', 'prose',
]);
/** Class / id words of containers around it. */
const NEGATIVE = wordsPattern([
  '-ad-', 'hidden', '^hid$', ' hid$', ' hid ', '^hid ', 'banner', 'combx', 'comment', 'com-', 'contact', 'footer', 'gdpr',
  'masthead', 'media', 'meta', 'outbrain', 'promo', 'related', 'recommend', 'scroll', 'share', 'shoutbox', 'sidebar',
  'skyscraper', 'sponsor', 'shopping', 'tags', 'widget', 'newsletter', 'subscribe', 'taboola',
]);
/** Class / id / rel / itemprop of a byline element. */
const BYLINE = /byline|author|writtenby|p-author/i;
/** Class / id of share bars and social buttons. */
const SHARE = /(?:^|[\s_-])(?:share|sharing|social|sharedaddy)(?:$|[\s_-])/i;
/** Class / id words of paywall boxes: the page may hold only a teaser. */
const PAYWALL = /paywall|regwall|premium-content|subscriber-only|piano-/i;
/** Class / id words of cookie and consent notices and "enable JavaScript" boxes. */
const CONSENT_NOTICE = /cookie|consent|gdpr|^\s*noscript\s*$/i;
/** Class / id of an author box: the writer's portrait and biography after the article ("About the author"). */
const AUTHOR_BOX = /author[-_]?(?:box|bio|info|description|details|profile|card|wrap)|about[-_]?(?:the[-_]?)?author|saboxplugin|autor[-_]?(?:box|info|bio)/i;
/** An author box is at most this long (a longer element so named holds more than the box). */
const MAX_AUTHOR_BOX_CHARS = 1500;
/** Class / id words of image captions and photo credits that are not <figcaption>. */
const CAPTION = /(?:^|[\s_-])(?:[a-z]*caption|credits?|dida)(?:$|[\s_-])/i;
const STYLE_HIDDEN = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const COMMAS = /[,\u060C\u3001\uFE50\uFE51\uFF0C\uFF64]/g;
const SENTENCE_END = /[.!?…。！？]["'”’»)]?\s*$/;

// ---- Flags ---------------------------------------------------------------------------------------

export const FLAG_STRIP_UNLIKELY = 1;
export const FLAG_WEIGHT_CLASSES = 2;
export const FLAG_CLEAN_CONDITIONALLY = 4;
/** Set aside <noscript> (the fallback of a page that renders itself with scripts) and elements left inside an unclosed <head>. */
export const FLAG_SKIP_FALLBACK_MARKUP = 8;
const ALL_FLAGS = FLAG_STRIP_UNLIKELY | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY | FLAG_SKIP_FALLBACK_MARKUP;

/** What each retry relaxes, in order, and how the notes say it. */
const RETRY_RELAXES: ReadonlyArray<{ flag: number; note: string }> = [
  { flag: FLAG_STRIP_UNLIKELY, note: 'kept containers whose names look like page furniture' },
  { flag: FLAG_WEIGHT_CLASSES, note: 'ignored class and id names when scoring' },
  { flag: FLAG_CLEAN_CONDITIONALLY, note: 'kept link lists and forms inside the article' },
  { flag: FLAG_SKIP_FALLBACK_MARKUP, note: 'read <noscript> and what an unclosed <head> swallowed' },
];

// ---- Types -----------------------------------------------------------------------------------------

/** Counts for one element's subtree, not counting what was set aside. */
interface Counts {
  text: number;
  link: number;
  commas: number;
  /** Text of the element's own text nodes and inline children (its "paragraph" text). */
  ownText: number;
  ownLink: number;
  ownCommas: number;
  paragraphs: number;
  images: number;
  listItems: number;
  inputs: number;
  embeds: number;
  headingText: number;
}

export interface MainText {
  blocks: Block[];
  /** Characters of block text. */
  textLength: number;
  /** Share of the kept text inside links. */
  linkDensity: number;
  /** True when no container scored and the whole page body was taken. */
  wholePage: boolean;
  /** What the retries relaxed, for the notes. */
  relaxed: string[];
  /** The text of <noscript> and of an unclosed <head> was read (the last retry). */
  readFallbacks: boolean;
  /** The page has an element named like a paywall box. */
  paywalled: boolean;
  /** A byline found in the page (an author-marked element), for when the metadata has none. */
  byline: string | null;
  /** Every element set aside and why; the containers kept. For `--explain`. */
  dropped: Map<Element, string>;
  kept: Element[];
}

// ---- Helpers -----------------------------------------------------------------------------------------

function namesOf(element: Element): string {
  return `${attr(element, 'class') ?? ''} ${attr(element, 'id') ?? ''}`;
}

function classWeight(element: Element): number {
  let weight = 0;
  for (const name of [attr(element, 'class'), attr(element, 'id')]) {
    if (!name) continue;
    if (NEGATIVE.test(name)) weight -= CLASS_WEIGHT;
    if (POSITIVE.test(name)) weight += CLASS_WEIGHT;
  }
  return weight;
}

function visibleLength(text: string): number {
  let n = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isSpace = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160;
    if (isSpace) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return n;
}

function commaCount(text: string): number {
  COMMAS.lastIndex = 0;
  let n = 0;
  while (COMMAS.exec(text)) n++;
  return n;
}

function emptyCounts(): Counts {
  return { text: 0, link: 0, commas: 0, ownText: 0, ownLink: 0, ownCommas: 0, paragraphs: 0, images: 0, listItems: 0, inputs: 0, embeds: 0, headingText: 0 };
}

function linkDensityOf(c: Counts): number {
  return c.text > 0 ? Math.min(1, c.link / c.text) : 0;
}

/** Why `element` is never article text, or null. */
function furnitureReason(element: Element, flags: number, insideArticle: boolean): string | null {
  const name = element.name;
  if ((name === 'noscript' || name === 'head') && !(flags & FLAG_SKIP_FALLBACK_MARKUP)) return null;
  if (NEVER_TEXT.has(name)) return `<${name}>`;
  // A <header> outside <article> is the page's, unless its names say it heads the article (it holds the lead).
  // A <header> left open by broken markup holds the rest of the page, the article with it.
  if (name === 'header' && !insideArticle && !ARTICLE_HEADER.test(namesOf(element)) && !firstByTag(element, 'article') && !firstByTag(element, 'main')) return 'page header';
  if (attr(element, 'hidden') !== null || attr(element, 'aria-hidden') === 'true' || STYLE_HIDDEN.test(attr(element, 'style') ?? '')) return 'hidden';
  const role = attr(element, 'role');
  if (role && FURNITURE_ROLES.has(role.toLowerCase())) return `role=${role}`;
  if (attr(element, 'aria-modal') === 'true') return 'modal dialog';
  // Consent and cookie notices are prose, but never the article: set aside even when a retry relaxes the names.
  if (name !== 'body' && name !== 'html' && CONSENT_NOTICE.test(namesOf(element))) return 'cookie or consent notice';
  if (name !== 'body' && name !== 'article' && name !== 'main' && AUTHOR_BOX.test(namesOf(element)) && !/testimonial/i.test(namesOf(element)) && visibleLength(textOf(element)) < MAX_AUTHOR_BOX_CHARS) return 'author box';
  if (name !== 'body' && name !== 'article' && name !== 'main' && CAPTION.test(namesOf(element)) && visibleLength(textOf(element)) < MAX_CAPTION_CHARS && !hasBylineInside(element)) return 'caption or photo credit';
  if (flags & FLAG_STRIP_UNLIKELY && name !== 'body' && name !== 'html' && name !== 'article' && name !== 'main' && name !== 'a' && name !== 'blockquote') {
    const names = namesOf(element);
    if (UNLIKELY.test(names) && !MAYBE_CONTENT.test(names)) return `unlikely name "${names.trim()}"`;
  }
  return null;
}

// ---- The pass --------------------------------------------------------------------------------------

class Pass {
  readonly dropped = new Map<Element, string>();
  readonly counts = new Map<Element, Counts>();
  readonly scores = new Map<Element, number>();
  paywalled = false;
  /** Author-marked elements and their texts (bylines), in page order, found while preparing. */
  readonly bylines: Array<{ element: Element; text: string }> = [];
  private readonly path: Element[] = [];
  /** The page's <article> elements, in document order. */
  private readonly articles: Element[] = [];

  constructor(private readonly flags: number) {}

  private initialScore(element: Element): number {
    let score = TAG_SCORE[element.name] ?? 0;
    if (this.flags & FLAG_WEIGHT_CLASSES) score += classWeight(element);
    if (/articleBody/i.test(attr(element, 'itemprop') ?? '')) score += ARTICLE_BODY_BONUS;
    return score;
  }

  /** Step 1: sets aside furniture, counts, and scores containers, in one walk. */
  prepare(element: Element, insideArticle: boolean): Counts {
    const counts = emptyCounts();
    const name = element.name;
    const inArticle = insideArticle || name === 'article' || name === 'main';
    if (name === 'article') this.articles.push(element);
    this.path.push(element);
    for (const child of element.children) {
      if (isText(child)) {
        const length = visibleLength(child.data);
        if (length === 0) continue;
        const commas = commaCount(child.data);
        counts.text += length;
        counts.ownText += length;
        counts.commas += commas;
        counts.ownCommas += commas;
        continue;
      }
      if (!isElement(child)) continue;
      const reason = furnitureReason(child, this.flags, inArticle);
      if (!this.paywalled && child.attribs.class && PAYWALL.test(child.attribs.class)) this.paywalled = true;
      if (this.bylines.length < MAX_BYLINES && isBylineElement(child)) {
        const byline = textOfCounted(child, this.dropped).replace(/\s+/g, ' ').trim();
        if (byline.length > 0 && byline.length < MAX_BYLINE_CHARS) {
          this.bylines.push({ element: child, text: byline });
          this.dropped.set(child, 'byline');
          continue;
        }
      }
      if (reason) {
        this.dropped.set(child, reason);
        continue;
      }
      const c = this.prepare(child, inArticle);
      counts.text += c.text;
      counts.link += c.link;
      counts.commas += c.commas;
      counts.paragraphs += c.paragraphs;
      counts.images += c.images;
      counts.listItems += c.listItems;
      counts.inputs += c.inputs;
      counts.embeds += c.embeds;
      counts.headingText += c.headingText;
      if (INLINE.has(child.name)) {
        counts.ownText += c.text;
        counts.ownLink += c.link;
        counts.ownCommas += c.commas;
      }
    }
    this.path.pop();
    if (name === 'a') {
      const href = attr(element, 'href') ?? '';
      counts.link = href.startsWith('#') ? counts.text * SAME_PAGE_LINK_WEIGHT : counts.text;
    } else if (name === 'p') counts.paragraphs++;
    else if (name === 'img' || name === 'picture') counts.images++;
    else if (name === 'li') counts.listItems++;
    else if (name === 'h1' || name === 'h2' || name === 'h3' || name === 'h4' || name === 'h5' || name === 'h6') counts.headingText = counts.text;
    this.counts.set(element, counts);
    if (!INLINE.has(name) && !NOT_SCORED.has(name) && counts.ownText >= MIN_PARAGRAPH_CHARS) this.scoreAncestors(counts);
    return counts;
  }

  /** A run of paragraph text raises the containers above it: the parent fully, higher ones less. */
  private scoreAncestors(paragraph: Counts): void {
    const points = 1 + paragraph.ownCommas + Math.min(3, Math.floor(paragraph.ownText / 100));
    for (let level = 0; level < SCORE_ANCESTOR_LEVELS; level++) {
      const ancestor = this.path[this.path.length - 1 - level];
      if (!ancestor) break;
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      const current = this.scores.get(ancestor) ?? this.initialScore(ancestor);
      this.scores.set(ancestor, current + points / divider);
    }
  }

  finalScore(element: Element): number {
    const score = this.scores.get(element);
    if (score === undefined) return 0;
    const counts = this.counts.get(element);
    return counts ? score * (1 - linkDensityOf(counts)) : score;
  }

  /** Step 2: the best container, moved up to a shared ancestor of the best few when they agree. */
  choose(): Element | null {
    const ranked = [...this.scores.keys()]
      .map((element) => ({ element, score: this.finalScore(element) }))
      .sort((a, b) => b.score - a.score);
    let best = ranked[0];
    if (!best || best.score <= 0) return null;
    best = this.earlierArticle(ranked, best);
    let top = best.element;
    const close = ranked.slice(1, TOP_CANDIDATES).filter((c) => c.score >= best.score * CLOSE_CANDIDATE_SHARE).map((c) => c.element);
    if (close.length >= MIN_CLOSE_CANDIDATES) {
      for (let ancestor = top.parent; ancestor && isElement(ancestor) && ancestor.name !== 'body'; ancestor = ancestor.parent) {
        const within = close.filter((c) => contains(ancestor, c)).length;
        if (within >= MIN_CLOSE_CANDIDATES) {
          top = ancestor;
          break;
        }
      }
    }
    // Up while the parent scores better than the container itself (the article is split in parts).
    let lastScore = this.finalScore(top);
    const floor = lastScore / 3;
    for (let parent = top.parent; parent && isElement(parent) && parent.name !== 'body'; parent = parent.parent) {
      if (!this.scores.has(parent)) continue;
      const parentScore = this.finalScore(parent);
      if (parentScore < floor) break;
      if (parentScore > lastScore) {
        top = parent;
        break;
      }
      lastScore = parentScore;
    }
    // An only child says no more than its parent.
    while (top.parent && isElement(top.parent) && top.parent.name !== 'body' && elementChildren(top.parent).filter((e) => !this.dropped.has(e)).length === 1) {
      top = top.parent;
    }
    return top;
  }

  /**
   * Pages that load the next articles as the reader scrolls hold one <article> after another, and
   * a later one can outscore the page's own: the best candidate of an earlier <article> is taken
   * instead when it scores EARLIER_ARTICLE_SHARE of the best.
   */
  private earlierArticle(ranked: ReadonlyArray<{ element: Element; score: number }>, best: { element: Element; score: number }): { element: Element; score: number } {
    if (this.articles.length < 2) return best;
    const own = this.articles.find((a) => contains(a, best.element));
    if (!own) return best;
    for (const article of this.articles) {
      if (article === own) break;
      if (contains(article, own) || contains(own, article)) continue;
      const candidate = ranked.find((c) => contains(article, c.element));
      if (candidate && candidate.score >= best.score * EARLIER_ARTICLE_SHARE) return candidate;
    }
    return best;
  }

  /** Step 3: the containers beside `top` that are more of the same article, in page order. */
  siblings(top: Element): Element[] {
    const parent = top.parent;
    if (!parent || !isElement(parent)) return [top];
    const topScore = this.finalScore(top);
    const threshold = Math.max(SIBLING_MIN_SCORE, topScore * SIBLING_SCORE_SHARE);
    const topClass = attr(top, 'class') ?? '';
    const kept: Element[] = [];
    for (const sibling of elementChildren(parent)) {
      if (this.dropped.has(sibling)) continue;
      if (sibling === top) {
        kept.push(sibling);
        continue;
      }
      const bonus = topClass && attr(sibling, 'class') === topClass ? topScore * SIBLING_SCORE_SHARE : 0;
      if (this.scores.has(sibling) && this.finalScore(sibling) + bonus >= threshold) {
        kept.push(sibling);
        continue;
      }
      const counts = this.counts.get(sibling);
      if (!counts || (sibling.name !== 'p' && INLINE.has(sibling.name))) continue;
      const density = linkDensityOf(counts);
      if (sibling.name !== 'p' && counts.ownText < counts.text) {
        // A wrapper beside the article (an intro, a second part) joins when it holds prose and is not named like furniture.
        if (counts.text > SIBLING_WRAPPER_MIN_CHARS && density < 0.25 && counts.paragraphs > 0 && classWeight(sibling) >= 0) kept.push(sibling);
        continue;
      }
      if (counts.text > 80 && density < 0.25) kept.push(sibling);
      else if (counts.text > 0 && counts.text <= 80 && density === 0 && SENTENCE_END.test(textOfCounted(sibling, this.dropped))) kept.push(sibling);
    }
    return kept;
  }

  /**
   * The article's own byline: of the author-marked elements, the first one inside the closest
   * ancestor of the main container that holds any (pages also carry other articles' bylines in
   * teasers and sidebars, often before the article).
   */
  chooseByline(top: Element | null): string | null {
    for (let scope: ParentNode | null = top; scope && isElement(scope); scope = scope.parent) {
      const inside = this.bylines.find((b) => contains(scope as Element, b.element));
      if (inside) return inside.text;
    }
    return this.bylines[0]?.text ?? null;
  }

  /**
   * Step 3b: the prose paragraphs of the article around the chosen containers. When they sit inside
   * an <article> or <main> (within ARTICLE_SCOPE_LEVELS), its other paragraphs of prose before and
   * between them (a lead, an intro in a header of its own) are the same article: they join, in page order.
   */
  widen(kept: readonly Element[]): Element[] {
    const first = kept[0];
    if (!first) return [...kept];
    let scope: Element | null = null;
    let level = 0;
    for (let node = first.parent; node && isElement(node) && level < ARTICLE_SCOPE_LEVELS; node = node.parent, level++) {
      if (node.name === 'article' || node.name === 'main' || ARTICLE_CONTAINER.test(attr(node, 'class') ?? '')) {
        scope = node;
        break;
      }
    }
    if (!scope || this.dropped.has(scope)) return [...kept];
    const keptSet = new Set(kept);
    const roots: Element[] = [];
    let keptSeen = 0;
    const visit = (element: Element): void => {
      for (const child of element.children) {
        // After the last chosen container come author boxes, notices and teasers, not more article.
        if (keptSeen === kept.length) return;
        if (!isElement(child) || this.dropped.has(child)) continue;
        if (keptSet.has(child)) {
          roots.push(child);
          keptSeen++;
          continue;
        }
        if (child.name === 'figure' || child.name === 'a') continue;
        const counts = this.counts.get(child);
        if (!counts || counts.text === 0) continue;
        // A standfirst set as a subheading (<h2 class="article-lead">): a sentence-long heading without links.
        if (LEAD_HEADINGS.has(child.name)) {
          if (counts.text >= MIN_LEAD_HEADING_CHARS && counts.link === 0 && classWeight(child) >= 0) roots.push(child);
          continue;
        }
        // A paragraph, or a container of text alone (a lead in a <div class="intro">).
        if (child.name === 'p' || (counts.ownText === counts.text && !INLINE.has(child.name) && !NOT_SCORED.has(child.name))) {
          if (counts.text >= MIN_WIDENED_PARAGRAPH_CHARS && linkDensityOf(counts) < 0.2 && classWeight(child) >= 0) roots.push(child);
          continue;
        }
        visit(child);
      }
    };
    visit(scope);
    // Every chosen container must still be there (a kept one nested in another would have been skipped).
    return kept.every((k) => roots.includes(k)) ? roots : [...kept];
  }

  /** Step 4: drops link lists, share bars, forms, galleries, bylines and link-only lines inside the kept containers. */
  clean(roots: readonly Element[]): string | null {
    let byline: string | null = null;
    let keptText = 0;
    for (const root of roots) keptText += this.counts.get(root)?.text ?? 0;
    const visit = (element: Element): void => {
      for (const child of element.children) {
        if (!isElement(child) || this.dropped.has(child)) continue;
        const counts = this.counts.get(child);
        if (!counts) continue;
        let reason = this.cleanReason(child, counts);
        // A block holding most of the article is the article, whatever its names or pictures: look inside it instead.
        if (reason && reason !== 'byline' && reason !== 'share bar' && counts.text >= keptText * MAX_CLEANED_SHARE && linkDensityOf(counts) < MAX_CLEANED_BULK_LINK_DENSITY) reason = null;
        if (reason === 'byline') {
          byline ??= textOfCounted(child, this.dropped).trim().replace(/\s+/g, ' ');
          this.dropped.set(child, reason);
        } else if (reason) this.dropped.set(child, reason);
        else visit(child);
      }
    };
    for (const root of roots) visit(root);
    return byline;
  }

  private cleanReason(element: Element, counts: Counts): string | null {
    const name = element.name;
    const names = namesOf(element);
    const markedAuthor = /author/i.test(attr(element, 'rel') ?? '') || /author/i.test(attr(element, 'itemprop') ?? '');
    if ((markedAuthor || BYLINE.test(names)) && counts.text > 0 && counts.text < MAX_BYLINE_CHARS && counts.paragraphs <= 1) return 'byline';
    if (SHARE.test(names) && counts.text < MAX_NAMED_FURNITURE_CHARS) return 'share bar';
    const density = linkDensityOf(counts);
    if (/^h[1-6]$/.test(name)) {
      if ((this.flags & FLAG_WEIGHT_CLASSES && classWeight(element) < 0) || density > 0.33) return 'heading of a link list';
      return null;
    }
    if (!(this.flags & FLAG_CLEAN_CONDITIONALLY)) return null;
    if ((name === 'p' || name === 'div') && counts.text > 0 && counts.text < MAX_BYLINE_CHARS && density > 0.9 && counts.paragraphs <= 1) return 'link-only line';
    if (!CLEANED_CONDITIONALLY.has(name)) return null;
    const weight = this.flags & FLAG_WEIGHT_CLASSES ? classWeight(element) : 0;
    if (weight + (this.scores.get(element) ?? 0) < 0 && weight < 0) return `named like furniture "${names.trim()}"`;
    if (counts.commas >= PROSE_COMMAS) return null;
    const isList = name === 'ul' || name === 'ol';
    const paragraphs = counts.paragraphs;
    const headingDensity = counts.text > 0 ? counts.headingText / counts.text : 0;
    if (counts.images > 1 && paragraphs / counts.images < 0.5 && counts.text < MAX_GALLERY_TEXT_PER_IMAGE * counts.images && name !== 'figure') return 'gallery (more images than paragraphs)';
    if (!isList && counts.listItems > paragraphs && name !== 'table' && counts.listItems > 1 && density > 0.5) return 'link list';
    if (counts.inputs > Math.floor(paragraphs / 3)) return 'form';
    if (!isList && headingDensity < 0.9 && counts.text < 25 && (counts.images === 0 || counts.images > 2) && density > 0) return 'short link block';
    if (!isList && weight < 25 && density > 0.2) return `link-heavy block (${Math.round(density * 100)}% links)`;
    if (weight >= 25 && density > 0.5) return `link-heavy block (${Math.round(density * 100)}% links)`;
    if (isList && density > 0.5) return `link list (${Math.round(density * 100)}% links)`;
    return null;
  }
}

function isBylineElement(element: Element): boolean {
  if (NEVER_TEXT.has(element.name) || element.name === 'meta') return false;
  const rel = attr(element, 'rel');
  const itemprop = attr(element, 'itemprop');
  return (rel !== null && /author/i.test(rel)) || (itemprop !== null && /author/i.test(itemprop)) || BYLINE.test(namesOf(element));
}

/** A "credit" line can be the article's own byline ("By … , date"): such a box is not a photo credit. */
function hasBylineInside(element: Element): boolean {
  for (const child of element.children) if (isElement(child) && (isBylineElement(child) || hasBylineInside(child))) return true;
  return false;
}

function elementChildren(node: ParentNode): Element[] {
  return node.children.filter(isElement);
}

function contains(ancestor: Element, node: Element): boolean {
  for (let n: ParentNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

function textOfCounted(element: Element, dropped: ReadonlyMap<Element, string>): string {
  let out = '';
  for (const child of element.children) {
    if (isText(child)) out += child.data;
    else if (isElement(child) && !dropped.has(child) && !NEVER_TEXT.has(child.name)) out += `${isBlockLevel(child.name) ? ' ' : ''}${textOfCounted(child, dropped)}`;
  }
  return out;
}

function bodyOf(document: PageDocument): Element | null {
  const html = document.children.find((n): n is Element => isElement(n) && n.name === 'html');
  const body = html?.children.find((n): n is Element => isElement(n) && n.name === 'body');
  return body ?? html ?? null;
}

/** The page's whole document as one element (pages without <html>/<body> keep their text). */
function rootOf(document: PageDocument): Element {
  const body = bodyOf(document);
  if (body) return body;
  // A synthetic root over the document's top-level nodes, without re-parenting them.
  return { name: 'body', attribs: {}, children: document.children, parent: null, type: 'tag' } as unknown as Element;
}

function runPass(document: PageDocument, flags: number): MainText {
  const pass = new Pass(flags);
  const root = rootOf(document);
  // Pages whose text sits outside <body> (before <html>, after </body>) still count: walk them all.
  const roots = bodyOf(document) ? [root, ...strayRoots(document, root, flags)] : [root];
  for (const r of roots) pass.prepare(r, false);
  const top = pass.choose();
  const kept = top ? pass.widen(pass.siblings(top)) : roots;
  const byline = pass.chooseByline(top) ?? pass.clean(kept);
  if (pass.bylines.length) pass.clean(kept);
  const blocks = bodyBlocks(kept, pass.dropped, !(flags & FLAG_SKIP_FALLBACK_MARKUP));
  let textLength = 0;
  for (const block of blocks) textLength += block.text.length;
  let link = 0;
  let text = 0;
  for (const element of kept) {
    const c = pass.counts.get(element);
    if (c) {
      link += c.link;
      text += c.text;
    }
  }
  return { blocks, textLength, linkDensity: text > 0 ? Math.min(1, link / text) : 0, wholePage: top === null, relaxed: [], readFallbacks: !(flags & FLAG_SKIP_FALLBACK_MARKUP), paywalled: pass.paywalled, byline, dropped: pass.dropped, kept };
}

/** Elements outside <body> that hold text (broken pages put the article there). */
function strayRoots(document: PageDocument, body: Element, flags: number): Element[] {
  const stray: Element[] = [];
  const html = body.parent;
  const containers: ParentNode[] = html && isElement(html) ? [document, html] : [document];
  for (const container of containers) {
    for (const child of container.children) {
      if (!isElement(child) || child === body || child === html || (child.name === 'head' && flags & FLAG_SKIP_FALLBACK_MARKUP)) continue;
      if (!NEVER_TEXT.has(child.name) || child.name === 'head') stray.push(child);
    }
  }
  return stray;
}

/** Steps 1–5 with retries: the main text of the page, and what was relaxed to find it. */
export function findMainText(document: PageDocument): MainText {
  let flags = ALL_FLAGS;
  let best = runPass(document, flags);
  const relaxed: string[] = [];
  for (const { flag, note } of RETRY_RELAXES) {
    if (best.textLength >= MIN_ARTICLE_CHARS) break;
    flags &= ~flag;
    relaxed.push(note);
    const attempt = runPass(document, flags);
    if (attempt.textLength > best.textLength * RETRY_GAIN) best = { ...attempt, relaxed: [...relaxed] };
  }
  return best;
}
