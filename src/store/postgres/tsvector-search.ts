import { sql, type RawBuilder } from 'kysely';
import { words } from '../../text/tokens.js';
import { POSTGRES_SEARCH_CONFIG } from '../migrations/0001-initial.js';
import type { SearchMatch, SearchSyntax } from '../sql/search-syntax.js';

/** ts_rank weights of the headline's words (A) and the body's (D): a headline word counts ten body words, as in the SQLite store. */
const TITLE_WEIGHT = 1;
const BODY_WEIGHT = 0.1;
/** ts_rank normalisation 1: divides by 1 + log(length), so long articles do not win by length alone (bm25 does the same). */
const RANK_NORMALISATION = 1;
/** ts_headline's excerpt: the best passage of about 24 words, as long as the SQLite store's. */
const EXCERPT_OPTIONS = 'StartSel="[", StopSel="]", MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1';

/**
 * The words of what the user typed as a tsquery that cannot be a syntax error: each word of the
 * project tokenizer parsed alone by phraseto_tsquery (so operators and quotes are text, and a word
 * PostgreSQL splits, like "U.S.", stays one phrase), ANDed. Null when there is no word.
 */
function toTsQuery(userQuery: string): RawBuilder<unknown> | null {
  const config = sql.lit(POSTGRES_SEARCH_CONFIG);
  const phrases = words(userQuery).map((word) => sql`phraseto_tsquery(${config}::regconfig, ${word})`);
  return phrases.length > 0 ? sql`(${sql.join(phrases, sql` && `)})` : null;
}

/**
 * Search on PostgreSQL: `article_search.words` is a weighted tsvector under a GIN index, ranked by
 * ts_rank and excerpted by ts_headline (on the hits only, from the body where it matches, else the headline).
 */
export const tsvectorSearch: SearchSyntax = {
  matching(userQuery: string): SearchMatch | null {
    const query = toTsQuery(userQuery);
    if (query === null) return null;
    const config = sql.lit(POSTGRES_SEARCH_CONFIG);
    const weights = sql.lit(`{${BODY_WEIGHT}, 0, 0, ${TITLE_WEIGHT}}`);
    const options = sql.lit(EXCERPT_OPTIONS);
    return {
      condition: sql<boolean>`article_search.words @@ ${query}`,
      rank: sql<number>`-ts_rank(${weights}::float4[], article_search.words, ${query}, ${sql.lit(RANK_NORMALISATION)})`,
      // The passage marked, with … where it cuts the text (as FTS5's snippet does): the passage
      // unmarked is found in the text to tell.
      excerpt: sql<string>`(
        select case when strpos(t.text, e.bare) = 1 then '' else '…' end || e.marked
          || case when strpos(t.text, e.bare) > 0 and strpos(t.text, e.bare) + length(e.bare) > length(t.text) then '' else '…' end
        from (select case when ts_filter(article_search.words, '{d}') @@ ${query} then article_search.body else article_search.title end as text) t
        cross join lateral (select ts_headline(${config}::regconfig, t.text, ${query}, ${options}) as marked) h
        cross join lateral (select h.marked, translate(h.marked, '[]', '') as bare) e
      )`,
    };
  },
};
