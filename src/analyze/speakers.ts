/**
 * Who spoke each quote. In order of strength:
 *  1. a cue right before the opening mark: `Blinken replied, “…`, `Gallant told Blinken that "…`;
 *  2. a cue right after the closing mark: `…,” said Blinken` / `…,” the official said`;
 *  3. a cue elsewhere in the quote's sentence: `X said that the plan was “…”`, `according to X`;
 *  4. a quote with no cue of its own continues the previous quote's speaker (same or previous
 *     paragraph), the newspaper convention for runs of quotes.
 * The speaker as written (`speakerText`) is then resolved: a pronoun to the last person named
 * before it, a role ("the official", "the Chief of Staff") to the person named with that title
 * or to the earlier description it repeats, a surname to the full name.
 */
import { PARTICIPLE_CUES, QUOTE_VERBS, SPEECH_VERBS } from './lexicons/speech.js';
import { phraseAfter, subjectBefore, tokenAt, type Phrase, type Token } from './phrases.js';
import type { QuoteSpan } from './quotes.js';
import type { EntityIndex } from './entities.js';
import type { Sentences } from './sentences.js';

// ---- Tunables -------------------------------------------------------------------------------

/** Most tokens between a cue verb and the opening mark (the verb's object: "told reporters on Friday that"). */
const MAX_LEFT_CUE_DISTANCE = 8;
/** Most tokens between the closing mark and a following cue ("…,” Blinken, the secretary of state, said"). */
const MAX_RIGHT_CUE_DISTANCE = 12;
/** Whether the sentence's subject before the quote beats a cue elsewhere in the sentence. */
const SUBJECT_BEFORE_SENTENCE_CUES = false;
/** A quote without a cue continues the previous quote's speaker if that quote ended this close (chars). */
const MAX_CONTINUATION_GAP = 700;

export interface Attribution {
  /** The resolved speaker: a canonical entity name or the description as written. */
  speaker: string | null;
  /** The mention of the speaker as written nearest the quote. */
  speakerText: string | null;
  speakerStart: number | null;
  speakerEnd: number | null;
  /** Offsets of the cue word ("said", "according"). */
  cueStart: number | null;
  cueEnd: number | null;
}

const NONE: Attribution = { speaker: null, speakerText: null, speakerStart: null, speakerEnd: null, cueStart: null, cueEnd: null };

/** Words after which a cue word is a noun or an adjective, not a verb. */
const NOUN_MARKERS = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'our', 'my', 'your']);

const lower = (t: Token | undefined): string => (t ? t.text.toLowerCase() : '');

/** Whether token `i` is a cue; "according" only with "to". */
export function isCue(tokens: Token[], i: number, verbs: ReadonlySet<string>): boolean {
  const t = tokens[i];
  if (!t) return false;
  const w = t.text.toLowerCase();
  if (w === 'according') return lower(tokens[i + 1]) === 'to';
  // Verbs are lower-case; "States" in "United States" is not a cue.
  if (!/^\p{Ll}/u.test(t.text) || !verbs.has(w)) return false;
  // After an article or a possessive it is a noun or an adjective: "a written statement", "his remarks".
  return !NOUN_MARKERS.has(lower(tokens[i - 1]));
}

/** The source phrase of the cue at token `v`. */
export function sourceOfCue(text: string, tokens: Token[], v: number, floor: number, ceiling: number): Phrase | null {
  const w = lower(tokens[v]);
  if (w === 'according') return phraseAfter(text, tokens, v + 2, ceiling);
  if (PARTICIPLE_CUES.has(w)) {
    // "…, saying": the subject of the clause before — the sentence's subject when it has one
    // ("Clinton's right-hand woman rallied supporters, saying"), else a speech verb's subject.
    const subject = sentenceSubject(text, tokens, floor, v);
    if (subject && subject.end <= tokens[v]!.start && !/^\p{Ll}+$/u.test(subject.text)) return subject;
    for (let k = v - 1; k >= floor; k--) {
      if (tokens[k]!.word && SPEECH_VERBS.has(lower(tokens[k])) && !PARTICIPLE_CUES.has(lower(tokens[k]))) return subjectBefore(text, tokens, k, floor);
    }
    for (let k = floor; k < v; k++) {
      const p = phraseAfter(text, tokens, k, v);
      if (p && p.kind !== 'description') return p;
      if (p) return p;
    }
    return null;
  }
  const before = subjectBefore(text, tokens, v, floor);
  if (before) return before;
  // Inverted order: "said Blinken", "reported the Washington Post".
  return phraseAfter(text, tokens, v + 1, ceiling);
}

