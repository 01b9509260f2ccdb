import type { Block, ExtractedArticle, Published } from '../../model/article.js';
import { articleText } from '../../model/article.js';
import { parsePublished } from '../../text/dates.js';
import { normalizeSpace } from '../../text/tokens.js';
import type { ExtractHints } from '../hints.js';
import { detectLanguage, normalizeLanguageTag } from '../language.js';
import { bylineNames } from './byline.js';
import { separateCitedSources } from './cited-sources.js';
import { extractionConfidence } from './confidence.js';
import { parsePage } from './dom.js';
import { bodyBlocks } from './body-blocks.js';
import { findMainText, MIN_ARTICLE_CHARS } from './main-text.js';
import { readPageMetadata, type DeclaredRecipe, type PageMetadata } from './metadata.js';
import { dropStrayLines } from './stray-lines.js';
import { chooseTitle } from './title.js';

/**
 * HTML page → article. The recipe:
 *   1. parse the page once (htmlparser2 → domhandler), refusing documents nested beyond MAX_NESTING_DEPTH;
 *   2. read the page's metadata from that DOM (metadata.ts);
 *   3. find the main text in the same DOM (main-text.ts: prepare, score, choose, siblings, clean,
 *      blocks, with retries that say what they relaxed); when no container scores, the page
 *      body's own paragraphs are taken at a lower confidence; when the page shows almost none of
 *      its article but declares it in JSON-LD (articleBody), that is taken instead;
 *   4. tidy the body: drop a repeated headline, add the ingredients and steps of a declared recipe
 *      the main text left out, lift a standfirst the page marks, move "Source: …" lines to cited
 *      sources, drop stray lines (stray-lines.ts: dates, reading times, credits and captions,
 *      "Read more" pointers, calls to subscribe), headings left with nothing under them, the tail
 *      an "About the author" / "Comments" line opens and short non-sentence lines at the end;
 *   5. copy the article's strings off the page's (a V8 slice would keep the whole page alive);
 *   6. decide each field from its candidates, most trusted first.
 */

export { MAX_NESTING_DEPTH } from './dom.js';

/** Pages whose body text is shorter than this get a note: probably a teaser, a gallery or a paywall. */
const SHORT_BODY_CHARS = 500;
/**
 * The JSON-LD articleBody replaces the body found in the page when that body is short (under
 * ARTICLE_BODY_GAIN × SHORT_BODY_CHARS) and the declared one has this many times its text: the
 * page renders its article with scripts.
 */
const ARTICLE_BODY_GAIN = 2;
/** A declared recipe's ingredients or steps are added when more than this share of them is missing from the body. */
const RECIPE_MISSING_SHARE = 0.5;
/** Kept text with more of its characters in links than this is a list of links: an index page. */
const INDEX_PAGE_LINK_DENSITY = 0.5;

function sameText(a: string, b: string): boolean {
  return normalizeSpace(a).toLowerCase() === normalizeSpace(b).toLowerCase();
}

/** `href` as an absolute http(s) URL (resolved against `base` when relative), or null. */
function absoluteUrl(href: string | null | undefined, base: string | null): string | null {
  if (!href) return null;
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function domainOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./i, '') || null;
  } catch {
    return null;
  }
}

function firstPublished(candidates: readonly string[]): Published | null {
  for (const candidate of candidates) {
    const published = parsePublished(candidate);
    if (published) return published;
  }
  return null;
}

function declaredLanguage(metadata: PageMetadata): string | null {
  for (const tag of metadata.languages) {
    const language = normalizeLanguageTag(tag);
    if (language) return language;
  }
  return null;
}

/**
 * A standfirst is taken only where the page marks one clearly: its declared description
 * (JSON-LD, og:description, meta description) is word for word the first body paragraph.
 */
function liftStandfirst(blocks: Block[], metadata: PageMetadata): { standfirst: string | null; blocks: Block[] } {
  const first = blocks[0];
  if (first?.kind === 'paragraph' && metadata.descriptions.some((d) => sameText(d, first.text))) {
    return { standfirst: first.text, blocks: blocks.slice(1) };
  }
  return { standfirst: null, blocks };
}

/**
 * `blocks` with the declared recipe's ingredients (as list items) and steps (as paragraphs)
 * added at the end when most of them are missing: recipe pages set them in boxes of their own
 * that the main text leaves out. The same `blocks` when nothing is added.
 */
function withDeclaredRecipe(blocks: Block[], recipe: DeclaredRecipe): Block[] {
  const found = normalizeSpace(blocks.map((b) => b.text).join(' ')).toLowerCase();
  const mostlyMissing = (lines: readonly string[]): boolean => lines.filter((line) => !found.includes(line.toLowerCase())).length > lines.length * RECIPE_MISSING_SHARE;
  const added: Block[] = [];
  if (recipe.ingredients.length && mostlyMissing(recipe.ingredients)) added.push(...recipe.ingredients.map((text): Block => ({ kind: 'list-item', text })));
  if (recipe.instructions.length && mostlyMissing(recipe.instructions)) added.push(...recipe.instructions.map((text): Block => ({ kind: 'paragraph', text })));
  return added.length ? [...blocks, ...added] : blocks;
}

