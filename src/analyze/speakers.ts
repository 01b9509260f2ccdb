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
import { AGENT_NOUNS, PARTICIPLE_CUES, QUOTE_VERBS, SPEECH_VERBS } from './lexicons/speech.js';
import { isHeadlessDescription, phraseAfter, subjectBefore, tokenAt, type Phrase, type Token } from './phrases.js';
import { VERB_ADVERBS } from './lexicons/words.js';
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

const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']);

/** Verbs that headlines write capitalised after their subject. */
const HEADLINE_CUES = new Set(['says', 'said', 'tells', 'told', 'warns', 'claims', 'admits', 'slams', 'blasts', 'urges', 'denies', 'calls', 'vows', 'predicts', 'rips', 'hits', 'praises', 'defends', 'accuses', 'insists', 'responds', 'reveals', 'explains', 'suggests', 'argues', 'wants', 'thinks', 'believes', 'endorses', 'attacks', 'mocks', 'questions', 'pledges', 'promises']);

/** Cue verbs whose object is the listener ("told reporters"). */
const LISTENER_VERBS = new Set(['tell', 'tells', 'told', 'telling', 'ask', 'asks', 'asked', 'asking', 'inform', 'informs', 'informed', 'assure', 'assures', 'assured', 'urge', 'urges', 'urged', 'warn', 'warns', 'warned']);

/** Words after which a cue word is a noun or an adjective, not a verb. */
const NOUN_MARKERS = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'our', 'my', 'your']);

const lower = (t: Token | undefined): string => (t ? t.text.toLowerCase() : '');

/** Whether token `i` is a cue; "according" only with "to". `nounAfterModifier`: a cue word after a possessive name or a modifier is a noun. */
export function isCue(tokens: Token[], i: number, verbs: ReadonlySet<string>, nounAfterModifier = true): boolean {
  const t = tokens[i];
  if (!t) return false;
  const w = t.text.toLowerCase();
  if (w === 'according') return lower(tokens[i + 1]) === 'to';
  // Verbs are lower-case ("States" in "United States" is not a cue), except in a headline's
  // title case after a name: "Trump’s Son Says …".
  if (!verbs.has(w)) return false;
  if (!/^\p{Ll}/u.test(t.text) && !(HEADLINE_CUES.has(w) && tokens[i - 1]?.word && /^\p{Lu}/u.test(tokens[i - 1]!.text) && tokens[i - 1]!.end + 1 === t.start)) return false;
  // After an article or a possessive it is a noun or an adjective: "a written statement", "his
  // remarks", "Trump's tweet", and so after an adjective that follows one: "Kim's mental state",
  // "a controversial tweet".
  const prev = tokens[i - 1];
  const prev2 = tokens[i - 2];
  if (NOUN_MARKERS.has(lower(prev))) return false;
  // A passive ("was said to be", "was told", "were asked"): the subject is not the source.
  if (BE_FORMS.has(lower(prev)) && !w.endsWith('ing')) return false;
  // For cited sources the possessive is itself the source ("Trump's claims"): PolNeAR marks it so.
  if (!nounAfterModifier) return true;
  if (prev && isPossessiveName(prev)) return false;
  const modifier = !!prev?.word && /^\p{Ll}/u.test(prev.text) && !AGENT_NOUNS.has(lower(prev)) && !VERB_ADVERBS.has(lower(prev)) && !/ly$/.test(prev.text);
  return !(modifier && prev2 && (NOUN_MARKERS.has(lower(prev2)) || isPossessiveName(prev2)));
}

/** "Trump's", "Kim’s": a capitalised possessive (not "He's", "It's", "That's"). */
const isPossessiveName = (t: Token): boolean => /^\p{Lu}.*[’']s$/u.test(t.text) && !/^(?:he|she|it|that|there|what|who|here|where)[’']s$/i.test(t.text);

