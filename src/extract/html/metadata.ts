import { normalizeSpace, wordTokens } from '../../text/tokens.js';
import { attr, elementsByTag, firstByTag, textOf, type Element, type PageDocument } from './dom.js';

/**
 * What a page says about itself, read from the same DOM the body is taken from: JSON-LD
 * (schema.org Article types, incl. `@graph` and arrays), OpenGraph and article:* properties, the
 * meta tags of the big publishing systems (Parse.ly, Sailthru, Dublin Core), `<link rel=canonical>`,
 * `<time datetime>` and `<html lang>`. Every field keeps its candidates in order of trust; the
 * recipe in index.ts decides which one wins.
 */

/** schema.org types whose node describes the article itself. */
const JSON_LD_ARTICLE_TYPE = /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference)$/;

/** Meta keys (name / property / itemprop, lower-cased) naming the title, in order of trust. */
const TITLE_META = ['dc:title', 'dc.title', 'dcterms.title', 'dcterm:title', 'og:title', 'title', 'twitter:title', 'parsely-title', 'sailthru.title'];
/** Meta keys naming the authors, in order of trust. */
const AUTHOR_META = ['dc:creator', 'dc.creator', 'dcterms.creator', 'dcterm:creator', 'author', 'article:author', 'article:author_name', 'og:article:author', 'parsely-author', 'sailthru.author', 'byl', 'byline'];
/** Meta keys holding the publication date, in order of trust. */
const PUBLISHED_META = [
  'article:published_time', 'og:published_time', 'datepublished', 'parsely-pub-date', 'sailthru.date', 'pubdate',
  'publishdate', 'publish-date', 'publish_date', 'date', 'dc.date.issued', 'dc.date', 'dcterms.issued',
  'dcterms.created', 'dcterms.date', 'article.published', 'published_time', 'og:article:published_time',
];
/** Meta keys holding the site's own name, in order of trust. */
const SITE_NAME_META = ['og:site_name', 'application-name'];
/** Meta keys holding the summary, in order of trust. */
const DESCRIPTION_META = ['og:description', 'description', 'twitter:description', 'dc:description', 'dc.description'];
/** How deep recipe steps may nest (sections of steps); deeper values are not read. */
const MAX_RECIPE_NESTING = 6;
/** Meta keys holding the page's language. */
const LANGUAGE_META = ['content-language', 'language', 'dc.language', 'og:locale'];

export interface PageMetadata {
  /** Headline candidates, most trusted first (JSON-LD, OpenGraph, other meta). */
  titles: string[];
  /** The `<title>` element's text. */
  documentTitle: string | null;
  /** Texts of the `<h1>` elements, in document order. */
  headings: string[];
  siteNames: string[];
  /** `og:url`, raw. */
  ogUrl: string | null;
  /** `<link rel=canonical>` href, raw. */
  canonicalHref: string | null;
  /** Author names or byline strings from the most trusted source that has any (JSON-LD, else one meta key). */
  authors: string[];
  /** Date expressions, most trusted first. */
  publishedDates: string[];
  /** Language tags as declared, most trusted first. */
  languages: string[];
  tags: string[];
  descriptions: string[];
  /** JSON-LD `isAccessibleForFree`: false marks a paywalled article (the page may hold only a teaser). */
  accessibleForFree: boolean | null;
  /** JSON-LD `articleBody` as given (line breaks kept; some pages put HTML in it), or null. */
  articleBody: string | null;
  /** The schema.org Recipe the page declares (ingredient lines, steps), or null. */
  recipe: DeclaredRecipe | null;
}

export interface DeclaredRecipe {
  ingredients: string[];
  instructions: string[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const clean = normalizeSpace(value);
  return clean ? clean : null;
}

function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Every JSON object in a JSON-LD value (arrays, `@graph`, nested `mainEntity`…), breadth first. */
function jsonLdNodes(root: unknown): JsonObject[] {
  const nodes: JsonObject[] = [];
  const queue: unknown[] = [root];
  // JSON.parse gives a finite tree; the cap only bounds pathological pages.
  for (let i = 0; i < queue.length && nodes.length < 2000; i++) {
    const value = queue[i];
    if (Array.isArray(value)) queue.push(...value);
    else if (isObject(value)) {
      nodes.push(value);
      for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) queue.push(child);
    }
  }
  return nodes;
}

