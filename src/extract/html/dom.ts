import { isTag, isText, type AnyNode, type Document, type Element, type ParentNode, type Text } from 'domhandler';
import { Parser, type Handler } from 'htmlparser2';

/**
 * Parsing a page once into a light DOM (htmlparser2's events → plain objects of domhandler's
 * shape, no browser emulation), with the guard that keeps hostile markup from taking the process down, and the
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

function nestingError(): Error {
  return new Error(`HTML nesting deeper than ${MAX_NESTING_DEPTH} levels: refused (no news page nests that deep)`);
}

/**
 * Builds the tree from htmlparser2's events as plain objects of domhandler's shape (type, name,
 * attribs, children, parent; text nodes with data), leaving out what no step reads (comments,
 * doctype, sibling links, source positions): domhandler's own node classes cost a third of the
 * parse. Counts nesting as it goes and refuses a document at MAX_NESTING_DEPTH + 1 open elements,
 * before an "HTML bomb" is ever built and without a second pass over the source.
 */
class PageBuilder implements Partial<Handler> {
  readonly document = { type: 'root', children: [] as AnyNode[], parent: null } as unknown as Document;
  private current: ParentNode = this.document;
  private depth = 0;
  private lastText: Text | null = null;

  onopentag(name: string, attribs: Record<string, string>): void {
    if (++this.depth > MAX_NESTING_DEPTH) throw nestingError();
    const element = { type: 'tag', name, attribs, children: [], parent: this.current } as unknown as Element;
    this.current.children.push(element);
    this.current = element;
    this.lastText = null;
  }

  onclosetag(): void {
    this.depth = Math.max(0, this.depth - 1);
    this.current = (this.current.parent as ParentNode | null) ?? this.document;
    this.lastText = null;
  }

  ontext(data: string): void {
    // The parser reports a text run in pieces around entities: one text node, as in the DOM.
    if (this.lastText) this.lastText.data += data;
    else {
      const text = { type: 'text', data, parent: this.current } as unknown as Text;
      this.current.children.push(text);
      this.lastText = text;
    }
  }

  oncomment(): void {
    // The DOM keeps the text on either side of a comment as two nodes: so does this tree.
    this.lastText = null;
  }
}

/**
 * Parses a page into a DOM. Throws `HTML nesting deeper than N levels` for documents nested beyond
 * MAX_NESTING_DEPTH (an "HTML bomb"), which nothing downstream could process safely.
 */
export function parsePage(html: string): Document {
  const builder = new PageBuilder();
  new Parser(builder, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true }).end(html);
  return builder.document;
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
