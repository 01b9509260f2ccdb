import type { Block, CitedSource } from '../../model/article.js';

/**
 * Lines where an article names where its information comes from ("Source: Reuters",
 * "Sources: AFP, AP"). They are attributions, not article text: they leave the body and become
 * cited sources.
 */

/** A whole block that is a source line: the label, a colon, then the names. */
const SOURCE_LINE = /^\(?\s*(?:sources?|source\(s\)|quellen?|fuentes?|fontes?|sources? d'information|źródła?|источник(?:и)?)\s*:\s*(.+?)\s*\)?\.?$/iu;
/** Longer blocks are prose that happens to start with "Source:", not a source line. */
const MAX_SOURCE_LINE_LENGTH = 160;
/** Between names in one source line. */
const NAME_SEPARATOR = /\s*(?:[,;/|+]|\s&\s|\s(?:and|und|et|y|i|e)\s)\s*/i;

/** The cited sources in `line`, or null when it is not a source line. */
export function citedSourcesOfLine(line: string): CitedSource[] | null {
  if (line.length > MAX_SOURCE_LINE_LENGTH) return null;
  const match = SOURCE_LINE.exec(line);
  if (!match?.[1]) return null;
  const names = match[1].split(NAME_SEPARATOR).map((n) => n.trim()).filter((n) => n.length > 1);
  return names.length ? names.map((name) => ({ name, line })) : null;
}

/** Splits `blocks` into the article's body and the source lines found among its paragraphs. */
export function separateCitedSources(blocks: readonly Block[]): { blocks: Block[]; citedSources: CitedSource[] } {
  const body: Block[] = [];
  const citedSources: CitedSource[] = [];
  for (const block of blocks) {
    const cited = block.kind === 'paragraph' ? citedSourcesOfLine(block.text) : null;
    if (cited) citedSources.push(...cited);
    else body.push(block);
  }
  return { blocks: body, citedSources };
}
