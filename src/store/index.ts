import { openPostgresStore, withoutPassword } from './postgres/open-postgres.js';
import { openSqliteStore } from './sqlite/open-sqlite.js';
import type { Store } from './store.js';

export { ArticleIdPrefixError, STORY_SORTS } from './store.js';
export type {
  ArticleListQuery, ArticlePlacement, ArticleSummary, ArticleToSave, EntityDetail, EntityListQuery, EntitySummary, FeedCheck, FeedSubscription, HandledFeedItem, OutletSummary, QuoteListQuery, SaveResult, SearchHit, Store, StoreCounts,
  StoredDocument, StoredQuote, StoryListQuery, StorySort, LanguageSummary, InputToQueue, QueuedInput, SettledInput, IngestRunProgress, LinkerLease,
} from './store.js';

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/**
 * Opens the store at `location` (created and migrated if needed): a SQLite file path, `:memory:`,
 * or a postgres:// (postgresql://) URL of a PostgreSQL database.
 */
export async function openStore(location: string): Promise<Store> {
  return POSTGRES_URL.test(location) ? openPostgresStore(location) : openSqliteStore(location);
}

/** Whether the location names a PostgreSQL database (workers and queued ingest need one). */
export function isPostgresLocation(location: string): boolean {
  return POSTGRES_URL.test(location);
}

/** The location as messages may show it: a PostgreSQL URL without its password. */
export function shownLocation(location: string): string {
  return POSTGRES_URL.test(location) ? withoutPassword(location) : location;
}
