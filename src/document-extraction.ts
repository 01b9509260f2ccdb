import { SiteChromeLearner, decodeDocumentText, extractArticle, siteOfDocument, type SiteChrome } from './extract/index.js';
import type { ExtractedArticle } from './model/article.js';
import type { Document } from './model/document.js';
import type { SourceEvent } from './sources/source-events.js';

/**
 * Documents → extracted articles, without analysis or storing: what `storyline extract` needs,
 * kept apart from the pipeline so that command loads no analysis lexicons, linker or database.
 */

export interface InputFailure {
  /** The input: file, `file:line`, `file#record` or URL. */
  origin: string;
  reason: string;
}

/**
 * Learns, per site, the lines its plain-text page dumps repeat (menus, tickers, footers), so that
 * extraction can drop them from every dump of that site. A cheap first pass: feed it only the
 * text dumps (`only: ['text']` for files).
 */
export async function learnSiteChrome(documents: AsyncIterable<SourceEvent> | AsyncIterable<Document>): Promise<SiteChromeLearner> {
  const learner = new SiteChromeLearner();
  for await (const item of documents) {
    const document = 'kind' in item ? (item.kind === 'document' ? item.document : null) : item;
    if (document?.contentType !== 'text/plain') continue;
    try {
      learner.observe(siteOfDocument(document), decodeDocumentText(document).text);
    } catch {
      // an undecodable dump teaches nothing; extraction will say what is wrong with it
    }
  }
  return learner;
}

/** The chrome lines learned for a document's site, as a worker receives them with a queued document. */
export function siteChromeLinesOf(document: Document, siteChrome: SiteChrome): string[] {
  return [...(chromeContext(document, siteChrome).siteChrome ?? [])];
}

/** Site chrome already learned elsewhere (by the process that queued the document): the same lines for its one site. */
export function knownSiteChrome(lines: readonly string[]): SiteChrome {
  const chrome = new Set(lines);
  return { chromeOf: () => chrome };
}

export function chromeContext(document: Document, siteChrome: SiteChrome | undefined): { siteChrome?: ReadonlySet<string> } {
  return siteChrome && document.contentType === 'text/plain' ? { siteChrome: siteChrome.chromeOf(siteOfDocument(document)) } : {};
}

/** Extracts one document, or says why it cannot be an article. */
export function extractDocument(document: Document, siteChrome?: SiteChrome): { article: ExtractedArticle } | InputFailure {
  try {
    return { article: extractArticle(document, chromeContext(document, siteChrome)) };
  } catch (e) {
    return { origin: document.origin, reason: (e as Error).message };
  }
}

