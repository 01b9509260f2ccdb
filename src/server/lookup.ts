import { ARTICLE_ID_LENGTH } from '../model/article.js';
import type { Store } from '../store/store.js';
import { ApiError } from './errors.js';

/**
 * A full article id, from the id or a unique prefix of it (as `storyline show` takes them); null when
 * nothing matches. Story ids are founding article ids, so the same lookup serves stories.
 * An ambiguous prefix is the caller's to fix: a 400 that says so.
 */
export async function fullArticleId(store: Store, idOrPrefix: string): Promise<string | null> {
  if (idOrPrefix.length >= ARTICLE_ID_LENGTH) return idOrPrefix.toLowerCase();
  try {
    return (await store.getArticle(idOrPrefix.toLowerCase()))?.id ?? null;
  } catch (e) {
    // The store throws for a prefix that is too short or matches several articles (its documented
    // contract): the caller's to fix. Anything else is the server's failure.
    const message = (e as Error).message;
    if (message.startsWith('article id prefix')) throw new ApiError(400, message);
    throw e;
  }
}
