import type { Document } from '../model/document.js';

/**
 * What every source (files, the web, feeds) hands the pipeline: a document to extract, or an input
 * that failed or was passed over, named so the user can find it. Nothing a source meets stops the
 * stream: bad input becomes an event and the next input is read.
 */

/** A feed item, named by its feed and its id there (see `FeedItem.id`). */
export interface FeedItemRef {
  feedUrl: string;
  itemId: string;
}

/** A feed item that is done without an article being stored from it, and should not be fetched again. */
export interface FeedItemDone extends FeedItemRef {
  articleUrl: string | null;
  /** 'known': its article is already stored; 'failed': for good (gone, forbidden, not an article); 'skipped': no link. */
  outcome: 'known' | 'failed' | 'skipped';
}

export type SourceEvent =
  | { kind: 'document'; document: Document; feedItem?: FeedItemRef }
  | { kind: 'failure'; origin: string; reason: string; feedItemDone?: FeedItemDone }
  | { kind: 'skipped'; origin: string; reason: string; feedItemDone?: FeedItemDone };

const PAGE_TYPES: Record<string, string> = { 'text/html': 'text/html', 'application/xhtml+xml': 'text/html', 'text/plain': 'text/plain' };

/** The Document content type for a page served (or archived) as `mime`, or null when it is not a page Storyline reads. */
export function pageContentType(mime: string | null | undefined): string | null {
  return PAGE_TYPES[(mime ?? '').trim().toLowerCase()] ?? null;
}
