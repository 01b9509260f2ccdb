/**
 * Cited sources: every attribution of information to a source — "X said", "X told reporters",
 * "NBC News reported", "according to Axios", "Source: Reuters", "sources familiar with … said".
 * One citation per cue; the source is the phrase the cue attaches to (see phrases.ts), resolved
 * to an entity where one is named. Outlets and agencies and anonymous sourcing are marked.
 */
import { ANONYMOUS_SOURCE, PERSONAL_PRONOUNS, SPEECH_VERBS } from './lexicons/speech.js';
import { isNewsOutlet } from './lexicons/outlets.js';
import { mentionsWithin, type EntityIndex } from './entities.js';
import { extendBack, phraseAfter, tokenAt, type Phrase, type Token } from './phrases.js';
import { VERB_ADVERBS } from './lexicons/words.js';
import type { Sentences } from './sentences.js';
import { isCue, sentenceSubject, sourceOfCue } from './speakers.js';

// ---- Tunables -------------------------------------------------------------------------------

/** Cue words too often something else (nouns: "the state", "a report") unless a source sits right before them. */
const WEAK_CUES = new Set(['state', 'states', 'post', 'posts', 'report', 'reports', 'call', 'calls', 'called', 'read', 'reads', 'find', 'finds', 'found', 'show', 'shows', 'showed', 'note', 'notes', 'charge', 'charges', 'counter', 'continue', 'continues', 'continued', 'feel', 'felt', 'know', 'knew', 'think', 'thought', 'begin', 'began', 'learn', 'learned', 'agree', 'agreed', 'blast', 'praise', 'demand', 'demands', 'promise', 'promises', 'claim', 'claims', 'answer', 'estimate', 'estimates', 'mention', 'remarks', 'vow', 'vows', 'pledge', 'tweet', 'tweets', 'say', 'tell', 'ask', 'add', 'write', 'warn', 'argue', 'believe']);
/** Cue words that, measured on PolNeAR train, mark a wrong source more often than a right one. */
const NOT_CITATION_CUES = new Set(['state', 'states', 'began', 'begin', 'begins', 'call', 'remarks', 'report']);
/** Anonymous sources with a qualifier before their verb: "sources with direct knowledge of the talks told". */
const ANONYMOUS_BEFORE_CUE = /((?:\b[\w-]+\s+){0,3}(?:sources?|officials?|people|persons?|insiders?|diplomats?)\s+(?:with|within|inside|in|from|at|familiar|close|who|briefed|knowledgeable|aware|speaking|involved)\b[^,.;:"“”]{0,80}?)\s*$/iu;
/** How far before a cue an anonymous source may start (chars), and the words that hint at one. */
const ANONYMOUS_WINDOW = 140;
const ANONYMOUS_HINT = /source|official|people|person|insider|diplomat/i;
/** "Source: Reuters" / "Sources: AP, AFP" lines. */
const SOURCE_LINE = /^[ \t]*(?:Sources?|Via|Credit)\s*:\s*(.+?)\s*$/gimu;

export type SourceKind = 'person' | 'outlet' | 'organisation' | 'anonymous' | 'pronoun' | 'other';

export interface Citation {
  /** The source resolved: a canonical entity name, or the phrase as written. */
  source: string;
  sourceText: string;
  start: number;
  end: number;
  cue: string;
  cueStart: number;
  cueEnd: number;
  kind: SourceKind;
}

function kindOf(phrase: Phrase, resolved: string, entities: EntityIndex): SourceKind {
  if (phrase.kind === 'pronoun') return 'pronoun';
  if (isNewsOutlet(phrase.text) || isNewsOutlet(resolved)) return 'outlet';
  const inside = mentionsWithin(entities.mentions, phrase.start, phrase.end);
  const m = inside.find((e) => e.type === 'person') ?? inside.find((e) => e.type === 'organisation') ?? inside[0];
  if (m?.type === 'person') return 'person';
  if (m?.type === 'organisation') return m.outlet ? 'outlet' : 'organisation';
  if (ANONYMOUS_SOURCE.test(phrase.text)) return 'anonymous';
  return 'other';
}

/**
 * Whether a sentence's subject that is a person, an organisation or a personal pronoun counts as
 * a source even without a speech verb: attribution in news also runs through verbs of stance and
 * perception ("Obama sees", "Clinton maintains", "he figures"), which PolNeAR annotates.
 */
const SUBJECTS_AS_SOURCES = true;
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'we']);
/** Pronouns that, as a source, are more often wrong than right (measured on PolNeAR train). */
const WEAK_PRONOUN_SOURCES = new Set(['it', 'i', 'we', 'you']);
const ADVERB = /^(?:not|never|also|long|repeatedly|already|since|often|always|publicly|privately|\p{Ll}+ly)$/u;
/** Verbs after a subject that do not make it a source: auxiliaries, copulas, modals. */
const NOT_STANCE_VERBS = new Set('is are was were be been has have had will would can could should may might must does do did got gets won also began'.split(' '));