/** Blocks of a JSON-LD articleBody: HTML when it has tags, else paragraphs split at line breaks. */
function declaredBodyBlocks(articleBody: string): Block[] {
  if (/<\/?(?:p|br|div|h[1-6]|li)\b/i.test(articleBody)) return bodyBlocks([parsePage(articleBody)]);
  return articleBody.split(/\n+/).map((line) => normalizeSpace(line)).filter(Boolean).map((text) => ({ kind: 'paragraph', text }));
}

/**
 * A copy of `value` whose strings are copies. The parser's strings are slices of the page's HTML,
 * and a V8 slice keeps its whole parent alive: an article kept after extraction would keep its
 * page (often a megabyte) in memory with it.
 */
function detached<T>(value: T): T {
  if (typeof value === 'string') return (` ${value}`).slice(1) as T;
  if (Array.isArray(value)) return value.map(detached) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) copy[key] = detached(field);
    return copy as T;
  }
  return value;
}

/** Extracts the article from an HTML page. Pure; throws only for documents nested beyond MAX_NESTING_DEPTH. */
export function extractFromHtml(html: string, hints: ExtractHints): ExtractedArticle {
  const notes: string[] = [];
  const document = parsePage(html);
  const metadata = readPageMetadata(document);

  const url = absoluteUrl(hints.url, null) ?? absoluteUrl(metadata.ogUrl, null) ?? absoluteUrl(metadata.canonicalHref, null);
  const canonicalUrl = absoluteUrl(metadata.canonicalHref, url);

  const main = findMainText(document);
  let blocks = main.blocks;
  if (metadata.articleBody && main.textLength < SHORT_BODY_CHARS * ARTICLE_BODY_GAIN) {
    const declared = declaredBodyBlocks(metadata.articleBody);
    const declaredLength = declared.reduce((n, b) => n + b.text.length, 0);
    if (declaredLength >= MIN_ARTICLE_CHARS && declaredLength > main.textLength * ARTICLE_BODY_GAIN) {
      blocks = declared;
      notes.push('body from the page\'s JSON-LD articleBody (the page shows less of it)');
    }
  }
  if (main.wholePage) notes.push('no main container found: body taken from the page\'s own paragraphs');
  if (main.relaxed.length) notes.push(`retried: ${main.relaxed.join('; ')}`);

  let title: string | null = null;
  if (hints.title && normalizeSpace(hints.title)) {
    title = normalizeSpace(hints.title);
    notes.push('title given by the source');
  } else {
    const chosen = chooseTitle(metadata);
    if (chosen) {
      title = chosen.title;
      if (chosen.source !== 'metadata') notes.push(`title from the page's ${chosen.source === 'h1' ? '<h1>' : '<title>'}`);
    }
  }
  if (title !== null && blocks[0] && sameText(blocks[0].text, title)) blocks = blocks.slice(1);
  if (metadata.recipe) {
    const completed = withDeclaredRecipe(blocks, metadata.recipe);
    if (completed !== blocks) notes.push('recipe ingredients or steps from the page\'s JSON-LD (the page shows them outside the main text)');
    blocks = completed;
  }

  const lifted = liftStandfirst(blocks, metadata);
  // "Source: …" lines first: they end the body and would pass for stray lines.
  const separated = separateCitedSources(lifted.blocks);
  blocks = dropStrayLines(separated.blocks);
  const standfirst = lifted.standfirst;
  if (standfirst) notes.push('standfirst is the description the page declares');

  let byline = bylineNames(metadata.authors);
  if (byline.length === 0 && main.byline) byline = bylineNames([main.byline]);

  let published = hints.published ?? null;
  if (!published) published = firstPublished(metadata.publishedDates);

  const text = articleText({ standfirst, blocks });
  const confidence = extractionConfidence({ textLength: text.length, linkDensity: main.linkDensity, wholePage: main.wholePage, retries: main.relaxed.length });
  let language = declaredLanguage(metadata);
  if (!language) {
    language = detectLanguage(text);
    if (language) notes.push('language detected from the text (the page declares none)');
  }
  if (text.length === 0) notes.push('no main text found');
  else if (main.linkDensity > INDEX_PAGE_LINK_DENSITY) notes.push('index page, not an article');
  else if (text.length < SHORT_BODY_CHARS) {
    notes.push(`short body (${text.length} characters)`);
    if (metadata.accessibleForFree === false || main.paywalled) notes.push('teaser only');
  }

  return detached({
    url,
    canonicalUrl,
    outlet: { name: metadata.siteNames[0] ?? hints.outletName ?? null, domain: domainOf(url ?? canonicalUrl) },
    title,
    titleOrigin: title === null ? 'none' : 'found',
    standfirst,
    byline,
    published,
    language,
    blocks,
    tags: metadata.tags,
    citedSources: separated.citedSources,
    extraction: { method: 'html-storyline', confidence, notes },
  });
}
