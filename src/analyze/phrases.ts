/**
 * The noun phrase next to a cue: who is saying or reporting. English news puts the source right
 * before its verb ("Blinken said", "a senior administration official confirmed"), right after it
 * ("said Blinken", "according to Axios"), or before it with an apposition between ("Yaron
 * Avraham, a correspondent for Channel 12, also said"). Without a part-of-speech tagger the rules
 * lean on capitalisation and small closed word lists. Tokens carry UTF-16 offsets.
 */
import { AGENT_NOUNS, DETERMINERS, PERSONAL_PRONOUNS } from './lexicons/speech.js';
import { textTokens, type TextToken } from '../text/tokens.js';
import { CALENDAR_WORDS, PHRASE_BREAKERS, SENTENCE_STARTERS, VERB_ADVERBS } from './lexicons/words.js';

// ---- Tunables -------------------------------------------------------------------------------

/** Longest source phrase, in words. */
const MAX_PHRASE_WORDS = 9;
/** Most lower-case modifiers before a description's head ("a senior Biden administration official"). */
const MAX_MODIFIERS = 4;
/** Longest apposition between a name and its verb, in tokens. */
const MAX_APPOSITION_TOKENS = 16;
/** A time phrase between a subject and its verb: its lead word and its head. */
const TIME_LEADS = new Set(['on', 'last', 'this', 'next', 'early', 'late', 'that', 'each', 'every']);
const TIME_WORDS = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend|month|year|night|morning|afternoon|evening|day|time)$/;

