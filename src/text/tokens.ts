/**
 * The one tokenizer of the project: words are runs of letters, marks and digits, with inner
 * apostrophes and hyphens kept ("don't", "al-Quds"). Lower-cased by `wordTokens`.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/** Words of `text` in order, as written. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Lower-cased words of `text`, for comparison and scoring. */
export function wordTokens(text: string): string[] {
  return words(text.toLowerCase());
}

/** Number of words in `text`, without building the array. */
export function wordCount(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text)) n++;
  return n;
}

/** Collapses runs of whitespace (incl. non-breaking spaces) to one space and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}
