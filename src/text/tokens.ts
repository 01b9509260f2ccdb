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

// ---- Tokens with offsets ----------------------------------------------------------------------
// For stages that point back into the text (analysis, highlighting): the same words as `words`,
// with UTF-16 offsets, and optionally the punctuation between them as tokens of their own.

/** A word or punctuation mark of a text, with its UTF-16 offsets [start, end). */
export interface TextToken {
  text: string;
  start: number;
  end: number;
  /** A word (starts with a letter or digit) rather than a punctuation mark. */
  word: boolean;
}

/**
 * Abbreviations (lower-case, without their final period) whose period belongs to the word and
 * does not end a sentence: titles, months, company forms, initialisms.
 */
export const ABBREVIATIONS: ReadonlySet<string> = new Set(
  ('mr mrs ms dr gen lt col maj capt sgt cpl adm gov sen sens rep reps pres prof st jr sr rev hon atty amb supt cmdr brig ' +
    'no vs inc corp co ltd bros jan feb mar apr aug sept sep oct nov dec u.s u.n u.k e.u d.c a.m p.m').split(' '),
);
/**
 * Abbreviations that are one only when capitalised, because lower-case they are common words at a
 * sentence's end ("fell ill.", "a mass."): US state shorthands in datelines and party labels
 * ("Sen. Claire McCaskill (D-Mo.)"), "Mt.", "Ft.".
 */
export const CAPITALISED_ABBREVIATIONS: ReadonlySet<string> = new Set(
  'ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo mt ft'.split(' '),
);

/** Whether `word` written with a final period ("Gen.", "U.S.", "J.", "Calif.") is an abbreviation. */
export function isAbbreviation(word: string): boolean {
  if (!word.endsWith('.')) return false;
  const bare = word.slice(0, -1);
  // A party label's state is the part after the dash: "(D-Mo.)", "(R-Tex.)".
  const tail = bare.slice(bare.lastIndexOf('-') + 1);
  // Initials ("J.", "U.S.") and listed abbreviations.
  return /^\p{Lu}$/u.test(bare) || /^(?:\p{L}\.)+\p{L}$/u.test(bare) || ABBREVIATIONS.has(bare.toLowerCase()) || (CAPITALISED_ABBREVIATIONS.has(tail.toLowerCase()) && /^\p{Lu}/u.test(tail));
}

/** A word as WORD defines it, optionally followed by an abbreviation's periods ("U.S.", "Gen."). */
const WORD_OR_ABBREVIATION = new RegExp(`${WORD.source}(?:\\.(?:\\p{L}\\.)*)?`, 'gu');
const TOKEN = new RegExp(`${WORD_OR_ABBREVIATION.source}|[^\\s\\p{L}\\p{N}]`, 'gu');
const STARTS_WORD = /^[\p{L}\p{N}]/u;

/** Words of `text[from, to)` with their offsets: exactly the words `words` finds there. */
export function wordSpans(text: string, from = 0, to = text.length): TextToken[] {
  const out: TextToken[] = [];
  const re = new RegExp(WORD.source, 'gu');
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index + m[0].length <= to) out.push({ text: m[0], start: m.index, end: m.index + m[0].length, word: true });
  return out;
}

/**
 * Words and punctuation of `text[from, to)` with their offsets. Every non-space character that is
 * not part of a word is a token of its own (phrase and sentence rules need the commas and
 * quotation marks); a word's final period stays on it only when `abbreviation` says so
 * ("Gen. Herzi Halevi", "the U.S. Army"), else the period is a token and may end a sentence.
 */
export function textTokens(text: string, from = 0, to = text.length, abbreviation: (word: string) => boolean = isAbbreviation): TextToken[] {
  const out: TextToken[] = [];
  const re = new RegExp(TOKEN.source, 'gu');
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) {
    let t = m[0];
    let end = m.index + t.length;
    if (end > to) break;
    if (t.length > 1 && t.charCodeAt(t.length - 1) === 46 /* . */ && !abbreviation(t)) {
      t = t.slice(0, -1);
      end--;
      re.lastIndex = end;
    }
    out.push({ text: t, start: m.index, end, word: STARTS_WORD.test(t) });
  }
  return out;
}
