import { isTag, isText, type AnyNode, type Document, type Element, type ParentNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/**
 * Parsing a page once into a light DOM (htmlparser2 → domhandler: plain objects, no browser
 * emulation), with the guard that keeps hostile markup from taking the process down, and the
 * few helpers every step reads the tree with.
 */

export type { AnyNode, Document as PageDocument, Element, ParentNode } from 'domhandler';
export { isTag as isElement, isText } from 'domhandler';

/**
 * Deepest element nesting accepted. Real pages stay far below it (the deepest of the ~1,100 pages
 * in the development sets nests 41 elements). The extraction steps walk the tree recursively, so
 * deeper documents ("HTML bombs") are refused before anything walks them.
 */
export const MAX_NESTING_DEPTH = 400;

/** Elements that never have content, so never nest. */
const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source',
  'track', 'wbr', 'basefont', 'bgsound', 'frame', 'isindex', 'image',
]);

/** Elements whose end tag may be left out: the parser closes them itself, so they do not pile up. */
const OPTIONAL_END_ELEMENTS = new Set([
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup',
  'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body',
]);

/** A tag, a comment, or a raw-text element (whose content holds no tags) in source order. */
const MARKUP_TOKEN = /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title|xmp|plaintext)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(\/?)>/g;

/**
 * How deep the elements of `html` nest, counted on the source before parsing (cheap, linear):
 * every start tag that needs an end tag opens a level, its end tag closes one. Void elements,
 * self-closing tags and elements the parser closes implicitly (p, li, td…) are not counted.
 */
export function sourceNestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const m of html.matchAll(MARKUP_TOKEN)) {
    const tag = m[3]?.toLowerCase();
    if (tag === undefined || VOID_ELEMENTS.has(tag) || OPTIONAL_END_ELEMENTS.has(tag)) continue;
    if (m[2] === '/') depth = Math.max(0, depth - 1);
    else if (m[4] !== '/') deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/** How deep the elements under `root` nest, walked without recursion. */
export function domNestingDepth(root: ParentNode): number {
  let deepest = 0;
  const stack: Array<[ParentNode, number]> = [[root, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > deepest) deepest = depth;
    for (const child of node.children) if (isTag(child)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function nestingError(): Error {
  return new Error(`HTML nesting deeper than ${MAX_NESTING_DEPTH} levels: refused (no news page nests that deep)`);
}

/**
 * Parses a page into a DOM. Throws `HTML nesting deeper than N levels` for documents nested beyond
 * MAX_NESTING_DEPTH (an "HTML bomb"), which nothing downstream could process safely.
 */
export function parsePage(html: string): Document {
  if (sourceNestingDepth(html) > MAX_NESTING_DEPTH) throw nestingError();
  const document = parseDocument(html, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true });
  if (domNestingDepth(document) > MAX_NESTING_DEPTH) throw nestingError();
  return document;
}

/** The value of attribute `name`, or null. */
export function attr(element: Element, name: string): string | null {
  return element.attribs[name] ?? null;
}

/** All text under `node`, in order (like the DOM's textContent). */
export function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (!('children' in node)) return '';
  let out = '';
  for (const child of node.children) out += textOf(child);
  return out;
}

/** Elements named `name` (lower-case) under `root`, in document order. */
export function elementsByTag(root: ParentNode, name: string): Element[] {
  const found: Element[] = [];
  const visit = (node: ParentNode): void => {
    for (const child of node.children) {
      if (!isTag(child)) continue;
      if (child.name === name) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** The first element named `name` under `root`, in document order, or null. */
export function firstByTag(root: ParentNode, name: string): Element | null {
  for (const child of root.children) {
    if (!isTag(child)) continue;
    if (child.name === name) return child;
    const inside = firstByTag(child, name);
    if (inside) return inside;
  }
  return null;
}
