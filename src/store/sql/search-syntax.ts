import type { RawBuilder } from 'kysely';

/**
 * How one database matches, ranks and excerpts the words of a query in `article_search` (one row
 * per current version: `rowid` = the version's id, its `title` and `body`). Everything else about
 * search — which rows exist, joins, paging — is the same SQL on every database.
 */
export interface SearchSyntax {
  /** The words of what the user typed as conditions on `article_search`; null when it holds no word. */
  matching(userQuery: string): SearchMatch | null;
}

export interface SearchMatch {
  /** True for the rows of `article_search` that hold every word. */
  condition: RawBuilder<boolean>;
  /** A matching row's rank: lower is better, headline words counting more than body words. */
  rank: RawBuilder<number>;
  /** A short excerpt of a matching row with the matched words marked by [ and ]. */
  excerpt: RawBuilder<string>;
}