/** Names in a schema.org `author` / `publisher` value: a string, a Person, an `@id` reference, or an array of those. */
function jsonLdNames(value: unknown, byId: Map<string, JsonObject>): string[] {
  const values = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of values) {
    const direct = text(item);
    if (direct) names.push(direct);
    else if (isObject(item)) {
      const node = typeof item['@id'] === 'string' && item.name === undefined ? byId.get(item['@id']) ?? item : item;
      const name = text(node.name);
      if (name) names.push(name);
    }
  }
  return names;
}

function keywordList(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keywordList);
  const s = text(value);
  return s ? s.split(/\s*[,;]\s*/).filter(Boolean) : [];
}

interface JsonLdArticle {
  headline: string | null;
  authors: string[];
  publisher: string | null;
  datePublished: string | null;
  description: string | null;
  keywords: string[];
  language: string | null;
  accessibleForFree: boolean | null;
  articleBody: string | null;
}

function accessibility(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(?:true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return null;
}

function parseJsonLdScripts(document: PageDocument): unknown[] {
  const parsed: unknown[] = [];
  for (const script of elementsByTag(document, 'script')) {
    if (!/^\s*application\/ld\+json/i.test(attr(script, 'type') ?? '')) continue;
    const source = textOf(script).replace(/^\s*(?:<!--)?\s*<!\[CDATA\[|\]\]>\s*(?:-->)?\s*$/g, '');
    try {
      parsed.push(JSON.parse(source));
    } catch {
      // Broken JSON-LD is common (trailing commas, raw newlines in strings): the page's other metadata still counts.
    }
  }
  return parsed;
}

/**
 * Some pages put the site's name or a description in `name` and the headline in `headline`, or
 * the other way round (Wikipedia): of two different values, the one sharing more words with the
 * page's other titles is the headline.
 */
function jsonLdHeadline(article: JsonObject, otherTitles: readonly string[]): string | null {
  const headline = text(article.headline);
  const name = text(article.name);
  if (!headline || !name || headline === name) return headline ?? name;
  const reference = new Set(otherTitles.flatMap(wordTokens));
  const overlap = (candidate: string): number => {
    const words = wordTokens(candidate);
    return words.length ? words.filter((w) => reference.has(w)).length / words.length : 0;
  };
  return overlap(name) > overlap(headline) ? name : headline;
}

/** The page's JSON-LD article node, with `@id` references to Person / Organization nodes resolved. */
function readJsonLdArticle(nodes: readonly JsonObject[], otherTitles: readonly string[]): JsonLdArticle | null {
  const article = nodes.find((node) => typesOf(node).some((t) => JSON_LD_ARTICLE_TYPE.test(t)));
  if (!article) return null;
  const byId = new Map<string, JsonObject>();
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  return {
    headline: jsonLdHeadline(article, otherTitles),
    authors: jsonLdNames(article.author, byId).concat(jsonLdNames(article.creator, byId)),
    publisher: jsonLdNames(article.publisher, byId)[0] ?? null,
    datePublished: text(article.datePublished) ?? text(article.dateCreated),
    description: text(article.description),
    keywords: keywordList(article.keywords),
    language: text(article.inLanguage),
    accessibleForFree: accessibility(article.isAccessibleForFree),
    articleBody: typeof article.articleBody === 'string' && article.articleBody.trim() ? article.articleBody : null,
  };
}

/** The lines of a schema.org recipeInstructions value: text, HowToStep / HowToSection objects, or arrays of those. */
function instructionLines(value: unknown, depth = 0): string[] {
  if (depth > MAX_RECIPE_NESTING) return [];
  if (typeof value === 'string') return value.split(/\n+/).map(normalizeSpace).filter(Boolean);
  if (Array.isArray(value)) return value.flatMap((item) => instructionLines(item, depth + 1));
  if (!isObject(value)) return [];
  if (value.itemListElement !== undefined) {
    const name = text(value.name);
    return [...(name ? [name] : []), ...instructionLines(value.itemListElement, depth + 1)];
  }
  return instructionLines(value.text ?? value.name, depth + 1);
}

/** The page's schema.org Recipe: its ingredient lines and steps, or null. */
function readJsonLdRecipe(nodes: readonly JsonObject[]): DeclaredRecipe | null {
  const recipe = nodes.find((node) => typesOf(node).includes('Recipe'));
  if (!recipe) return null;
  const ingredients = (Array.isArray(recipe.recipeIngredient) ? recipe.recipeIngredient : [recipe.recipeIngredient]).map(text).filter((line): line is string => line !== null);
  const instructions = instructionLines(recipe.recipeInstructions);
  return ingredients.length || instructions.length ? { ingredients, instructions } : null;
}

/** All meta tags as key → contents, keys lower-cased; a tag may carry several space-separated keys. */
function readMetaTags(document: PageDocument): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const meta of elementsByTag(document, 'meta')) {
    const content = text(attr(meta, 'content'));
    if (!content) continue;
    const keys = [attr(meta, 'property'), attr(meta, 'name'), attr(meta, 'itemprop'), attr(meta, 'http-equiv')];
    for (const keyList of keys) {
      for (const key of (keyList ?? '').toLowerCase().split(/\s+/)) {
        if (!key) continue;
        const list = tags.get(key);
        if (list) list.push(content);
        else tags.set(key, [content]);
      }
    }
  }
  return tags;
}

