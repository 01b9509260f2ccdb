import { Readability } from '@mozilla/readability';
import { linkDensity } from './confidence.js';
import type { DomElement, HtmlDocument } from './dom.js';

/**
 * Readability.js (Mozilla's reader view) picks the article's content out of the page. It mutates
 * the document it is given, so the page's metadata must be read before this runs.
 */

/** What Readability found: the content element (not serialised: the blocks are read from it). */
export interface ReadableContent {
  content: DomElement;
  /** The byline Readability saw in the page (an element marked as author / byline), if any. */
  byline: string | null;
  /** Characters of the content's text. */
  textLength: number;
  /** Share of the content's characters inside links (0..1): high for link lists, not articles. */
  linkDensity: number;
}

export type ReadabilityOutcome = { found: ReadableContent } | { found: null; reason: string };

/** Runs Readability on `document` (consuming it). Never throws: a failure is reported as a reason. */
export function runReadability(document: HtmlDocument): ReadabilityOutcome {
  try {
    // The page's JSON-LD is read by metadata.ts already; Readability need not parse it again.
    const reader = new Readability<DomElement>(document, { disableJSONLD: true, serializer: (node) => node as DomElement });
    const result = reader.parse();
    const content = result?.content;
    if (!result || !content) return { found: null, reason: 'Readability found no article content' };
    const text = (result.textContent ?? '').trim();
    if (!text) return { found: null, reason: 'Readability found only empty content' };
    return {
      found: {
        content,
        byline: result.byline?.trim() || null,
        textLength: text.length,
        linkDensity: linkDensity(content, text.length),
      },
    };
  } catch (error) {
    return { found: null, reason: `Readability failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
