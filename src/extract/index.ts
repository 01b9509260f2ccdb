import { ExtractedArticleSchema, articleText, type ExtractedArticle } from '../model/article.js';
import { ArticleRecordSchema, RECORD_CONTENT_TYPE, type Document } from '../model/document.js';
import { parsePublished } from '../text/dates.js';
import { decodeDocumentText } from './decode.js';
import type { ExtractHints } from './hints.js';
import { extractFromHtml } from './html/index.js';
import { detectLanguage } from './language.js';
import { extractFromText } from './text/index.js';

export type { ExtractHints } from './hints.js';
export { decodeBytes, decodeDocumentText } from './decode.js';
export { SiteChromeLearner, siteOfDocument, type SiteChrome } from './text/site-chrome.js';

/** Why a document could not be made into an article; the message is meant for the user. */
export class ExtractionError extends Error {
  override name = 'ExtractionError';
}

function fromRecord(doc: Document): ExtractedArticle {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(doc.bytes).toString('utf8'));
  } catch (e) {
    throw new ExtractionError(`invalid JSON: ${(e as Error).message}`);
  }
  const parsed = ArticleRecordSchema.safeParse(raw);
  if (!parsed.success) throw new ExtractionError(`not an article record: ${parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}`);
  const record = parsed.data;
  const hints: ExtractHints = {
    url: record.url ?? doc.url,
    title: record.title?.trim() || undefined,
    published: record.date ? parsePublished(record.date) : null,
    outletName: record.source?.trim() || undefined,
  };
  return typeof record.html === 'string' ? extractFromHtml(record.html, hints) : extractFromText(record.text ?? '', hints);
}

/**
 * Document → article: decode, pick the extractor for the content type, fill in the language.
 * `context.siteChrome`: the lines the document's site repeats on its pages (plain-text dumps).
 * Pure: the same document always gives the same article. Throws ExtractionError with a reason the
 * user can act on; the caller adds which input it was.
 */
export function extractArticle(doc: Document, context: { siteChrome?: ReadonlySet<string> } = {}): ExtractedArticle {
  let article: ExtractedArticle;
  try {
    if (doc.contentType === RECORD_CONTENT_TYPE) article = fromRecord(doc);
    else {
      const { text } = decodeDocumentText(doc);
      if (!text.trim()) throw new ExtractionError('empty document: no text');
      const hints: ExtractHints = { url: doc.url, ...(context.siteChrome ? { siteChrome: context.siteChrome } : {}) };
      article = doc.contentType === 'text/html' ? extractFromHtml(text, hints) : extractFromText(text, hints);
    }
  } catch (e) {
    if (e instanceof ExtractionError) throw e;
    throw new ExtractionError((e as Error).message);
  }
  if (!article.language) article.language = detectLanguage(articleText(article));
  if (article.blocks.length === 0 && !article.standfirst) throw new ExtractionError('no article text found');
  const checked = ExtractedArticleSchema.safeParse(article);
  if (!checked.success) throw new ExtractionError(`extraction produced an invalid article: ${checked.error.issues[0]?.message}`);
  return checked.data;
}
