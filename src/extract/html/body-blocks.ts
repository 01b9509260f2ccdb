import type { Block, BlockKind } from '../../model/article.js';
import { normalizeSpace } from '../../text/tokens.js';
import { isElement, TEXT_NODE, type DomElement, type DomNode } from './dom.js';

/**
 * Turns article HTML (Readability's content, or a page body in the fallback) into Blocks in
 * reading order: p → paragraph, h1–h6 → heading, blockquote → quote, li → list-item, a table row
 * → a paragraph of its cells' text. Inline elements keep their text; one `<br>` is a space, two in
 * a row end the paragraph. Figure captions and non-text elements are dropped.
 */

/** Elements whose content is never article text. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'figcaption', 'button', 'select', 'input',
  'textarea', 'iframe', 'object', 'embed', 'video', 'audio', 'canvas', 'head', 'title', 'img', 'picture', 'source',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Elements that hold one run of text: a paragraph of their own. */
const TEXT_BLOCKS = new Set(['p', 'pre', 'dt', 'dd', 'caption', 'address', 'summary', 'legend']);

/** Elements that start a new block but only group other blocks (or loose text). */
const CONTAINERS = new Set([
  'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'ul', 'ol', 'dl', 'menu',
  'table', 'thead', 'tbody', 'tfoot', 'form', 'fieldset', 'details', 'center', 'figure', 'hr', 'body', 'html',
  'td', 'th', 'hgroup', 'dialog',
]);

/** Marks a `<br>` in collected text until the block is finished. */
const LINE_BREAK = '\u0001';
const PARAGRAPH_BREAK = new RegExp(`${LINE_BREAK}\\s*${LINE_BREAK}[\\s${LINE_BREAK}]*`);
const LINE_BREAKS = new RegExp(LINE_BREAK, 'g');

function isBlockLevel(name: string): boolean {
  return HEADINGS.has(name) || TEXT_BLOCKS.has(name) || CONTAINERS.has(name) || name === 'li' || name === 'blockquote' || name === 'tr';
}

/** Whether a table row's cells hold blocks of their own (a layout table) rather than plain cell text. */
function hasBlockDescendant(row: DomElement): boolean {
  const cells = row.children;
  for (let i = 0; i < cells.length; i++) {
    const found = cells[i]!.querySelector('p, div, h1, h2, h3, h4, h5, h6, ul, ol, blockquote, table');
    if (found) return true;
  }
  return false;
}

/** What a paragraph-like element becomes inside an element of `outer` kind: a quote's or a list item's paragraphs keep that kind. */
function textKind(outer: BlockKind): BlockKind {
  return outer === 'quote' || outer === 'list-item' ? outer : 'paragraph';
}

class BlockCollector {
  readonly blocks: Block[] = [];
  private text = '';
  private kind: BlockKind = 'paragraph';

  append(text: string, kind: BlockKind): void {
    if (!this.text) this.kind = kind;
    this.text += text;
  }

  /** Ends the text collected so far as one or more blocks (two `<br>` in a row split it). */
  flush(): void {
    if (!this.text) return;
    for (const part of this.text.split(PARAGRAPH_BREAK)) {
      const clean = normalizeSpace(part.replace(LINE_BREAKS, ' '));
      if (clean) this.blocks.push({ kind: this.kind, text: clean });
    }
    this.text = '';
  }

  /** Walks `node`'s children; `kind` is what loose text in them becomes. */
  walkChildren(node: DomNode, kind: BlockKind): void {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) this.walk(children[i]!, kind);
  }

  walk(node: DomNode, kind: BlockKind): void {
    if (node.nodeType === TEXT_NODE) {
      this.append(node.textContent ?? '', kind);
      return;
    }
    if (!isElement(node)) return;
    const name = node.localName;
    if (SKIPPED.has(name)) return;
    if (name === 'br') {
      this.append(LINE_BREAK, kind);
      return;
    }
    if (!isBlockLevel(name)) {
      this.walkChildren(node, kind);
      return;
    }
    this.flush();
    if (HEADINGS.has(name)) this.walkChildren(node, 'heading');
    else if (name === 'li') this.walkChildren(node, 'list-item');
    else if (name === 'blockquote') this.walkChildren(node, 'quote');
    else if (TEXT_BLOCKS.has(name)) this.walkChildren(node, textKind(kind));
    else if (name === 'tr' && !hasBlockDescendant(node)) this.walkRow(node, textKind(kind));
    else this.walkChildren(node, kind);
    this.flush();
  }

  /** A data-table row: its cells' text, space-separated, as one block. */
  private walkRow(row: DomElement, kind: BlockKind): void {
    const cells = row.children;
    for (let i = 0; i < cells.length; i++) {
      this.append(' ', kind);
      this.walkChildren(cells[i]!, kind);
    }
  }
}

/** The blocks of the article HTML under `root`, in reading order. */
export function bodyBlocks(root: DomNode): Block[] {
  const collector = new BlockCollector();
  collector.walk(root, 'paragraph');
  collector.flush();
  return collector.blocks;
}