function metaValues(tags: Map<string, string[]>, keys: readonly string[]): string[] {
  return keys.flatMap((key) => tags.get(key) ?? []);
}

/** The values of the first of `keys` that the page has: several keys often repeat one name in different forms. */
function firstMetaValues(tags: Map<string, string[]>, keys: readonly string[]): string[] {
  for (const key of keys) {
    const values = tags.get(key);
    if (values?.length) return values;
  }
  return [];
}

function textsOf(elements: readonly Element[]): string[] {
  const texts: string[] = [];
  for (const element of elements) {
    const t = text(textOf(element));
    if (t) texts.push(t);
  }
  return texts;
}

function canonicalHref(document: PageDocument): string | null {
  for (const link of elementsByTag(document, 'link')) {
    const rel = (attr(link, 'rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('canonical')) return text(attr(link, 'href'));
  }
  return null;
}

/** `<time datetime>` values, the ones marked as the publication time first. */
function timeElementDates(document: PageDocument): string[] {
  const marked: string[] = [];
  const others: string[] = [];
  for (const time of elementsByTag(document, 'time')) {
    const value = text(attr(time, 'datetime'));
    if (!value) continue;
    const isPublication = attr(time, 'pubdate') !== null || /datePublished/i.test(attr(time, 'itemprop') ?? '') || /publish/i.test(attr(time, 'class') ?? '');
    (isPublication ? marked : others).push(value);
  }
  return [...marked, ...others];
}

function declaredLanguages(document: PageDocument, tags: Map<string, string[]>, jsonLd: JsonLdArticle | null): string[] {
  const root = firstByTag(document, 'html');
  const fromRoot = root ? [attr(root, 'lang'), attr(root, 'xml:lang')] : [];
  const bodyElement = firstByTag(document, 'body');
  const body = bodyElement ? attr(bodyElement, 'lang') : null;
  return [...fromRoot, body, ...metaValues(tags, LANGUAGE_META), jsonLd?.language ?? null]
    .map((value) => text(value))
    .filter((value): value is string => value !== null);
}

function unique(values: Array<string | null | undefined>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    if (!value) continue;
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

/** Reads the page's metadata. Does not modify the document. */
export function readPageMetadata(document: PageDocument): PageMetadata {
  const tags = readMetaTags(document);
  const titleElement = firstByTag(document, 'title');
  const documentTitle = titleElement ? text(textOf(titleElement)) : null;
  const metaTitles = metaValues(tags, TITLE_META);
  const jsonLdObjects = parseJsonLdScripts(document).flatMap(jsonLdNodes);
  const jsonLd = readJsonLdArticle(jsonLdObjects, documentTitle ? [documentTitle, ...metaTitles] : metaTitles);
  return {
    titles: unique([jsonLd?.headline, ...metaTitles]),
    documentTitle,
    headings: textsOf(elementsByTag(document, 'h1')),
    siteNames: unique([...metaValues(tags, SITE_NAME_META.slice(0, 1)), jsonLd?.publisher, ...metaValues(tags, SITE_NAME_META.slice(1))]),
    ogUrl: tags.get('og:url')?.[0] ?? null,
    canonicalHref: canonicalHref(document),
    authors: unique(jsonLd?.authors.length ? jsonLd.authors : firstMetaValues(tags, AUTHOR_META)),
    publishedDates: unique([jsonLd?.datePublished, ...metaValues(tags, PUBLISHED_META), ...timeElementDates(document)]),
    languages: declaredLanguages(document, tags, jsonLd),
    tags: unique([...(tags.get('article:tag') ?? []).flatMap(keywordList), ...(jsonLd?.keywords ?? []), ...keywordList(tags.get('news_keywords') ?? [])]),
    descriptions: unique([jsonLd?.description, ...metaValues(tags, DESCRIPTION_META)]),
    accessibleForFree: jsonLd?.accessibleForFree ?? null,
    articleBody: jsonLd?.articleBody ?? null,
    recipe: readJsonLdRecipe(jsonLdObjects),
  };
}
