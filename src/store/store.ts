import type { Annotations } from '../model/annotations.js';
import type { Article, ExtractedArticle, Published } from '../model/article.js';
import type { Document } from '../model/document.js';
import type { ArticleForLinking, StoryArticle, StoryDetail, StoryLink, StorySummary, ThreadSummary } from '../model/story.js';

/** One document and what extraction made of it, ready to be stored under its article key. */
export interface ArticleToSave {
  /** Identity of the article (see `articleKey`); the same key with new bytes is a new version. */
  key: string;
  document: Document;
  article: ExtractedArticle;
  /** Who says what in it (analysis of `articleText(article)`). */
  annotations: Annotations;
  /** The feed item this article came from: recorded as handled in the same transaction. */
  feedItem?: { feedUrl: string; itemId: string };
}

/** An input of a worker ingest, as the enqueuer puts it in the run's ledger. */
export type InputToQueue =
  | { kind: 'document'; document: Document; /** The lines its site repeats on its pages (text dumps). */ siteChrome?: readonly string[] }
  | { kind: 'url'; url: string; /** A watched feed's item: the URL is fetched as its article page. */ feedItem?: { feedUrl: string; itemId: string } }
  /** Settled as it was read: an unreadable input, or one passed over on purpose. */
  | { kind: 'failed' | 'skipped'; origin: string; reason: string };

/** An unsettled input of a run's ledger, for a worker; `id` is its arrival order. */
export type QueuedInput = { id: number; runId: number } & (
  | { kind: 'document'; document: Document; siteChrome: readonly string[] | null }
  | { kind: 'url'; url: string; feedItem: { feedUrl: string; itemId: string } | null }
);

/** What a worker made of one queued input: the articles to store (none when it failed) and what failed or was passed over. */
export interface SettledInput {
  inputId: number;
  articles: readonly ArticleToSave[];
  failures: readonly { origin: string; reason: string }[];
  skipped: number;
  /** Feed items settled without an article (failed for good, already known), recorded in the same transaction. */
  handledFeedItems?: readonly HandledFeedItem[];
  /** Feed items queued earlier whose page failed for now (a timeout, a 5xx): forgotten, so the feed's next poll queues them again. */
  releasedFeedItems?: readonly { feedUrl: string; itemId: string }[];
}

/** A run's ledger, summed: how far its workers are, and whether the linker placed it. */
export interface IngestRunProgress {
  id: number;
  inputs: string;
  startedAt: string;
  /** Inputs in the ledger so far, and how many of them are settled. */
  queued: number;
  settled: number;
  stored: number;
  newVersions: number;
  unchanged: number;
  failed: number;
  skipped: number;
  /** Up to 100 failures, in arrival order. */
  failures: { origin: string; reason: string }[];
  /** True once every input is in the ledger. */
  enqueueFinished: boolean;
  /** When the linker placed the run's articles, with how many it placed and the stories they started. */
  linkedAt: string | null;
  linked: number;
  newStories: number;
}

/**
 * The right to place articles into stories: one holder at a time per store, across processes and
 * machines, so placements happen in one order. Lost when the holder's connection is (its process died).
 */
export interface LinkerLease {
  /** Resolves when the lease is lost without being released (the connection holding it failed). */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
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
  /** Lower is better: bm25 on SQLite, ts_rank negated on PostgreSQL; compare ranks within one result only. */
  rank: number;
}

/** A stored document with the article version it produced. */
export interface StoredDocument {
  articleId: string;
  version: number;
  key: string;
  document: Document;
}

export interface StoryListQuery {
  limit?: number;
  offset?: number;
  /** Only stories with an article published at or after / before this instant (ms since the epoch). */
  since?: number;
  until?: number;
  /** Only stories with an article from this outlet (name or domain, case-insensitive). */
  outlet?: string;
  /** Only stories with an article matching these words (full-text, ANDed). */
  query?: string;
  /**
   * Only stories with an article naming this entity (case-insensitive): any of its names, as the
   * corpus merged them, so an alias finds the stories that use the other names too.
   */
  entity?: string;
  /** With `entity`: only an entity of this type (person, organisation, place). */
  entityType?: string;
  /** Only stories with an article in this language (ISO 639-1, case-insensitive). */
  language?: string;
  /** 'newest' (default): by latest article, undated last; 'largest': most articles first, then newest. */
  sort?: StorySort;
}

