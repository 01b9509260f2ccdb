import { openSqliteStore } from './sqlite/open-sqlite.js';
import type { Store } from './store.js';

export { ArticleIdPrefixError, STORY_SORTS } from './store.js';
export type {
  ArticleListQuery, ArticlePlacement, ArticleSummary, ArticleToSave, EntityDetail, EntityListQuery, EntitySummary, FeedCheck, FeedSubscription, HandledFeedItem, OutletSummary, QuoteListQuery, SaveResult, SearchHit, Store, StoreCounts,
  StoredDocument, StoredQuote, StoryListQuery, StorySort, LanguageSummary,
} from './store.js';

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/**
 * Opens the store at `location`: a SQLite file path (created and migrated if needed) or `:memory:`.
 * `postgres://` URLs are reserved for the PostgreSQL store.
 */
export async function openStore(location: string): Promise<Store> {
  if (POSTGRES_URL.test(location)) {
    throw new Error('PostgreSQL is not supported yet: give a SQLite file path (or :memory:) instead of a postgres:// URL');
  }
  return openSqliteStore(location);
}
