import { parseHTML } from 'linkedom';

/**
 * Parsing a page into a DOM (linkedom), with the guard that keeps hostile markup from taking the
 * process down, and the small DOM surface the extractor uses, typed here because the project
 * compiles without the browser's DOM typings.
 */

/**
 * Deepest element nesting accepted. Real pages stay far below it (the deepest of the ~1,100 pages
 * in the development sets nests 41 elements). Readability's cost grows with the square of the
 * depth (~0.7 s at 400 levels) and it overflows the call stack at ~10,000, and linkedom's parser
 * itself slows down quadratically beyond that, so deeper documents are refused before parsing.
 */
export const MAX_NESTING_DEPTH = 400;

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

/** The part of a DOM node the extractor reads (linkedom implements the standard DOM). */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  /** Lower-case tag name ('p', 'h2'). */
  readonly localName: string;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  remove(): void;
  appendChild(node: DomNode): DomNode;
  append(...nodes: DomNode[]): void;
  prepend(...nodes: DomNode[]): void;
  after(...nodes: DomNode[]): void;
}

export interface HtmlDocument extends DomNode {
  readonly documentElement: DomElement;
  readonly head: DomElement;
  readonly body: DomElement;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
  createElement(name: string): DomElement;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

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
export function domNestingDepth(root: DomElement): number {
  let deepest = 0;
  const stack: Array<[DomElement, number]> = [[root, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [element, depth] = item;
    if (depth > deepest) deepest = depth;
    const { children } = element;
    for (let i = 0; i < children.length; i++) stack.push([children[i]!, depth + 1]);
  }
  return deepest;
}

function nestingError(): Error {
  return new Error(`HTML nesting deeper than ${MAX_NESTING_DEPTH} levels: refused (no news page nests that deep)`);
}

/** Elements that belong in `<head>` when they stray outside it. */
const HEAD_ELEMENTS = new Set(['meta', 'title', 'link', 'style', 'script', 'base']);

/**
 * linkedom takes the first element of the source as the root: server warnings or stray `<meta>`
 * tags printed before `<html>` become the root and hide the page. So the `<html>` start tag is
 * moved to the very beginning (what came before it lands inside it), or added when missing.
 */
function rootedHtml(html: string): string {
  const withoutDoctype = (part: string): string => part.replace(/<!doctype[^>]*>/gi, '');
  // The first <html> tag outside comments (IE conditional comments hold <html> tags of their own).
  for (const m of html.matchAll(/<!--[\s\S]*?(?:-->|$)|<html(?:\s[^>]*)?>/gi)) {
    if (m[0].startsWith('<!--')) continue;
    return `${m[0]}${withoutDoctype(html.slice(0, m.index))}${html.slice(m.index + m[0].length)}`;
  }
  return `<html>${withoutDoctype(html)}</html>`;
}

/**
 * linkedom's `document.body` is the element right after `<head>`, made empty when missing. Pages
 * without `<head>`/`<body>` tags, or with content outside them, would lose their text: put the
 * root's children where a browser would, head-type elements in `<head>`, all else in `<body>`.
 */
function repairDocumentShell(document: HtmlDocument): void {
  const root = document.documentElement;
  const children = Array.from(root.childNodes);
  const isNamed = (node: DomNode, name: string): node is DomElement => isElement(node) && node.localName === name;
  const head = children.find((n) => isNamed(n, 'head')) ?? document.createElement('head');
  const body = children.find((n) => isNamed(n, 'body')) ?? document.createElement('body');
  if (children.length === 2 && children[0] === head && children[1] === body) return;
  const bodyIndex = children.indexOf(body);
  const beforeBody: DomNode[] = [];
  const afterBody: DomNode[] = [];
  children.forEach((node, i) => {
    if (node === head || node === body) return;
    if (isElement(node) && HEAD_ELEMENTS.has(node.localName) && (bodyIndex === -1 || i < bodyIndex)) head.appendChild(node);
    else (bodyIndex === -1 || i < bodyIndex ? beforeBody : afterBody).push(node);
  });
  body.prepend(...beforeBody);
  body.append(...afterBody);
  root.prepend(head);
  head.after(body);
}

/**
 * Parses a page into a DOM. Throws `HTML nesting deeper than N levels` for documents nested beyond
 * MAX_NESTING_DEPTH (an "HTML bomb"), which nothing downstream could process safely.
 */
export function parseDocument(html: string): HtmlDocument {
  if (sourceNestingDepth(html) > MAX_NESTING_DEPTH) throw nestingError();
  const { document } = parseHTML(rootedHtml(html)) as { document: HtmlDocument };
  repairDocumentShell(document);
  if (domNestingDepth(document.documentElement) > MAX_NESTING_DEPTH) throw nestingError();
  return document;
}
