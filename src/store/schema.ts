import type { Generated } from 'kysely';

/**
 * The tables of a Storyline store, as Kysely sees them. Column names are snake_case; values are
 * what SQLite hands back (numbers, strings, Uint8Array); the PostgreSQL store reads bigint as
 * numbers and JSON as text so its rows look the same. The DDL lives in `migrations/`.
 */

/** The raw bytes of documents, kept once per content hash however often they are seen. */
export interface DocumentBytesTable {
  /** SHA-256 of `bytes`, hex. */
  content_hash: string;
  bytes: Uint8Array;
  byte_length: number;
}

/** Each document that produced a stored article version: where and when it was read. */
export interface DocumentsTable {
  id: Generated<number>;
  content_hash: string;
  origin: string;
  url: string | null;
  /** ISO 8601 with zone. */
  fetched_at: string;
  content_type: string;
  declared_charset: string | null;
}

/** One row per article key; `current_version` points at the version lists and search show. */
export interface ArticlesTable {
  /** `articleIdForKey(key)`. */
  id: string;
  key: string;
  current_version: number;
  /** When version 1 was stored, ISO 8601 UTC. */
  first_stored_at: string;
  /** The ledger position (`queued_inputs.id`) of the input that first stored it, when a worker did; linking breaks date ties by it. */
  arrival: number | null;
}

/**
 * Every stored version of every article: the extraction as JSON plus the columns that lists,
 * filters and sorting need without parsing it.
 */
export interface ArticleVersionsTable {
  /** Also the rowid of the version's row in `article_search` while it is current. */
  id: Generated<number>;
  article_id: string;
  version: number;
  document_id: number;
  /** The ExtractedArticle, JSON. */
  extracted_json: string;
  title: string | null;
  outlet_name: string | null;
  outlet_domain: string | null;
  /** Published.value. */
  published: string | null;
  /** `publishedSortKey(published)`: milliseconds since the epoch, zone-less values read as UTC. */
  published_sort_key: number | null;
  language: string | null;
  /** The best link for the article: canonical URL, else extracted URL, else the document's URL. */
  url: string | null;
  word_count: number;
  /** ISO 8601 UTC. */
  stored_at: string;
  /** The Annotations (entities, quotes, citations), JSON; null for versions stored before analysis existed. */
  annotations_json: string | null;
  /** ExtractedArticle.titleOrigin: found, derived or none. */
  title_origin: string | null;
}

/** Direct quotes of current versions, in text order. */
export interface QuotesTable {
  version_id: number;
  article_id: string;
  position: number;
  speaker: string | null;
  speaker_text: string | null;
  text: string;
  start: number;
  end: number;
}

/** How often each entity is named in a current version. */
export interface EntityMentionsTable {
  version_id: number;
  article_id: string;
  canonical: string;
  type: string;
  mentions: number;
}

/**
 * Search over the title and text of CURRENT versions only; rowid = article_versions.id. On SQLite an
 * FTS5 table; on PostgreSQL a table whose generated tsvector column (`words`) has a GIN index.
 */
export interface ArticleSearchTable {
  rowid: number;
  title: string;
  body: string;
}

/** A story: articles about one event. Its id is its founding article's id. */
export interface StoriesTable {
  id: string;
  /** The thread the story belongs to: the id of the thread's first story. */
  thread_id: string;
}

/** Where linking placed an article, in placing order. */
export interface ArticleLinksTable {
  article_id: string;
  story_id: string;
  /** The article this one copies (its root original), or null. */
  copy_of: string | null;
  /** exact | near | containment | syndicated, or null. */
  copy_kind: string | null;
  /** 1, 2, 3… in the order articles were placed: replaying in this order rebuilds the linker. */
  linked_seq: number;
}

/** A feed the user watches, and what polling it politely needs to remember. */
export interface FeedSubscriptionsTable {
  url: string;
  title: string | null;
  interval_seconds: number;
  /** ISO 8601 UTC, like every *_at column here. */
  added_at: string;
  /** Validators from the last full response, sent back as If-None-Match / If-Modified-Since. */
  etag: string | null;
  last_modified: string | null;
  last_checked_at: string | null;
  next_check_at: string | null;
  last_error: string | null;
  consecutive_failures: Generated<number>;
}

/** A feed item already handled: never fetched again. */
export interface FeedItemsTable {
  feed_url: string;
  /** The item's guid/id, else its link (see `FeedItem.id`). */
  item_id: string;
  article_url: string | null;
  /** stored | known (already in the store from elsewhere) | failed (for good: 4xx, robots) | skipped (no link). */
  outcome: string;
  reason: string | null;
  handled_at: string;
}

/** A name articles used for an entity the corpus names otherwise. */
export interface EntityAliasesTable {
  type: string;
  name: string;
  canonical: string;
}

/** An entity's counts over current versions, its names merged through `entity_aliases`. */
export interface EntityTotalsTable {
  type: string;
  /** The corpus's name for it (an alias's canonical, else the name itself). */
  name: string;
  /** Articles naming it under any of its names, each once. */
  articles: number;
  mentions: number;
}

/** One `storyline ingest` (or watch round) done through workers: its inputs wait in `queued_inputs`. */
export interface IngestRunsTable {
  id: Generated<number>;
  started_at: string;
  /** What was given to ingest, as the user wrote it (shown in progress and errors). */
  inputs: string;
  /** Set when every input is in the ledger: until then the run cannot be linked. */
  enqueue_finished_at: string | null;
  /** Set when the linker placed the run's articles. */
  linked_at: string | null;
  linked: number | null;
  new_stories: number | null;
}

/** An input of a run, in the order given (`id` is the arrival order), and what became of it once settled. */
export interface QueuedInputsTable {
  id: Generated<number>;
  run_id: number;
  /** document | url | failed | skipped */
  kind: string;
  origin: string;
  url: string | null;
  feed_url: string | null;
  feed_item_id: string | null;
  fetched_at: string | null;
  content_type: string | null;
  declared_charset: string | null;
  content_hash: string | null;
  /** The document's bytes until it is settled. */
  bytes: Uint8Array | null;
  site_chrome_json: string | null;
  settled_at: string | null;
  stored: Generated<number>;
  new_versions: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  skipped: Generated<number>;
  failures_json: string | null;
}

export interface StorylineDatabase {
  ingest_runs: IngestRunsTable;
  queued_inputs: QueuedInputsTable;
  entity_aliases: EntityAliasesTable;
  entity_totals: EntityTotalsTable;
  feed_subscriptions: FeedSubscriptionsTable;
  feed_items: FeedItemsTable;
  quotes: QuotesTable;
  entity_mentions: EntityMentionsTable;
  stories: StoriesTable;
  article_links: ArticleLinksTable;
  document_bytes: DocumentBytesTable;
  documents: DocumentsTable;
  articles: ArticlesTable;
  article_versions: ArticleVersionsTable;
  article_search: ArticleSearchTable;
}

/** The databases a store can live in; migrations pick column types and the search index by it. */
export type StoreDialect = 'sqlite' | 'postgres';
