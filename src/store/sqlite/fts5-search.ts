import { sql } from 'kysely';
import { words } from '../../text/tokens.js';
import type { SearchMatch, SearchSyntax } from '../sql/search-syntax.js';

/** bm25 column weights: a word in the headline counts for this many in the body. */
const TITLE_WEIGHT = 10;
const BODY_WEIGHT = 1;
/** Words around the matches in a search excerpt (FTS5 allows at most 64). */
const EXCERPT_WORDS = 24;

/**
 * Turns what a user typed into an FTS5 query that cannot be a syntax error: the words of the
 * input (the project tokenizer's words), each quoted as a phrase, so `OR`, `NEAR(`, `*`, `-` and
 * stray quotes are just text. Adjacent phrases are ANDed by FTS5. Null when there is no word.
 */
export function toFtsQuery(userQuery: string): string | null {
  const phrases = words(userQuery).map((word) => `"${word.replaceAll('"', '""')}"`);
  return phrases.length > 0 ? phrases.join(' ') : null;
}

/** Search on SQLite: `article_search` is an FTS5 table, ranked by bm25, excerpted by snippet(). */
export const fts5Search: SearchSyntax = {
  matching(userQuery: string): SearchMatch | null {
    const match = toFtsQuery(userQuery);
    if (match === null) return null;
    return {
      condition: sql<boolean>`article_search match ${match}`,
      rank: sql<number>`bm25(article_search, ${sql.lit(TITLE_WEIGHT)}, ${sql.lit(BODY_WEIGHT)})`,
      excerpt: sql<string>`snippet(article_search, -1, '[', ']', '…', ${sql.lit(EXCERPT_WORDS)})`,
    };
  },
};
