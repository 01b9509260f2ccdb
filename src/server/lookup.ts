import { ARTICLE_ID_LENGTH } from '../model/article.js';
import { ArticleIdPrefixError, type Store } from '../store/store.js';
import { ApiError } from './errors.js';

/**
 * A full article id, from the id or a unique prefix of it (as `storyline show` takes them); null when
 * nothing matches. Story ids are founding article ids, so the same lookup serves stories.
 * A prefix too short or matching several articles is the caller's to fix: a 400 that says so.
 */
export async function fullArticleId(store: Store, idOrPrefix: string): Promise<string | null> {
  if (idOrPrefix.length >= ARTICLE_ID_LENGTH) return idOrPrefix.toLowerCase();
  try {
    return (await store.getArticle(idOrPrefix.toLowerCase()))?.id ?? null;
  } catch (e) {
    if (e instanceof ArticleIdPrefixError) throw new ApiError(400, e.message);
    throw e;
  }
}
