import type { Article, ExtractedArticle } from '../model/article.js';
import type { Document } from '../model/document.js';

/** One document and what extraction made of it, ready to be stored under its article key. */
export interface ArticleToSave {
  /** Identity of the article (see `articleKey`); the same key with new bytes is a new version. */
  key: string;
  document: Document;
  article: ExtractedArticle;
}

/** What storing one document did. */
export interface SaveResult {
  /** 'stored': a new article; 'new-version': a known article whose document changed; 'unchanged': seen before. */
  outcome: 'stored' | 'new-version' | 'unchanged';
  articleId: string;
  version: number;
}

/** A row of the article list: enough to show, sort and filter without the body. */
export interface ArticleSummary {
  id: string;
  version: number;
  title: string | null;
  outletName: string | null;
  outletDomain: string | null;
  /** Published.value, or null. */
  published: string | null;
  language: string | null;
  /** The canonical URL, else the URL extraction found, else the document's URL. */
  url: string | null;
  origin: string;
  wordCount: number;
  /** When this version was stored, ISO 8601 UTC. */
  storedAt: string;
}

export interface ArticleListQuery {
  limit?: number;
  offset?: number;
  /** Outlet name or domain, matched case-insensitively. */
  outlet?: string;
}

/** A full-text search hit: the article and a short excerpt with the matches marked by [ and ]. */
export interface SearchHit extends ArticleSummary {
  excerpt: string;
  /** Lower is better (FTS5 bm25). */
  rank: number;
}

/** A stored document with the article version it produced. */
export interface StoredDocument {
  articleId: string;
  version: number;
  key: string;
  document: Document;
}

export interface StoreCounts {
  articles: number;
  versions: number;
  /** Stored documents: one per article version (identical bytes are kept once underneath). */
  documents: number;
}

/**
 * Everything Storyline keeps. Implementations live in their own folders (sqlite/, later postgres/);
 * nothing outside store/ writes SQL.
 */
export interface Store {
  /** Stores documents and their articles in one transaction; returns each one's outcome, in order. */
  saveArticles(items: readonly ArticleToSave[]): Promise<SaveResult[]>;
  /** Current versions of articles, newest published first (undated last), then newest stored. */
  listArticles(query?: ArticleListQuery): Promise<ArticleSummary[]>;
  /**
   * The current version of an article by id or by a unique id prefix of at least 6 characters; null when
   * none matches. Throws when the prefix is shorter than 6 characters or matches several articles.
   */
  getArticle(idOrPrefix: string): Promise<Article | null>;
  /** Full-text search over titles and bodies of current versions: the query's words, ANDed; operators are plain words. */
  searchArticles(query: string, limit?: number): Promise<SearchHit[]>;
  /** Every stored document with the version it produced, oldest first, streamed. */
  documents(): AsyncIterable<StoredDocument>;
  /** Replaces what extraction made of stored versions (re-extraction); search follows. */
  replaceExtractions(items: readonly { articleId: string; version: number; article: ExtractedArticle }[]): Promise<void>;
  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}