export const STORY_SORTS = ['newest', 'largest'] as const;
export type StorySort = (typeof STORY_SORTS)[number];

/**
 * An article id prefix the store cannot use: shorter than the minimum, or matching several
 * articles. The message says what to give instead.
 */
export class ArticleIdPrefixError extends Error {
  override name = 'ArticleIdPrefixError';
  constructor(readonly prefix: string, readonly reason: 'too-short' | 'ambiguous', message: string) {
    super(message);
  }
}

export interface QuoteListQuery {
  speaker?: string;
  storyId?: string;
  limit?: number;
  offset?: number;
}

/** A quote with the article that carried it. */
export interface StoredQuote {
  articleId: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  storyId: string | null;
  speaker: string | null;
  speakerText: string | null;
  text: string;
}

export interface EntityListQuery {
  type?: string;
  /** Only names containing this (case-insensitive). */
  query?: string;
  limit?: number;
  offset?: number;
}

export interface EntitySummary {
  name: string;
  type: string;
  /** Articles (current versions) that name it. */
  articles: number;
  mentions: number;
  /** Other names articles used for it ("Anthony Blinken", "Blinken"), when the corpus merged them. */
  aliases?: string[];
}

/** One entity with everything the corpus says about it: its names, when it was named, its stories and its quotes. */
export interface EntityDetail {
  name: string;
  type: string;
  /** Its other names, as the corpus merged them. */
  aliases: string[];
  /** Articles (current versions) that name it under any of its names. */
  articles: number;
  mentions: number;
  /** Mentions in dated articles per day (the day the page gives), ascending. */
  mentionsByDay: { day: string; mentions: number }[];
  /** Stories with an article naming it, newest first. */
  stories: StorySummary[];
  /** Quotes it speaks, newest articles first. */
  quotesBy: StoredQuote[];
  /** Quotes by others in articles that name it, newest articles first. */
  quotesAbout: StoredQuote[];
}

/** Articles per language among current versions (articles whose language is unknown are left out). */
export interface LanguageSummary {
  /** ISO 639-1. */
  language: string;
  articles: number;
}

/** Where linking placed one article: its story and thread, what it copies, and what copies it. */
export interface ArticlePlacement {
  storyId: string;
  threadId: string;
  copyOf: string | null;
  copyKind: StoryLink['copyKind'];
  /** Articles that copy this one, in placing order. */
  copies: { articleId: string; copyKind: StoryLink['copyKind'] }[];
}

/** An outlet as the stored articles name it. */
export interface OutletSummary {
  /** Its name as extraction found it (byline or site name), or null when only the domain is known. */
  name: string | null;
  domain: string | null;
  /** Articles (current versions) from it. */
  articles: number;
  /** Earliest and latest Published.value among its dated articles. */
  firstPublished: string | null;
  lastPublished: string | null;
}

export interface StoreCounts {
  articles: number;
  versions: number;
  /** Stored documents: one per article version (identical bytes are kept once underneath). */
  documents: number;
}

/** A feed the user watches, with its polling state. */
export interface FeedSubscription {
  url: string;
  title: string | null;
  intervalSeconds: number;
  addedAt: string;
  etag: string | null;
  lastModified: string | null;
  lastCheckedAt: string | null;
  /** When the feed is due again, ISO 8601 UTC; null = now. */
  nextCheckAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Items handled so far. */
  itemsHandled: number;
}

/** What happened to a feed item that will not be fetched again. */
export interface HandledFeedItem {
  feedUrl: string;
  itemId: string;
  articleUrl: string | null;
  /** 'known': its article was already stored (another feed, an earlier ingest); 'failed': for good (gone, forbidden); 'queued': handed to workers (PostgreSQL). */
  outcome: 'known' | 'failed' | 'skipped' | 'queued';
  reason: string | null;
}

/** The outcome of one poll of a feed. */
export interface FeedCheck {
  checkedAt: string;
  nextCheckAt: string;
  /** New validators; undefined keeps the stored ones (e.g. after an error). */
  etag?: string | null;
  lastModified?: string | null;
  title?: string | null;
  /** Why the poll failed, or null when it worked (resets the failure count). */
  error: string | null;
}

