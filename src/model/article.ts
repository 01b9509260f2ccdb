import { createHash } from 'node:crypto';
import { z } from 'zod';

/** When an article was published, as precisely as the page says and no more precisely. */
export const PublishedSchema = z.object({
  /**
   * ISO 8601 as far as known: `2023-11-16`, `2023-11-16T03:53`, `2023-11-16T03:53:00+02:00`.
   * A zone offset appears only when the source gave one: a zone is never invented.
   */
  value: z.string(),
  precision: z.enum(['year', 'month', 'day', 'minute', 'second']),
  hasTimeZone: z.boolean(),
});
export type Published = z.infer<typeof PublishedSchema>;

export const BlockKindSchema = z.enum(['paragraph', 'heading', 'quote', 'list-item']);
export type BlockKind = z.infer<typeof BlockKindSchema>;

/** One block of the body, in reading order. */
export const BlockSchema = z.object({ kind: BlockKindSchema, text: z.string().min(1) });
export type Block = z.infer<typeof BlockSchema>;

export const OutletSchema = z.object({
  /** How the outlet names itself ("Al Mayadeen English"), if known. */
  name: z.string().nullable(),
  /** Registrable host of the article URL, without `www.` ("almayadeen.net"), if known. */
  domain: z.string().nullable(),
});
export type Outlet = z.infer<typeof OutletSchema>;

/** A line where the article names where its information comes from ("Source: NBC News"). */
export const CitedSourceSchema = z.object({
  name: z.string().min(1),
  /** The line as it appears in the page. */
  line: z.string(),
});
export type CitedSource = z.infer<typeof CitedSourceSchema>;

export const ExtractionMethodSchema = z.enum([
  'html-readability', // body from Readability.js on linkedom, metadata from the DOM
  'html-storyline', // body and metadata from Storyline's own extractor on one htmlparser2 DOM
  'text-clean', // plain text that is already just the article
  'text-page-dump', // plain text of a whole web page: menus, tickers, footers removed
  'record', // a JSON / JSONL record whose fields were taken as given
]);
export type ExtractionMethod = z.infer<typeof ExtractionMethodSchema>;

/** What extraction makes of one document: pure data, no identity or storage concerns. */
export const ExtractedArticleSchema = z.object({
  url: z.string().nullable(),
  canonicalUrl: z.string().nullable(),
  outlet: OutletSchema,
  title: z.string().nullable(),
  /** 'found' when the page states the headline; 'derived' when made from the text; 'none' when there is none. */
  titleOrigin: z.enum(['found', 'derived', 'none']),
  standfirst: z.string().nullable(),
  byline: z.array(z.string()),
  published: PublishedSchema.nullable(),
  /** ISO 639-1 code, or null when it cannot be told. */
  language: z.string().nullable(),
  blocks: z.array(BlockSchema),
  tags: z.array(z.string()),
  citedSources: z.array(CitedSourceSchema),
  extraction: z.object({
    method: ExtractionMethodSchema,
    /** 0..1: how sure extraction is that the body is the article and all of it. */
    confidence: z.number().min(0).max(1),
    /** Human-readable notes on what was decided and why (e.g. "title derived from first sentence"). */
    notes: z.array(z.string()),
  }),
});
export type ExtractedArticle = z.infer<typeof ExtractedArticleSchema>;

/** An article as stored: extraction's output plus identity. */
export const ArticleSchema = ExtractedArticleSchema.extend({
  /** Stable id: derived from the article's key (canonical URL, URL, or input origin). */
  id: z.string(),
  /** Which stored version of this article this is (1 for the first). */
  version: z.number().int().positive(),
  /** Content hash of the document it was extracted from. */
  documentHash: z.string(),
  /** Where the document came from (file path, URL, `path#line`). */
  origin: z.string(),
});
export type Article = z.infer<typeof ArticleSchema>;

/** The article text as the benchmarks and the CLI define it: standfirst and body blocks, blank-line separated, no title. */
export function articleText(article: Pick<ExtractedArticle, 'standfirst' | 'blocks'>): string {
  const parts = article.standfirst ? [article.standfirst] : [];
  for (const block of article.blocks) parts.push(block.text);
  return parts.join('\n\n');
}

/**
 * An article's identity is its key: the document's URL, else the extracted canonical URL or URL,
 * else where the document came from (absolute file path, `path#id`). The same key seen again with
 * different bytes is a new version of the same article, not a new article.
 */
export function articleKey(documentUrl: string | null, extracted: Pick<ExtractedArticle, 'url' | 'canonicalUrl'>, origin: string): string {
  return documentUrl ?? extracted.url ?? extracted.canonicalUrl ?? origin;
}

/** Hex characters of the key's SHA-256 kept as the article id: short enough to type, 64 bits against collisions. */
export const ARTICLE_ID_LENGTH = 16;

/** The stable id of the article with this key (see `articleKey`): the first 16 hex characters of SHA-256(key). */
export function articleIdForKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, ARTICLE_ID_LENGTH);
}
