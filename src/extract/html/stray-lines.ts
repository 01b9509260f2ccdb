import type { Block } from '../../model/article.js';
import { words } from '../../text/tokens.js';

/**
 * Short lines that a container-level extraction keeps with the content but that are page
 * furniture, not article text: a date or "updated" line on its own, a reading-time note, a photo
 * credit, a heading whose section the clean-up emptied, a "Print" / "No comments" line at the end.
 */

/** Only paragraphs this short can be furniture lines. */
const MAX_STRAY_LINE_LENGTH = 60;
/** Lines at the end of the body shorter than this, not ending a sentence, are furniture. */
const MAX_TRAILING_LINE_LENGTH = 80;
const SENTENCE_END = /[.!?…。！？]["'”’»)]?$/;
/** A date in figures (23.10.2018, 2021-10-16, 10/16/2021) or a year. */
const DATE_FIGURES = /\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d{2}\b/;
/** At most this many words besides the date's own (month name, "Updated:", "Published"). */
const MAX_WORDS_BESIDE_DATE = 3;
/** "4 min read", "Lesezeit: 3 Minuten", "Reading time: 5 minutes". */
const READING_TIME = /^(?:(?:reading time|lesezeit|temps de lecture)\s*:?\s*)?\d+\s*(?:min(?:ute)?n?s?\.?)(?:\s*(?:read|lesezeit|de lecture))?$/i;
/** "Photo: …", "Bild: …", "© …", "(© …)", "Credit: …". */
const PHOTO_CREDIT = /^\(?\s*(?:©|\(c\)|(?:photo|foto|bild|image|credit|crédit|fotos|photos)\s*:)/i;

function isStrayLine(text: string): boolean {
  if (text.length > MAX_STRAY_LINE_LENGTH) return false;
  if (READING_TIME.test(text) || PHOTO_CREDIT.test(text)) return true;
  if (!DATE_FIGURES.test(text)) return false;
  return words(text).filter((w) => !/\d/.test(w)).length <= MAX_WORDS_BESIDE_DATE;
}

/**
 * `blocks` without the furniture lines among their paragraphs, and without orphan headings: a
 * heading with nothing under it before the next heading or the end headed a link list or a box the
 * clean-up removed ("Related coverage", "About the author").
 */
export function dropStrayLines(blocks: readonly Block[]): Block[] {
  const lines = blocks.filter((block) => block.kind !== 'paragraph' || !isStrayLine(block.text));
  // Headings alone (a page of headed images) are all the text there is: they stay.
  if (lines.every((block) => block.kind === 'heading')) return lines;
  const kept = lines.filter((block, i) => block.kind !== 'heading' || (lines[i + 1] !== undefined && lines[i + 1]?.kind !== 'heading'));
  // Short lines without a sentence's end after the last paragraph are the page's ("PDF", "No comments", a credit).
  let end = kept.length;
  while (end > 1 && isTrailingFurniture(kept[end - 1] as Block)) end--;
  return end === kept.length ? kept : kept.slice(0, end);
}

function isTrailingFurniture(block: Block): boolean {
  if (block.kind === 'list-item') return false;
  return block.text.length < MAX_TRAILING_LINE_LENGTH && !SENTENCE_END.test(block.text);
}