/** Words that stand alone for people described before them ("another said", "others say"). */
const STANDING_QUANTIFIERS = new Set(['another', 'others', 'half', 'many', 'most', 'some', 'few', 'both', 'several', 'third', 'thirds', 'quarter', 'quarters', 'fifth', 'fifths', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']);

/** Words and punctuation marks with UTF-16 offsets, from the project tokenizer (src/text/tokens.ts). */
export type Token = TextToken;

/**
 * The analysis tokens of `text`: the project tokenizer's words, abbreviations with their periods
 * ("U.S.", "Gen."), and every other non-space character as a token of its own.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  return textTokens(text, from, to);
}

export const isCapitalised = (w: string): boolean => /^[\p{Lu}\d]/u.test(w) && !SENTENCE_STARTERS.has(w.toLowerCase());
const isNameWord = (w: string): boolean => /^[\p{Lu}]/u.test(w) || /^\d+$/.test(w);
const lower = (t: Token | undefined): string => (t ? t.text.toLowerCase() : '');

export interface Phrase {
  text: string;
  start: number;
  end: number;
  kind: 'name' | 'pronoun' | 'description';
}

function phraseOf(text: string, tokens: Token[], from: number, to: number, kind: Phrase['kind']): Phrase {
  const start = tokens[from]!.start;
  const end = tokens[to]!.end;
  return { text: text.slice(start, end), start, end, kind };
}

/**
 * The phrase ending at token index `last` (inclusive), walking back; null if none is there.
 * `floor` is the first token index the phrase may use.
 */
export function phraseEndingAt(text: string, tokens: Token[], last: number, floor = 0): Phrase | null {
  const t = tokens[last];
  if (!t) return null;
  // A share as the subject: "26% say", "58 percent said".
  if (t.text === '%' && last > floor && /^\d[\d.,]*$/.test(tokens[last - 1]!.text)) return phraseOf(text, tokens, last - 1, last, 'description');
  if (!t.word) return null;
  const w = t.text.toLowerCase();
  if (PERSONAL_PRONOUNS.has(w)) return phraseOf(text, tokens, last, last, 'pronoun');
  const contracted = contractedPronoun(t);
  if (contracted) return contracted;
  // Quantifiers standing for people already described: "another said", "others say", "half said".
  if (STANDING_QUANTIFIERS.has(w)) return phraseOf(text, tokens, last, last, 'description');
  let i = last;
  let kind: Phrase['kind'];
  if (isNameWord(t.text) && !SENTENCE_STARTERS.has(w)) {
    kind = 'name';
    // Capitalised run, with "of", "the", "for" and possessives inside ("Chief of Staff", "The Washington Post").
    while (i - 1 >= floor && last - i < MAX_PHRASE_WORDS) {
      const p = tokens[i - 1]!;
      const pw = p.text.toLowerCase();
      if (p.word && isNameWord(p.text) && !SENTENCE_STARTERS.has(pw)) i--;
      else if (p.word && (pw === 'of' || pw === 'for' || pw === 'de' || pw === 'al') && i - 2 >= floor && isNameWord(tokens[i - 2]!.text) && !SENTENCE_STARTERS.has(lower(tokens[i - 2]))) i -= 2;
      else break;
    }
    // A determiner or lower-case modifiers before a capitalised head: "the Pentagon", "a White House official".
    if (i - 1 >= floor && (lower(tokens[i - 1]) === 'the')) i--;
  } else {
    if (PHRASE_BREAKERS.has(w) || !/^\p{Ll}/u.test(t.text)) return null;
    kind = 'description';
    // Walk back over modifiers to a determiner; plural role nouns and "sources" stand without one.
    let j = last;
    let modifiers = 0;
    let found = -1;
    while (j - 1 >= floor && modifiers <= MAX_MODIFIERS) {
      const p = tokens[j - 1]!;
      const pw = p.text.toLowerCase();
      if (!p.word) break;
      if (DETERMINERS.has(pw)) { found = j - 1; break; }
      if (PHRASE_BREAKERS.has(pw) || SENTENCE_STARTERS.has(pw)) break;
      j--;
      modifiers++;
      // A possessive name is the determiner: "Romney's associates", "Mrs. Clinton's confidants".
      if (/^\p{Lu}.*[’']s?$/u.test(p.text)) {
        while (j - 1 >= floor && isNameWord(tokens[j - 1]!.text) && tokens[j - 1]!.word && !SENTENCE_STARTERS.has(lower(tokens[j - 1]))) j--;
        found = j;
        break;
      }
    }
    if (found >= 0) i = found;
    else if (AGENT_NOUNS.has(w) && (w.endsWith('s') || modifiers > 0)) i = j;
    else if (AGENT_NOUNS.has(w) && modifiers === 0) i = last;
    else return null;
  }
  // "X of the Y": "the Chief of Staff of the occupation forces", "a spokesman for the ministry".
  return phraseOf(text, tokens, i, last, kind);
}

/** Extends a phrase back over "of"/"for" chains: "Chief of Staff of the occupation forces". */
export function extendBack(text: string, tokens: Token[], first: number, last: number, floor = 0): Phrase | null {
  let i = first;
  let result = phraseEndingAt(text, tokens, last, floor);
  if (!result) return null;
  i = tokens.findIndex((t) => t.start === result!.start);
  for (let hops = 0; hops < 2; hops++) {
    const of = tokens[i - 1];
    if (!of || !['of', 'for', 'at', 'with'].includes(lower(of)) || i - 2 < floor) break;
    const head = phraseEndingAt(text, tokens, i - 2, floor);
    if (!head) break;
    const hi = tokens.findIndex((t) => t.start === head.start);
    result = { text: text.slice(head.start, result.end), start: head.start, end: result.end, kind: head.kind };
    i = hi;
  }
  return result;
}

/** Index of the token that starts at or after `pos`. */
export function tokenAt(tokens: Token[], pos: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The subject of the verb at token index `verb`: the phrase before it, skipping adverbs
 * ("also", "later") and an apposition between commas ("Avraham, a correspondent for Channel 12,").
 */
export function subjectBefore(text: string, tokens: Token[], verb: number, floor = 0): Phrase | null {
  let k = verb - 1;
  for (;;) {
    while (k >= floor && tokens[k]!.word && VERB_ADVERBS.has(lower(tokens[k]))) k--;
    // A time between subject and verb: "Clinton on Tuesday said", "Trump last week told".
    if (k - 1 >= floor && TIME_WORDS.test(lower(tokens[k])) && TIME_LEADS.has(lower(tokens[k - 1]))) { k -= 2; continue; }
    break;
  }
  // A parenthesis between name and verb: "Rep. Paul Ryan (R-WI) said".
  if (k > floor && tokens[k]!.text === ')') {
    let open = k - 1;
    while (open > floor && tokens[open]!.text !== '(' && k - open < 8) open--;
    if (tokens[open]!.text === '(') k = open - 1;
  }
  if (k < floor) return null;
  if (tokens[k]!.text === ',') {
    // Apposition: NAME , DESCRIPTION , verb → NAME.
    for (let c = k - 1; c >= Math.max(floor, k - MAX_APPOSITION_TOKENS); c--) {
      const tk = tokens[c]!;
      if (tk.text === ',' ) {
        let e = c - 1;
        // Skip a parenthesis before the comma: "Sen. Claire McCaskill (D-Mo.), who …".
        if (tokens[e]?.text === ')') {
          while (e > floor && tokens[e]!.text !== '(') e--;
          e--;
        }
        const name = extendBack(text, tokens, e, e, floor);
        if (name && name.kind === 'name') return name;
        // DESCRIPTION , NAME , verb → NAME: "A top strategist, John Weaver, tells".
        return appositionName(text, tokens, c + 1, k - 1);
      }
      if (!tk.word && tk.text !== '-' && tk.text !== '’' && tk.text !== "'" && tk.text !== '(' && tk.text !== ')') break;
    }
    return null;
  }
  return extendBack(text, tokens, k, k, floor);
}

/** "he’d", "she's", "they’re": the pronoun without its contracted verb. */
function contractedPronoun(t: Token): Phrase | null {
  const m = /^(he|she|they|we|i|you)[’'](?:d|s|re|ll|ve|m)$/i.exec(t.text);
  return m ? { text: m[1]!, start: t.start, end: t.start + m[1]!.length, kind: 'pronoun' } : null;
}

/** Whether a capitalised word follows within [from, to) with only lower-case words before it. */
function nameWithin(tokens: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (!t.word) return false;
    if (isNameWord(t.text) && !SENTENCE_STARTERS.has(t.text.toLowerCase())) return true;
    if (PHRASE_BREAKERS.has(t.text.toLowerCase()) || DETERMINERS.has(t.text.toLowerCase())) return false;
  }
  return false;
}

/** The name that ends an apposition [from, last] ("John Weaver", "Gov. John Kasich (R-OH)"), or null. */
function appositionName(text: string, tokens: Token[], from: number, last: number): Phrase | null {
  let e = last;
  if (tokens[e]?.text === ')') {
    while (e > from && tokens[e]!.text !== '(') e--;
    e--;
  }
  if (e < from) return null;
  const p = phraseEndingAt(text, tokens, e, from);
  return p && p.kind === 'name' && p.start === tokens[from]!.start ? p : null;
}

/** The phrase right after token index `from` ("said Blinken", "according to the Post"). */
export function phraseAfter(text: string, tokens: Token[], from: number, ceiling = tokens.length): Phrase | null {
  const i = from;
  const first = tokens[i];
  if (!first || !first.word || i >= ceiling) return null;
  const w = first.text.toLowerCase();
  if (PERSONAL_PRONOUNS.has(w)) return phraseOf(text, tokens, i, i, 'pronoun');
  const contracted = contractedPronoun(first);
  if (contracted) return contracted;
  if (CALENDAR_WORDS.has(w) || /^(?:shortly|specifically|ask|twas|finally|asked)$/.test(w)) return null;
  // Walk forward to the phrase's last word, then reuse the backward rules from there.
  let last = -1;
  let j = i;
  let sawDeterminer = DETERMINERS.has(w);
  while (j < ceiling && j - i < MAX_PHRASE_WORDS) {
    const t = tokens[j]!;
    const tw = t.text.toLowerCase();
    if (!t.word) break;
    if (j > i && PHRASE_BREAKERS.has(tw) && tw !== 'of' && tw !== 'for') break;
    if (isNameWord(t.text) && !SENTENCE_STARTERS.has(tw)) last = j;
    else if (AGENT_NOUNS.has(tw)) last = j;
    // Lower-case titles before a name: "said former tech executive Carly Fiorina".
    else if (j === i && last < 0 && !sawDeterminer && /^\p{Ll}/u.test(t.text) && !PHRASE_BREAKERS.has(tw) && nameWithin(tokens, j + 1, Math.min(ceiling, j + MAX_MODIFIERS + 1))) sawDeterminer = true;
    else if ((tw === 'of' || tw === 'for') && last === j - 1 && tokens[j + 1] && (isNameWord(tokens[j + 1]!.text) || lower(tokens[j + 1]) === 'the')) { j++; continue; }
    else if (!sawDeterminer && !(j === i && DETERMINERS.has(tw)) && last >= 0) break;
    else if (DETERMINERS.has(tw)) sawDeterminer = true;
    else if (!sawDeterminer && last < 0) break;
    j++;
  }
  if (last < 0) return null;
  const p = phraseEndingAt(text, tokens, last, i);
  if (!p) return null;
  return p.start === first.start || DETERMINERS.has(w) ? { ...p, text: text.slice(first.start, p.end), start: first.start } : p;
}

/**
 * A lower-case description without a head that can speak — modifiers of a noun the phrase rules
 * stopped before ("a controversial" of "a controversial tweet", "some erroneously"): no source.
 */
export function isHeadlessDescription(phrase: Phrase): boolean {
  if (phrase.kind !== 'description' || /\p{Lu}/u.test(phrase.text)) return false;
  const head = phrase.text.toLowerCase().split(/\s+/).pop()!;
  return !(AGENT_NOUNS.has(head) || /^[\d,.%]+$/.test(head) || head.endsWith('s'));
}