/** Adds a citation for each sentence subject that can hold a view (see SUBJECTS_AS_SOURCES). */
function addSubjects(ctx: CitationContext, out: Citation[]): void {
  const { text, tokens, sentences, entities } = ctx;
  const taken = new Set(out.map((c) => c.start));
  const starts = sentences.starts;
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s]!;
    const to = starts[s + 1] ?? tokens.length;
    const p = sentenceSubject(text, tokens, from, to);
    if (!p || taken.has(p.start)) continue;
    if (/["“”«»„]/.test(text.slice(Math.max(0, p.start - 2), p.start))) continue;
    const verb = tokens[tokenAt(tokens, p.end)];
    if (!verb || !verb.word) continue;
    // "Clinton has received", "Trump is": auxiliaries and copulas say nothing about a view.
    if (NOT_STANCE_VERBS.has(verb.text.toLowerCase())) {
      // …unless a verb of saying or believing follows: "Clinton has said", "Trump has long argued".
      const vi = tokenAt(tokens, verb.start);
      const main = [tokens[vi + 1], tokens[vi + 2]].find((t) => t && t.word && !ADVERB.test(t.text));
      if (!main || !SPEECH_VERBS.has(main.text.toLowerCase())) continue;
    }
    let ok = false;
    if (p.kind === 'pronoun') ok = SUBJECT_PRONOUNS.has(p.text.toLowerCase());
    else {
      const inside = mentionsWithin(entities.mentions, p.start, p.end);
      ok = inside.some((e) => e.type === 'person' || e.type === 'organisation');
    }
    if (!ok) continue;
    const source = entities.resolve(p);
    out.push({ source, sourceText: p.text, start: p.start, end: p.end, cue: verb.text, cueStart: verb.start, cueEnd: verb.end, kind: kindOf(p, source, entities) });
  }
}

/** Whether [start, end) lies inside one of `quotes` (sorted by start): binary search. */
function insideQuote(quotes: readonly { start: number; end: number }[], start: number, end: number): boolean {
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quotes[mid]!.start <= start) lo = mid + 1;
    else hi = mid;
  }
  const q = quotes[lo - 1];
  return !!q && q.start < start && end <= q.end;
}

export interface CitationContext {
  /** The article's direct quotes (spans with their marks), sorted by start. */
  quotes?: readonly { start: number; end: number }[];
  text: string;
  tokens: Token[];
  sentences: Sentences;
  entities: EntityIndex;
}

