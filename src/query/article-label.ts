import type { StoryArticleText } from '../store/store.js';

/** Characters of an article id shown to tell articles apart (as the CLI lists them). */
const SHORT_ID = 10;

/**
 * How an article's outlet is named in a report: its name, else its domain, else "unknown outlet"
 * with the article's short id — two articles of unknown outlets are not assumed to be one outlet.
 */
export function articleLabel(article: Pick<StoryArticleText, 'id' | 'outlet' | 'outletDomain'>): string {
  return article.outlet ?? article.outletDomain ?? `unknown outlet ${article.id.slice(0, SHORT_ID)}`;
}
