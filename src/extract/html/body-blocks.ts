import type { Block, BlockKind } from '../../model/article.js';
import { normalizeSpace } from '../../text/tokens.js';
import { isElement, isText, type AnyNode, type Element } from './dom.js';

/**
 * Turns the chosen containers into Blocks in reading order: p → paragraph, h1–h6 → heading,
 * blockquote → quote, li → list-item, a table row → a paragraph of its cells' text. Inline
 * elements keep their text; one `<br>` is a space, two in a row end the paragraph. Elements the
 * earlier steps dropped, figure captions and non-text elements are left out. Text is never glued
 * across a block boundary: every block-level element starts and ends a block.
 */

/** Elements whose content is never article text. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'figcaption', 'button', 'select', 'input',
  'textarea', 'iframe', 'object', 'embed', 'video', 'audio', 'canvas', 'head', 'title', 'img', 'picture', 'source',
  // Ruby annotations (readings over CJK characters) would break the words they annotate.
  'rt', 'rp',
]);
/** The same, for a page read through its fallbacks: a <noscript> and an unclosed <head> hold its text. */
const SKIPPED_READING_FALLBACKS = new Set([...SKIPPED].filter((name) => name !== 'noscript' && name !== 'head'));

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Elements that hold one run of text: a paragraph of their own. */
const TEXT_BLOCKS = new Set(['p', 'pre', 'dt', 'dd', 'caption', 'address', 'summary', 'legend']);

/** Elements that start a new block but only group other blocks (or loose text). */
const CONTAINERS = new Set([
  'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'ul', 'ol', 'dl', 'menu',
  'table', 'thead', 'tbody', 'tfoot', 'form', 'fieldset', 'details', 'center', 'figure', 'hr', 'body', 'html',
  'td', 'th', 'hgroup', 'dialog', 'li', 'blockquote', 'tr',
]);

/** Marks a `<br>` in collected text until the block is finished. */
const LINE_BREAK = '\u0001';
const PARAGRAPH_BREAK = new RegExp(`${LINE_BREAK}\\s*${LINE_BREAK}[\\s${LINE_BREAK}]*`);
const LINE_BREAKS = new RegExp(LINE_BREAK, 'g');
/** Soft hyphens are invisible unless a line breaks there: a reader sees the word whole. */
const SOFT_HYPHENS = /\u00ad/g;

export function isBlockLevel(name: string): boolean {
  return HEADINGS.has(name) || TEXT_BLOCKS.has(name) || CONTAINERS.has(name);
}

const BLOCK_INSIDE_CELL = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'blockquote', 'table']);

function hasBlockInside(node: Element): boolean {
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (BLOCK_INSIDE_CELL.has(child.name) || hasBlockInside(child)) return true;
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

  constructor(private readonly dropped: ReadonlyMap<Element, string>, private readonly skipped: ReadonlySet<string>) {}

  append(text: string, kind: BlockKind): void {
    if (!this.text) this.kind = kind;
    this.text += text;
  }

  /** Ends the text collected so far as one or more blocks (two `<br>` in a row split it). */
  flush(): void {
    if (!this.text) return;
    for (const part of this.text.split(PARAGRAPH_BREAK)) {
      const clean = normalizeSpace(part.replace(LINE_BREAKS, ' ').replace(SOFT_HYPHENS, ''));
      if (clean) this.blocks.push({ kind: this.kind, text: clean });
    }
    this.text = '';
  }

  walkChildren(node: Element, kind: BlockKind): void {
    for (const child of node.children) this.walk(child, kind);
  }

  walk(node: AnyNode, kind: BlockKind): void {
    if (isText(node)) {
      this.append(node.data, kind);
      return;
    }
    if (!isElement(node)) return;
    const name = node.name;
    if (this.skipped.has(name) || this.dropped.has(node)) return;
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
    else if (name === 'tr' && !hasBlockInside(node)) this.walkRow(node, textKind(kind));
    else this.walkChildren(node, kind);
    this.flush();
  }

  /** A data-table row: its cells' text, space-separated, as one block. */
  private walkRow(row: Element, kind: BlockKind): void {
    for (const cell of row.children) {
      if (!isElement(cell) || this.dropped.has(cell)) continue;
      this.append(' ', kind);
      this.walkChildren(cell, kind);
    }
  }
}

/**
 * The blocks under `roots` in reading order, leaving out the `dropped` elements. With
 * `readFallbacks`, the text of <noscript> and of an unclosed <head> is read too.
 */
export function bodyBlocks(roots: readonly AnyNode[], dropped: ReadonlyMap<Element, string> = new Map(), readFallbacks = false): Block[] {
  const collector = new BlockCollector(dropped, readFallbacks ? SKIPPED_READING_FALLBACKS : SKIPPED);
  for (const root of roots) {
    collector.flush();
    collector.walk(root, 'paragraph');
  }
  collector.flush();
  return collector.blocks;
}
