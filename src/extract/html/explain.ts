import { normalizeSpace } from '../../text/tokens.js';
import { bodyBlocks } from './body-blocks.js';
import { parsePage, textOf, type Element } from './dom.js';
import { findMainText } from './main-text.js';

/**
 * Why the extractor kept or dropped each part of a page, for `storyline extract --explain`: the
 * blocks it kept (in the chosen containers), then every element with text it set aside and the
 * rule that did it, in page order.
 */

/** Characters of an element's text shown in a decision. */
const EXCERPT_CHARS = 100;

export interface ExtractionDecision {
  verdict: 'kept' | 'dropped';
  /** The element ("div.share-tools", "p") or block kind ("paragraph"). */
  what: string;
  reason: string;
  text: string;
}

function describe(element: Element): string {
  const id = element.attribs.id ? `#${element.attribs.id}` : '';
  const classes = (element.attribs.class ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 3).map((c) => `.${c}`).join('');
  return `${element.name}${id}${classes}`;
}

function excerpt(text: string): string {
  const clean = normalizeSpace(text);
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS - 1)}…` : clean;
}

/**
 * The decisions behind extracting `html`. The caller already has the extraction (its notes and
 * confidence); only the main-text step is replayed, on a parse of its own, to see its choices.
 */
export function explainHtmlExtraction(html: string): ExtractionDecision[] {
  const main = findMainText(parsePage(html));
  const decisions: ExtractionDecision[] = [];
  main.kept.forEach((container, i) => {
    const reason = main.wholePage ? 'no container scored: the page body' : i === 0 && main.kept.length === 1 ? 'main container' : 'main container or a sibling of it';
    for (const block of bodyBlocks([container], main.dropped, main.readFallbacks)) {
      decisions.push({ verdict: 'kept', what: `${block.kind} in ${describe(container)}`, reason, text: excerpt(block.text) });
    }
  });
  for (const [element, reason] of main.dropped) {
    if (reason.startsWith('<') && reason !== '<nav>' && reason !== '<aside>' && reason !== '<footer>') continue;
    const text = excerpt(textOf(element));
    if (text) decisions.push({ verdict: 'dropped', what: describe(element), reason, text });
  }
  return decisions;
}