/** Sentence-opening words after which a subject follows a comma ("On Monday, Clinton …"). */
const LEADING_ADVERBIALS = new Set(['on', 'in', 'at', 'after', 'before', 'during', 'when', 'while', 'since', 'as', 'with', 'for', 'by', 'from', 'earlier', 'later', 'last', 'this', 'speaking', 'asked', 'still', 'yet', 'but', 'and', 'meanwhile', 'however', 'instead', 'then', 'now', 'also', 'in', 'if', 'although', 'though', 'because', 'once', 'until', 'despite', 'under', 'over', 'about', 'like', 'unlike', 'amid', 'following',
  'hours', 'days', 'weeks', 'months', 'years', 'minutes', 'moments', 'shortly', 'soon', 'eventually', 'finally', 'afterward', 'afterwards', 'separately',
  'similarly', 'likewise', 'indeed', 'moreover', 'nonetheless', 'nevertheless', 'today', 'yesterday', 'tonight', 'again', 'still', 'so', 'thus',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'asked', 'pressed', 'according', 'for', 'to', 'of']);

/** The subject that opens a sentence: the first phrase followed by a lower-case word (its verb). */
export function sentenceSubject(text: string, tokens: Token[], floor: number, ceiling: number): Phrase | null {
  let k = floor;
  while (k < ceiling && !tokens[k]!.word) k++;
  if (k < ceiling && LEADING_ADVERBIALS.has(lower(tokens[k]))) {
    while (k < ceiling && tokens[k]!.text !== ',') k++;
    k++;
  }
  for (let tries = 0; k < ceiling && tries < 2; tries++) {
    const p = phraseAfter(text, tokens, k, ceiling);
    if (!p) return null;
    let n = tokenAt(tokens, p.end);
    if (tokens[n]?.text === ',') return p.kind === 'name' ? p : null;
    if (n < ceiling && tokens[n]!.word && /^\p{Ll}/u.test(tokens[n]!.text) && !['of', 'and', 'or', 'to', 'in', 'on', 'at', 'for', 'from', 'with'].includes(lower(tokens[n]))) return p;
    n++;
    k = n;
  }
  return null;
}

export interface SpeakerContext {
  text: string;
  tokens: Token[];
  sentences: Sentences;
  entities: EntityIndex;
}

function attributionOf(ctx: SpeakerContext, phrase: Phrase, cue: Token | undefined): Attribution {
  return {
    speaker: ctx.entities.resolve(phrase),
    speakerText: phrase.text,
    speakerStart: phrase.start,
    speakerEnd: phrase.end,
    cueStart: cue?.start ?? null,
    cueEnd: cue?.end ?? null,
  };
}

