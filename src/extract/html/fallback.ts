import type { Block } from '../../model/article.js';
import { bodyBlocks } from './body-blocks.js';
import { linkDensity } from './confidence.js';
import type { HtmlDocument } from './dom.js';

/**
 * When Readability finds no article, the page body's own text is the best there is: its
 * paragraphs, without the parts of a page that are never the article.
 */

/** Page furniture removed before the body's text is taken. */
const PAGE_FURNITURE = 'script, style, noscript, template, nav, header, footer, aside, menu, '
  // Not <form>: some publishing systems wrap the whole page in one.
  + '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [aria-hidden="true"], [hidden]';

/** The blocks of the page body minus its furniture, and the body's link density. Modifies `document`. */
export function pageBodyBlocks(document: HtmlDocument): { blocks: Block[]; linkDensity: number } {
  const furniture = document.body.querySelectorAll(PAGE_FURNITURE);
  // Collected first, removed after: removing while iterating a live list would skip elements.
  const toRemove = Array.from(furniture);
  for (const element of toRemove) element.remove();
  const textLength = (document.body.textContent ?? '').trim().length;
  return { blocks: bodyBlocks(document.body), linkDensity: linkDensity(document.body, textLength) };
}