/** One article of a story with what a story report reads: its text, its date as given and who says what in it. */
export interface StoryArticleText extends StoryArticle {
  outletDomain: string | null;
  /** ISO 639-1, or null when unknown. */
  language: string | null;
  /** The date with its precision (`published` is its value). */
  publication: Published | null;
  /** `articleText()`: standfirst and body; annotation offsets point into it. */
  text: string;
  annotations: Annotations | null;
  /** Lines where the page names its source ("Source: NBC News"), from extraction. */
  citedSources: { name: string; line: string }[];
}

/** A story with its articles' texts and annotations, in reading order, and the corpus's names for the people they name. */
export interface StoryTexts {
  story: StorySummary;
  articles: StoryArticleText[];
  /** Person name as an article gives it → the corpus's name for that person (only names that differ). */
  personAliases: Record<string, string>;
}

/**
 * Everything Storyline keeps. Implementations share their queries (sql/) and live in their own folders (sqlite/, postgres/);
 * nothing outside store/ writes SQL.
 */
export interface Store {
  /** Stores documents and their articles in one transaction; returns each one's outcome, in order. */
  saveArticles(items: readonly ArticleToSave[]): Promise<SaveResult[]>;
  /** Current versions of articles, newest published first (undated last), then newest stored. */
  listArticles(query?: ArticleListQuery): Promise<ArticleSummary[]>;
  /**
   * The current version of an article by id or by a unique id prefix of at least 6 characters; null when
   * none matches. Throws an `ArticleIdPrefixError` when the prefix is shorter than 6 characters or matches several articles.
   */
  getArticle(idOrPrefix: string): Promise<Article | null>;
  /** Full-text search over titles and bodies of current versions: the query's words, ANDed; operators are plain words. */
  searchArticles(query: string, limit?: number): Promise<SearchHit[]>;
  /** Every stored document with the version it produced, oldest first, streamed. */
  documents(): AsyncIterable<StoredDocument>;
  /** Replaces what extraction made of stored versions (re-extraction); search follows. */
  replaceExtractions(items: readonly { articleId: string; version: number; article: ExtractedArticle; annotations: Annotations }[]): Promise<void>;
  /** Who says what in the current version of an article (null if unknown or not analysed). */
  getAnnotations(articleId: string): Promise<Annotations | null>;
  /** Direct quotes, newest articles first; filtered by speaker (words of the name, case-insensitive) or story. */
  listQuotes(query?: QuoteListQuery): Promise<StoredQuote[]>;
  /** Entities by how many articles name them, names merged through the corpus's aliases; `query`: the name contains these characters (case-insensitive). */
  listEntities(query?: EntityListQuery): Promise<EntitySummary[]>;
  /** The entities a story's articles name (at most `limit`, default 50), the most widely named in it first. */
  storyEntities(storyId: string, limit?: number): Promise<EntitySummary[]>;
  /**
   * One entity by any of its names (case-insensitive), with up to `limits` of its stories and quotes;
   * null when no article names it. A name used for entities of several types picks the most widely
   * named one unless `type` is given.
   */
  getEntity(name: string, options?: { type?: string; stories?: number; quotes?: number }): Promise<EntityDetail | null>;
  /** Languages of the stored articles, most articles first. */
  listLanguages(): Promise<LanguageSummary[]>;
  /** Outlets of the stored articles, those with most articles first. */
  listOutlets(query?: { limit?: number; offset?: number }): Promise<OutletSummary[]>;
  /** Every entity name as the articles gave it (no aliases applied), with its counts. */
  entityNames(): Promise<EntitySummary[]>;
  /** Replaces the corpus's entity aliases. */
  replaceEntityAliases(aliases: readonly { type: string; name: string; canonical: string }[]): Promise<void>;
  counts(): Promise<StoreCounts>;
  /** Articles already placed by linking, with their placement, in placing order: replaying them rebuilds the linker. */
  linkedArticles(): AsyncIterable<{ article: ArticleForLinking; link: StoryLink }>;
  /**
   * Current versions of articles not yet placed by linking, in publication order; ties (undated
   * articles above all) by arrival in the ingest ledger, then storing order. `runsUpTo`: leave out
   * articles workers stored for a later run.
   */
  unlinkedArticles(options?: { runsUpTo?: number }): AsyncIterable<ArticleForLinking>;
  /** How many placements are recorded (the last placing sequence number): tells a kept linker whether another process placed articles meanwhile. */
  placementCount(): Promise<number>;
  /** Records placements (in the order given) in one transaction; stories and threads follow from them. */
  saveStoryLinks(links: readonly StoryLink[]): Promise<void>;
  /** Records again which article stored articles copy (an earlier, more complete copy arrived later). */
  repointCopies(copies: readonly { articleId: string; copyOf: string; copyKind: StoryLink['copyKind'] }[]): Promise<void>;
  /** Stories, newest first (by their latest article; undated last). */
  listStories(query?: StoryListQuery): Promise<StorySummary[]>;
  /** Where linking placed the article; null if it is not placed yet (or unknown). */
  articlePlacement(articleId: string): Promise<ArticlePlacement | null>;
  /** One story with its articles in time order, copies after their originals, and its thread; null if unknown. */
  getStory(id: string): Promise<StoryDetail | null>;
  /** One story's articles with their texts and annotations, for its report (two queries); null if unknown. */
  getStoryTexts(id: string): Promise<StoryTexts | null>;
  /** Threads, newest first. */
  listThreads(query?: { limit?: number; offset?: number }): Promise<ThreadSummary[]>;
  /** Adds feeds to watch; feeds already watched keep their state and take the new interval. Returns how many were new. */
  addFeeds(feeds: readonly { url: string; intervalSeconds: number }[]): Promise<number>;
  /** Stops watching a feed and forgets its items; false when it was not watched. */
  removeFeed(url: string): Promise<boolean>;
  /** Watched feeds, in the order they were added. */
  listFeeds(): Promise<FeedSubscription[]>;
  recordFeedCheck(url: string, check: FeedCheck): Promise<void>;
  /** Which of these item ids of a feed were already handled. */
  handledFeedItems(feedUrl: string, itemIds: readonly string[]): Promise<Set<string>>;
  /** Records items handled without storing an article (stored ones are recorded by `saveArticles`). */
  recordFeedItems(items: readonly HandledFeedItem[]): Promise<void>;
  /** Which of these URLs already have a stored document (fetched from, or ending at, that URL). */
  storedUrls(urls: readonly string[]): Promise<Set<string>>;
  /** Begins a worker ingest: a run whose inputs go into the ledger. */
  startIngestRun(inputs: string): Promise<number>;
  /** Appends inputs to a run's ledger in one transaction; returns their ids (arrival order). Failed and skipped ones are settled at once. */
  queueInputs(runId: number, inputs: readonly InputToQueue[]): Promise<number[]>;
  /** Every input of the run is in the ledger: once they are settled, it can be linked. */
  finishQueueing(runId: number): Promise<void>;
  /** The inputs among these ids that are not settled yet, in arrival order. */
  queuedInputs(ids: readonly number[]): Promise<QueuedInput[]>;
  /**
   * Stores what workers made of queued inputs and marks them settled, in one transaction; an input
   * already settled (its job ran twice) is passed over and given null. Returns each input's save outcomes, in order.
   */
  settleQueuedInputs(settled: readonly SettledInput[]): Promise<(SaveResult[] | null)[]>;
  /** A run's progress; null when there is no such run. */
  ingestRunProgress(runId: number): Promise<IngestRunProgress | null>;
  /**
   * The oldest run queued in full and not linked yet, when every input of it is settled. Null when
   * there is none, or it is not ready. A run still being queued is passed over (its enqueuer may have died).
   */
  nextRunToLink(): Promise<{ runId: number } | null>;
  /** Records that the linker placed a run's articles. */
  markRunLinked(runId: number, linked: number, newStories: number): Promise<void>;
  /**
   * Takes the linker lease, or null when another holds it. SQLite serialises writers on its own;
   * its lease only keeps one linker per process.
   */
  acquireLinkerLease(): Promise<LinkerLease | null>;
  close(): Promise<void>;
}