/** Speakers of `quotes` (same order). */
export function attributeQuotes(ctx: SpeakerContext, quotes: QuoteSpan[]): Attribution[] {
  const { text, tokens, sentences } = ctx;
  const out: Attribution[] = [];
  for (let qi = 0; qi < quotes.length; qi++) {
    const q = quotes[qi]!;
    const first = tokenAt(tokens, q.start); // the opening mark
    const after = tokenAt(tokens, q.end);
    const floor = sentences.startTokenBefore(q.start);
    const ceiling = sentences.endTokenAfter(Math.max(q.start, q.end - 1));
    let found: Attribution | null = null;

    // 1. Cue right before the opening mark.
    for (let k = first - 1; k >= Math.max(floor, first - MAX_LEFT_CUE_DISTANCE); k--) {
      const t = tokens[k]!;
      if (!t.word && t.text !== ',' && t.text !== ':' && t.text !== '—' && t.text !== '-') break;
      if (t.word && isCue(tokens, k, QUOTE_VERBS)) {
        const p = sourceOfCue(text, tokens, k, floor, first);
        if (p) found = attributionOf(ctx, p, t);
        break;
      }
    }

    // 2. Cue right after the closing mark (not across a sentence end).
    if (!found) {
      const inner = text.slice(q.innerStart, q.innerEnd).trimEnd();
      const endsSentence = /[.]$/.test(inner);
      let k = after;
      while (k < tokens.length && (tokens[k]!.text === ',' || tokens[k]!.text === '—')) k++;
      const next = tokens[k];
      // “Are you kidding?” Trump said: after ? or ! the sentence with the cue starts at the closing mark.
      const ceilingAfter = next && /[?!]$/.test(inner) ? Math.max(ceiling, sentences.endTokenAfter(next.start)) : ceiling;
      if (next && next.start - q.end < 4 && (!endsSentence || /^\p{Ll}/u.test(next.text) || isCue(tokens, k, QUOTE_VERBS))) {
        for (let j = k; j < Math.min(ceilingAfter + 1, k + MAX_RIGHT_CUE_DISTANCE, tokens.length); j++) {
          const t = tokens[j]!;
          if (!t.word && t.text !== ',' && t.text !== '(' && t.text !== ')' && t.text !== '.' && t.text !== '’' && t.text !== "'") break;
          if (t.word && isCue(tokens, j, QUOTE_VERBS)) {
            const p = j === k ? phraseAfter(text, tokens, j + 1, ceilingAfter) ?? null : subjectBefore(text, tokens, j, k);
            if (p) found = attributionOf(ctx, p, t);
            break;
          }
        }
      }
    }

    // 2b. The subject of the clause that runs into the quote, whatever its verb: "Gov. Pat McCrory
    // (R) blamed “…”", "Clinton accuses X of being “…”".
    if (!found && floor < first && SUBJECT_BEFORE_SENTENCE_CUES) {
      const subject = sentenceSubject(text, tokens, floor, first);
      if (subject) found = attributionOf(ctx, subject, undefined);
    }

    // 3. A cue elsewhere in the sentence: before the quote first, then after it.
    if (!found) {
      for (let k = first - 1; k >= floor && !found; k--) {
        if (tokens[k]!.word && isCue(tokens, k, SPEECH_VERBS)) {
          const p = sourceOfCue(text, tokens, k, floor, first);
          if (p) found = attributionOf(ctx, p, tokens[k]);
        }
      }
    }
    if (!found) {
      for (let k = after; k < ceiling && !found; k++) {
        if (text[tokens[k]!.start] && /["“”«»„]/.test(tokens[k]!.text)) break;
        if (tokens[k]!.word && isCue(tokens, k, QUOTE_VERBS)) {
          const p = sourceOfCue(text, tokens, k, after, ceiling);
          if (p) found = attributionOf(ctx, p, tokens[k]);
        }
      }
    }

    // 4. The subject of the quote's sentence, whatever its verb ("Clinton accuses X of being “…”").
    if (!found && floor < first) {
      const subject = sentenceSubject(text, tokens, floor, first);
      if (subject) found = attributionOf(ctx, subject, undefined);
    }

    // 5. Continuation of the previous quote's speaker.
    if (!found && qi > 0) {
      const prev = out[qi - 1]!;
      const pq = quotes[qi - 1]!;
      if (prev.speaker && q.start - pq.end <= MAX_CONTINUATION_GAP) found = { ...prev, cueStart: null, cueEnd: null };
    }
    out.push(found ?? NONE);
  }
  return out;
}