/** All cited sources of the article, in text order. */
export function findCitations(ctx: CitationContext): Citation[] {
  const { text, tokens, sentences, entities } = ctx;
  const out: Citation[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.word || !isCue(tokens, i, SPEECH_VERBS) || NOT_CITATION_CUES.has(t.text.toLowerCase())) continue;
    const floor = sentences.startTokenBefore(t.start);
    const ceiling = sentences.endTokenAfter(t.start);
    const w = t.text.toLowerCase();
    // "X told Axios": the outlet the information was given to is a cited source too.
    if (w === 'told' || w === 'tells' || w === 'telling') {
      const to = phraseAfter(text, tokens, i + 1, ceiling);
      if (to && isNewsOutlet(to.text)) {
        out.push({ source: entities.resolve(to), sourceText: to.text, start: to.start, end: to.end, cue: t.text, cueStart: t.start, cueEnd: t.end, kind: 'outlet' });
      }
    }
    const windowStart = Math.max(tokens[floor]!.start, t.start - ANONYMOUS_WINDOW);
    const before = text.slice(windowStart, t.start);
    const anonymous = ANONYMOUS_HINT.test(before) ? ANONYMOUS_BEFORE_CUE.exec(before) : null;
    // "Barkley, who said": the relative pronoun is the source as written, standing for the name before it.
    let r = i - 1;
    while (r > floor && VERB_ADVERBS.has(tokens[r]!.text.toLowerCase())) r--;
    const relative = r >= floor && tokens[r]!.text.toLowerCase() === 'who' ? tokens[r]! : null;
    const phrase: Phrase | null = anonymous
      ? { text: anonymous[1]!, start: windowStart + anonymous.index, end: windowStart + anonymous.index + anonymous[1]!.length, kind: 'description' }
      : relative
        ? { text: relative.text, start: relative.start, end: relative.end, kind: 'pronoun' }
        : sourceOfCue(text, tokens, i, floor, ceiling);
    if (!phrase) continue;
    // A weak cue needs its source right before it ("NBC News reported", not "the report").
    if (WEAK_CUES.has(w) && !(phrase.end <= t.start && t.start - phrase.end <= 12)) continue;
    if (phrase.kind === 'pronoun' && !PERSONAL_PRONOUNS.has(phrase.text.toLowerCase()) && !relative) continue;
    const antecedent = relative && r - 2 >= floor && tokens[r - 1]!.text === ',' ? extendBack(text, tokens, r - 2, r - 2, floor) : null;
    const source = antecedent ? entities.resolve(antecedent) : relative ? relative.text : entities.resolve(phrase);
    const cueEnd = w === 'according' ? tokens[i + 1]!.end : t.end;
    out.push({ source, sourceText: phrase.text, start: phrase.start, end: phrase.end, cue: text.slice(t.start, cueEnd), cueStart: t.start, cueEnd, kind: kindOf(phrase, source, entities) });
  }
  if (SUBJECTS_AS_SOURCES) addSubjects(ctx, out);
  SOURCE_LINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SOURCE_LINE.exec(text))) {
    const names = m[1]!;
    const namesStart = m.index + m[0].indexOf(names, m[0].indexOf(':'));
    let offset = 0;
    for (const part of names.split(/\s*[,;/]\s*|\s+and\s+/)) {
      const at = names.indexOf(part, offset);
      offset = at + part.length;
      if (!part || part.length > 80) continue;
      const start = namesStart + at;
      const cueStart = m.index + m[0].search(/\S/);
      out.push({ source: part, sourceText: part, start, end: start + part.length, cue: text.slice(cueStart, m.index + m[0].indexOf(':') + 1), cueStart, cueEnd: m.index + m[0].indexOf(':') + 1, kind: isNewsOutlet(part) ? 'outlet' : 'other' });
    }
  }
  // A source inside a direct quote is the speaker's own account ("I think", "we know"), not the
  // article's sourcing; and "it", "I", "we", "you" outside quotes are mostly not sources either.
  const quotes = ctx.quotes ?? [];
  const kept = out.filter((c) => !(c.kind === 'pronoun' && WEAK_PRONOUN_SOURCES.has(c.sourceText.toLowerCase())) && !insideQuote(quotes, c.start, c.end));
  return kept.sort((a, b) => a.start - b.start);
}