/** The source phrase of the cue at token `v`. */
export function sourceOfCue(text: string, tokens: Token[], v: number, floor: number, ceiling: number): Phrase | null {
  const w = lower(tokens[v]);
  if (w === 'according') return phraseAfter(text, tokens, v + 2, ceiling) ?? clauseAfter(text, tokens, v + 2, ceiling);
  if (PARTICIPLE_CUES.has(w)) {
    // "…, saying": the subject of the clause before — a verb of saying earlier in the clause
    // names it ("Sanders said, suggesting"; a quotation mark ends the search, the words before it
    // are the quote's), else the sentence's subject ("Clinton's right-hand woman rallied
    // supporters, saying").
    for (let k = v - 1; k >= floor; k--) {
      if (/^["“”«»„]$/.test(tokens[k]!.text)) break;
      if (tokens[k]!.word && SPEECH_VERBS.has(lower(tokens[k])) && !PARTICIPLE_CUES.has(lower(tokens[k]))) {
        const p = subjectBefore(text, tokens, k, floor) ?? phraseAfter(text, tokens, k + 1, v);
        if (p) return p;
        break;
      }
    }
    const subject = sentenceSubject(text, tokens, floor, v);
    if (subject && subject.end <= tokens[v]!.start && !/^\p{Ll}+$/u.test(subject.text)) return subject;
    for (let k = floor; k < v; k++) {
      const p = phraseAfter(text, tokens, k, v);
      if (p && p.kind !== 'description') return p;
      if (p) return p;
    }
    return null;
  }
  const before = subjectBefore(text, tokens, v, floor);
  if (before) return before;
  // A long apposition between the sentence's named subject and its verb: "Mark Holden, chairman
  // of the board of Freedom Partners, the network's funding arm, said".
  if (tokens[v - 1]?.text === ',') {
    const subject = sentenceSubject(text, tokens, floor, v);
    if (subject && subject.kind === 'name' && tokens[tokenAt(tokens, subject.end)]?.text === ',') return subject;
    // "A White House official, who requested anonymity …, said".
    const opening = phraseAfter(text, tokens, floor, v);
    if (opening && opening.kind === 'description' && tokens[tokenAt(tokens, opening.end)]?.text === ',' && AGENT_NOUNS.has(opening.text.toLowerCase().split(/\s+/).pop()!)) return opening;
  }
  // A verb joined to the subject's first verb: "Trump denounced her record and said", "… but told".
  if (lower(tokens[v - 1]) === 'and' || lower(tokens[v - 1]) === 'but') {
    const subject = sentenceSubject(text, tokens, floor, v);
    if (subject) return subject;
  }
  // Inverted order: "said Blinken", "reported the Washington Post" — after a quote, a comma or at
  // the clause's start; after a word the phrase is the reported clause's subject ("said Perez was").
  // "tells reporters", "asked CNN": after these verbs comes the listener, never the speaker.
  const prev = tokens[v - 1];
  if ((v > floor && prev && prev.word) || LISTENER_VERBS.has(w)) return null;
  return phraseAfter(text, tokens, v + 1, ceiling);
}

/** Most words of a source taken up to the next punctuation ("according to a count by The Associated Press"). */
const MAX_CLAUSE_SOURCE_WORDS = 14;

/** The words from token `from` to the next punctuation mark: a source no phrase rule covers. */
function clauseAfter(text: string, tokens: Token[], from: number, ceiling: number): Phrase | null {
  let last = -1;
  for (let k = from; k < Math.min(ceiling, from + MAX_CLAUSE_SOURCE_WORDS); k++) {
    const t = tokens[k]!;
    if (!t.word && !/^[-’'&./]$/.test(t.text)) break;
    if (t.word) last = k;
  }
  if (last < 0) return null;
  return { text: text.slice(tokens[from]!.start, tokens[last]!.end), start: tokens[from]!.start, end: tokens[last]!.end, kind: 'description' };
}

/** Sentence-opening words after which a subject follows a comma ("On Monday, Clinton …"). */
const LEADING_ADVERBIALS = new Set(['on', 'in', 'at', 'after', 'before', 'during', 'when', 'while', 'since', 'as', 'with', 'for', 'by', 'from', 'earlier', 'later', 'last', 'this', 'speaking', 'asked', 'still', 'yet', 'but', 'and', 'meanwhile', 'however', 'instead', 'then', 'now', 'also', 'in', 'if', 'although', 'though', 'because', 'once', 'until', 'despite', 'under', 'over', 'about', 'like', 'unlike', 'amid', 'following',
  'hours', 'days', 'weeks', 'months', 'years', 'minutes', 'moments', 'shortly', 'soon', 'eventually', 'finally', 'afterward', 'afterwards', 'separately',
  'similarly', 'likewise', 'indeed', 'moreover', 'nonetheless', 'nevertheless', 'today', 'yesterday', 'tonight', 'again', 'still', 'so', 'thus',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'asked', 'pressed', 'according', 'for', 'to', 'of']);

/** Sentence-opening words that may stand before the subject without a comma. */
const CONJUNCTIONS = new Set(['but', 'and', 'yet', 'so', 'still', 'also', 'then', 'now', 'meanwhile', 'however', 'instead', 'thus', 'indeed', 'moreover', 'separately', 'later', 'earlier', 'finally', 'eventually', 'similarly', 'likewise', 'nonetheless', 'nevertheless']);

/** Lower-case words after a phrase that show it is not a clause's subject. */
const NOT_A_VERB = new Set(['of', 'and', 'or', 'to', 'in', 'on', 'at', 'for', 'from', 'with', 'who', 'which', 'whose', 'that']);

/** The subject that opens a sentence: the first phrase followed by a lower-case word (its verb). */
export function sentenceSubject(text: string, tokens: Token[], floor: number, ceiling: number): Phrase | null {
  let k = floor;
  while (k < ceiling && !tokens[k]!.word) k++;
  if (k < ceiling && LEADING_ADVERBIALS.has(lower(tokens[k]))) {
    let c = k;
    while (c < ceiling && tokens[c]!.text !== ',') c++;
    // "But Clinton said", "Meanwhile Trump wants": without a comma only the opening word goes.
    k = c < ceiling ? c + 1 : CONJUNCTIONS.has(lower(tokens[k])) ? k + 1 : c;
  }
  for (let tries = 0; k < ceiling && tries < 2; tries++) {
    const p = phraseAfter(text, tokens, k, ceiling);
    if (!p) return null;
    let n = tokenAt(tokens, p.end);
    if (tokens[n]?.text === ',') {
      // "On July 6, 2015, Sanders …": a year or a figure before the comma is part of the adverbial.
      if (/^[\d,.]+$/.test(p.text)) { k = n + 1; continue; }
      if (p.kind === 'name') return p;
      // A description with its name in apposition: "The party chairman, Kelly Armstrong, called".
      for (let c = n + 1; c < Math.min(ceiling, n + 12); c++) {
        if (tokens[c]!.text !== ',') continue;
        const v = tokens[c + 1];
        return v?.word && /^\p{Ll}/u.test(v.text) && !NOT_A_VERB.has(lower(v)) && /\p{Lu}/u.test(text.slice(tokens[n + 1]!.start, tokens[c]!.start)) ? p : null;
      }
      return null;
    }
    if (n < ceiling && tokens[n]!.word && /^\p{Ll}/u.test(tokens[n]!.text) && !NOT_A_VERB.has(lower(tokens[n]))) return p;
    n++;
    k = n;
  }
  return null;
}

/** Labels before a colon that introduce no speaker ("Editor's note:", "UPDATE:"). */
const NOT_SPEAKER_LABELS = /^(?:update|updated|note|editor|editors|abstract|summary|correction|clarification|source|sources|via|credit|photo|video|watch|read|related|background|disclosure|image|caption|warning|breaking|exclusive|analysis|opinion|advertisement|transcript)$/i;

/**
 * A name that opens a line or sentence and is followed by a colon: the speaker of what follows
 * ("WALLACE: Governor, …", "Pence: Gennifer Flowers Won't Be at Debate"). At most four words.
 */
export function lineOpeningSpeaker(text: string, tokens: Token[], from: number): Phrase | null {
  let k = from;
  while (k < tokens.length && !tokens[k]!.word && /["“”'‘’]/.test(tokens[k]!.text)) k++;
  const p = phraseAfter(text, tokens, k, Math.min(tokens.length, k + 6));
  if (!p || p.kind === 'pronoun' || p.start !== tokens[k]?.start) return null;
  const colon = tokens[tokenAt(tokens, p.end)];
  if (!colon || colon.text !== ':' || colon.start !== p.end) return null;
  if (p.text.split(/\s+/).length > 4 || NOT_SPEAKER_LABELS.test(p.text.replace(/[’']s$/, '').split(/\s+/).pop()!)) return null;
  if (/\d/.test(p.text) || /[’']s$/.test(p.text)) return null;
  return p;
}

/** The name signing a quote that ends at `quoteEnd`: "“…” ― Sonya Herridge". */
export function signatureAfter(text: string, tokens: Token[], quoteEnd: number): Phrase | null {
  const at = tokenAt(tokens, quoteEnd);
  const dash = tokens[at];
  if (!dash || !/^[―—–-]$/.test(dash.text) || dash.start - quoteEnd > 2 || /\n/.test(text.slice(quoteEnd, dash.start))) return null;
  const signed = phraseAfter(text, tokens, at + 1, Math.min(tokens.length, at + 8));
  return signed && signed.kind === 'name' ? signed : null;
}

export interface SpeakerContext {
  text: string;
  tokens: Token[];
  sentences: Sentences;
  entities: EntityIndex;
}

/**
 * Whether a phrase can be a speaker: not the reported clause's subject ("that the DNC") and not a
 * description without a head that speaks ("a declarative", "some erroneously").
 */
function plausibleSpeaker(phrase: Phrase): boolean {
  return !/^that\s/i.test(phrase.text) && !/^[\d,.%\s]+$/.test(phrase.text) && !isHeadlessDescription(phrase);
}

function attributionOf(ctx: SpeakerContext, phrase: Phrase, cue: Token | undefined): Attribution | null {
  if (!plausibleSpeaker(phrase)) return null;
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

    // 0. A transcript turn inside the marks ("“WALLACE: Governor, …") or a signature after them
    // ("“…” ― Sonya Herridge"), the layout of interviews and collected comments.
    const turn = lineOpeningSpeaker(text, tokens, first);
    if (turn && turn.kind === 'name') found = attributionOf(ctx, turn, undefined);
    const signed = found ? null : signatureAfter(text, tokens, q.end);
    if (signed) found = attributionOf(ctx, signed, tokens[after]);

    // 1. Cue right before the opening mark; a colon ending the line before counts as right before
    // ("The New York Times reports:" over a block quote).
    const colon = tokens[first - 1]?.text === ':';
    const leftFloor = colon && first - 1 < floor ? sentences.startTokenBefore(tokens[first - 1]!.start) : floor;
    for (let k = first - 1; !found && k >= Math.max(leftFloor, colon ? 0 : first - MAX_LEFT_CUE_DISTANCE); k--) {
      const t = tokens[k]!;
      if (!t.word && t.text !== ',' && t.text !== ':' && t.text !== '—' && t.text !== '-') break;
      if (t.word && isCue(tokens, k, QUOTE_VERBS)) {
        // "will continue to be “…”", "promised to “…”": a verb before an infinitive reports no words.
        if (lower(tokens[k + 1]) === 'to' && k + 1 < first) continue;
        const p = sourceOfCue(text, tokens, k, leftFloor, first);
        if (p) found = attributionOf(ctx, p, t);
        break;
      }
    }

    // 1b. A quote introduced by a colon belongs to the subject of the clause before it, whatever
    // its verb ("Clinton released the following statement:", "Bush broke down … to NRC:").
    if (!found && colon && leftFloor < first - 1) {
      const subject = sentenceSubject(text, tokens, leftFloor, first - 1);
      if (subject) found = attributionOf(ctx, subject, undefined);
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
