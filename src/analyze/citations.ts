/**
 * Cited sources: every attribution of information to a source — "X said", "X told reporters",
 * "NBC News reported", "according to Axios", "Source: Reuters", "sources familiar with … said".
 * One citation per cue; the source is the phrase the cue attaches to (see phrases.ts), resolved
 * to an entity where one is named. Outlets and agencies and anonymous sourcing are marked.
 */
import { AGENT_NOUNS, ANONYMOUS_SOURCE, STANCE_ADJECTIVES, isStanceVerb, PERSONAL_PRONOUNS, SPEECH_VERBS } from './lexicons/speech.js';
import { isNewsOutlet } from './lexicons/outlets.js';
import { mentionsWithin, type EntityIndex } from './entities.js';
import { extendBack, isHeadlessDescription, phraseAfter, tokenAt, type Phrase, type Token } from './phrases.js';
import { VERB_ADVERBS } from './lexicons/words.js';
import type { Sentences } from './sentences.js';
import { isCue, lineOpeningSpeaker, sentenceSubject, signatureAfter, sourceOfCue } from './speakers.js';

// ---- Tunables -------------------------------------------------------------------------------

/** Cue words too often something else (nouns: "the state", "a report") unless a source sits right before them. */
const WEAK_CUES = new Set(['state', 'states', 'post', 'posts', 'report', 'reports', 'call', 'calls', 'called', 'read', 'reads', 'find', 'finds', 'found', 'show', 'shows', 'showed', 'note', 'notes', 'charge', 'charges', 'counter', 'continue', 'continues', 'continued', 'feel', 'felt', 'know', 'knew', 'think', 'thought', 'begin', 'began', 'learn', 'learned', 'agree', 'agreed', 'blast', 'praise', 'demand', 'demands', 'promise', 'promises', 'claim', 'claims', 'answer', 'estimate', 'estimates', 'mention', 'remarks', 'vow', 'vows', 'pledge', 'tweet', 'tweets', 'say', 'tell', 'ask', 'add', 'write', 'warn', 'argue', 'believe']);
/** Cue words that, measured on PolNeAR train, mark a wrong source more often than a right one. */
const NOT_CITATION_CUES = new Set(['state', 'states', 'began', 'begin', 'begins', 'call', 'remarks', 'report', 'continue', 'continues', 'thought', 'believed', 'reporting', 'charged', 'find', 'feels', 'felt', 'comments']);
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

/** Longest apposition between a sentence's subject and its verb, in tokens. */
const MAX_SUBJECT_APPOSITION = 30;
/** Words that open a clause inside a sentence: its subject follows ("…, but Clinton has said"). */
const CLAUSE_OPENERS = new Set(['but', 'and', 'that', 'because', 'while', 'when', 'although', 'though', 'as', 'after', 'before', 'since', 'if', 'whereas', 'so', 'until', 'unless', 'where', ';']);
/** Lower-case words after a subject that are not its verb. */
const NOT_VERBS = new Set(['of', 'and', 'or', 'to', 'in', 'on', 'at', 'for', 'from', 'with', 'by', 'as', 'than', 'that', 'who', 'which', 'whose', 'whom', 'about', 'into', 'over', 'under', 'after', 'before', 'between', 'among', 'against', 'during', 'through', 'like', 'the', 'a', 'an', 'this', 'these', 'those', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'if', 'but', 'so', 'when', 'where', 'while', 'because', 'since', 'although', 'though', 'all', 'both', 'each', 'alone', 'themselves', 'himself', 'herself', 'itself', 'there', 'here', 'now', 'then', 'today', 'yesterday', 'last', 'next', 'this', 'too', 'either', 'neither', 'not', 'says', 'said']);

/** Where a clause subject stands: opening the sentence, after "and"/"but", after a subordinator, after "that". */
type ClausePosition = 'sentence' | 'coordinate' | 'subordinate' | 'that';
/** A named person or organisation, a personal or relative pronoun, an agent description, a capitalised agent word ("Republicans") or unknown name, a place. */
type SubjectKind = 'named' | 'pronoun' | 'description' | 'capitalised' | 'place';
/** The subject's verb: of saying, of stance, a copula with a stance adjective, another auxiliary, anything else. */
type VerbClass = 'speech' | 'stance' | 'stance-adjective' | 'auxiliary' | 'other';

function subjectKind(entities: EntityIndex, p: Phrase): SubjectKind | null {
  if (p.kind === 'pronoun') return SUBJECT_PRONOUNS.has(p.text.toLowerCase()) || p.text.toLowerCase() === 'who' ? 'pronoun' : null;
  const inside = mentionsWithin(entities.mentions, p.start, p.end);
  if (inside.some((e) => e.type === 'person' || e.type === 'organisation')) return 'named';
  const words = p.text.toLowerCase().split(/\s+/);
  const head = words[words.length - 1]!.replace(/[’']s?$/, '');
  if (AGENT_NOUNS.has(head)) return p.kind === 'name' ? 'capitalised' : 'description';
  if (inside.some((e) => e.type === 'place')) return 'place';
  if (p.kind === 'name' && inside.some((e) => e.type === 'other')) return 'capitalised';
  return null;
}

/** The class of the verb at token `vi`, looking past auxiliaries, negations and adverbs to the main verb. */
function verbClass(tokens: Token[], vi: number): VerbClass {
  let m = vi;
  let aux = false;
  while (m < vi + 4 && tokens[m]?.word && (NOT_STANCE_VERBS.has(tokens[m]!.text.toLowerCase()) || ADVERB.test(tokens[m]!.text) || /n[’']t$/.test(tokens[m]!.text))) {
    aux = aux || !ADVERB.test(tokens[m]!.text);
    m++;
  }
  const main = tokens[m];
  const w = main?.word ? main.text.toLowerCase() : '';
  if (SPEECH_VERBS.has(w)) return 'speech';
  if (isStanceVerb(w)) return 'stance';
  if (aux && STANCE_ADJECTIVES.has(w)) return 'stance-adjective';
  return aux ? 'auxiliary' : 'other';
}

/**
 * Which clause subjects count as sources, measured on PolNeAR train: a verb of saying or stance
 * is needed (with other verbs under a third of subjects are sources); a sentence's own subject
 * may be any kind of agent, a subject after "and", "but" or a subordinator only a named one or a
 * pronoun; a subject after "that" is the reported clause's, not a source.
 */
function keepSubject(where: ClausePosition, kind: SubjectKind, verb: VerbClass): boolean {
  if (verb !== 'speech' && verb !== 'stance' && verb !== 'stance-adjective') return false;
  if (where === 'sentence') return kind !== 'place';
  if (where === 'coordinate' || where === 'subordinate') return (kind === 'named' || kind === 'pronoun') && verb !== 'stance-adjective';
  return false;
}

/** Adds a citation for each clause subject that can hold a view (see SUBJECTS_AS_SOURCES and keepSubject). */
function addSubjects(ctx: CitationContext, out: Citation[]): void {
  const { text, tokens, sentences, entities } = ctx;
  const taken = new Set(out.map((c) => c.start));
  const starts = sentences.starts;
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s]!;
    const to = starts[s + 1] ?? tokens.length;
    const candidates: { p: Phrase; where: ClausePosition; antecedent?: Phrase | null }[] = [];
    const first = sentenceSubject(text, tokens, from, to);
    if (first) candidates.push({ p: first, where: 'sentence' });
    for (let k = from + 1; k < to - 1; k++) {
      const w = tokens[k]!.text.toLowerCase();
      // "Beck, who has in the past described": the relative pronoun is the source as written.
      if (w === 'who' && tokens[k - 1]!.text === ',') {
        const antecedent = k - 2 >= from ? extendBack(text, tokens, k - 2, k - 2, from) : null;
        candidates.push({ p: { text: tokens[k]!.text, start: tokens[k]!.start, end: tokens[k]!.end, kind: 'pronoun' }, where: 'subordinate', antecedent });
        continue;
      }
      if (!CLAUSE_OPENERS.has(w)) continue;
      const p = phraseAfter(text, tokens, k + 1, to);
      if (p) candidates.push({ p, where: w === 'that' ? 'that' : w === 'and' || w === 'but' ? 'coordinate' : 'subordinate' });
    }
    for (const { p, where, antecedent } of candidates) {
      if (taken.has(p.start)) continue;
      if (/["“”«»„]/.test(text.slice(Math.max(0, p.start - 2), p.start))) continue;
      let vi = tokenAt(tokens, p.end);
      // "Scheiderman, a Democrat whose office oversees New York charities, has been investigating":
      // the verb follows the apposition.
      if (where === 'sentence' && tokens[vi]?.text === ',') {
        let c = vi + 1;
        while (c < Math.min(to, vi + MAX_SUBJECT_APPOSITION) && tokens[c]!.text !== ',') c++;
        if (tokens[c]?.text !== ',') continue;
        vi = c + 1;
      }
      const verb = tokens[vi];
      if (!verb || !verb.word || !/^\p{Ll}/u.test(verb.text) || NOT_VERBS.has(verb.text.toLowerCase())) continue;
      const kind = subjectKind(entities, p);
      if (!kind || !keepSubject(where, kind, verbClass(tokens, vi))) continue;
      taken.add(p.start);
      const source = antecedent ? entities.resolve(antecedent) : entities.resolve(p);
      out.push({ source, sourceText: p.text, start: p.start, end: p.end, cue: verb.text, cueStart: verb.start, cueEnd: verb.end, kind: kindOf(p, source, entities) });
    }
  }
}

/**
 * Whether `phrase` can be the source of the cue at token `v`, measured on PolNeAR train: a phrase
 * after its verb is a source only in inverted order after a quote or a comma (", said Blinken"),
 * else it is the subject of the reported clause ("last week said Clinton was"); "that X" is that
 * clause too; a possessive or a headless description before the cue makes the cue a noun
 * ("Trump's tweet", "a controversial tweet").
 */
function plausibleSource(tokens: Token[], v: number, phrase: Phrase): boolean {
  const cue = tokens[v]!;
  const w = cue.text.toLowerCase();
  if (/^that\s/i.test(phrase.text)) return false;
  if (phrase.start >= cue.end) {
    if (w === 'according') return true;
    const prev = tokens[v - 1];
    return !prev || !prev.word;
  }
  if (phrase.kind === 'pronoun') return !POSSESSIVE_PRONOUNS.has(phrase.text.toLowerCase()) || tokens[v - 1]?.end !== phrase.end;
  if (/[’']s?$/.test(phrase.text) && tokens[v - 1]?.end === phrase.end) return false;
  return !isHeadlessDescription(phrase);
}
const POSSESSIVE_PRONOUNS = new Set(['her', 'his', 'its', 'their']);

/** Polls and surveys are sources of what the article reports is "in" them (measured on PolNeAR train: other documents are not, mostly). */
const DOCUMENT_HEADS = new Set(['poll', 'survey']);
/** Most words between "in" and a document's head ("in a new Fox News poll"). */
const MAX_DOCUMENT_WORDS = 8;

/** "in the latest Washington Post-ABC News poll": the poll is the source. */
function addDocumentSources(ctx: CitationContext, out: Citation[]): void {
  const { text, tokens, entities } = ctx;
  const taken = new Set(out.map((c) => c.start));
  for (let i = 0; i < tokens.length - 1; i++) {
    const cue = tokens[i]!;
    if (cue.text !== 'in' && cue.text !== 'In') continue;
    for (let k = i + 1; k < Math.min(tokens.length, i + 1 + MAX_DOCUMENT_WORDS); k++) {
      const t = tokens[k]!;
      if (!t.word && !/^[-/&.’']$/.test(t.text)) break;
      if (!t.word || !DOCUMENT_HEADS.has(t.text.toLowerCase())) continue;
      const start = tokens[i + 1]!.start;
      // A poll named by its pollster ("a new Fox News poll"), not "the polls" in general.
      if (taken.has(start) || !/^(?:a|an|the|this|that|its|their)$/i.test(tokens[i + 1]!.text) || !/\p{Lu}/u.test(text.slice(tokens[i + 2]!.start, t.start))) break;
      const phrase: Phrase = { text: text.slice(start, t.end), start, end: t.end, kind: 'description' };
      const source = entities.resolve(phrase);
      out.push({ source, sourceText: phrase.text, start, end: t.end, cue: cue.text, cueStart: cue.start, cueEnd: cue.end, kind: kindOf(phrase, source, entities) });
      break;
    }
  }
}

/**
 * "Name: words" opening a line or a headline — a transcript turn ("WALLACE: …") or a headline
 * that quotes ("Pence: Gennifer Flowers Won't Be at Debate") — cites the name.
 */
function addColonSources(ctx: CitationContext, out: Citation[]): void {
  const { text, tokens, sentences, entities } = ctx;
  for (const from of sentences.starts) {
    const p = lineOpeningSpeaker(text, tokens, from);
    if (!p) continue;
    const colon = tokens[tokenAt(tokens, p.end)]!;
    // What follows is words, not a figure, an address or a list of names ("Sanders: 46.", "Contributing: …").
    if (!/^\s*["“]?\p{L}/u.test(text.slice(colon.end, colon.end + 4)) || /^\s*(?:@|http)/.test(text.slice(colon.end, colon.end + 8))) continue;
    // A named person or organisation, or an interview's labels: "Q:", "BENENSON:", "KATE BOLDUAN:".
    const transcript = /^(?:Q|A|[\p{Lu}.'’ -]{3,})$/u.test(p.text) || AGENT_NOUNS.has(p.text.toLowerCase());
    if (!transcript && !mentionsWithin(entities.mentions, p.start, p.end).some((e) => e.type === 'person' || e.type === 'organisation')) continue;
    const source = entities.resolve(p);
    out.push({ source, sourceText: p.text, start: p.start, end: p.end, cue: ':', cueStart: colon.start, cueEnd: colon.end, kind: kindOf(p, source, entities) });
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
    // A passive with its agent: "Sanders was asked by host John Dickerson", "… was criticized by the union".
    if (tokens[i + 1]?.text === 'by' && t.word && /^(?:is|are|was|were|be|been|being)$/.test(tokens[i - 1]?.text ?? '') && /^\p{Ll}+ed$|^(?:told|said|written|thought|known|shown)$/u.test(t.text) && (SPEECH_VERBS.has(t.text) || isStanceVerb(t.text))) {
      const by = phraseAfter(text, tokens, i + 2, sentences.endTokenAfter(t.start));
      if (by && by.kind !== 'pronoun') {
        const source = entities.resolve(by);
        out.push({ source, sourceText: by.text, start: by.start, end: by.end, cue: t.text, cueStart: t.start, cueEnd: t.end, kind: kindOf(by, source, entities) });
      }
      continue;
    }
    if (!t.word || !isCue(tokens, i, SPEECH_VERBS, false) || NOT_CITATION_CUES.has(t.text.toLowerCase())) continue;
    const floor = sentences.startTokenBefore(t.start);
    const ceiling = sentences.endTokenAfter(t.start);
    const w = t.text.toLowerCase();
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
    if (!relative && !anonymous && !plausibleSource(tokens, i, phrase)) continue;
    // A weak cue needs its source right before it ("NBC News reported", not "the report").
    if (WEAK_CUES.has(w) && !(phrase.end <= t.start && t.start - phrase.end <= 12)) continue;
    if (phrase.kind === 'pronoun' && !PERSONAL_PRONOUNS.has(phrase.text.toLowerCase()) && !relative) continue;
    const antecedent = relative && r - 2 >= floor && tokens[r - 1]!.text === ',' ? extendBack(text, tokens, r - 2, r - 2, floor) : null;
    const source = antecedent ? entities.resolve(antecedent) : relative ? relative.text : entities.resolve(phrase);
    const cueEnd = w === 'according' ? tokens[i + 1]!.end : t.end;
    const kind = kindOf(phrase, source, entities);
    out.push({ source, sourceText: phrase.text, start: phrase.start, end: phrase.end, cue: text.slice(t.start, cueEnd), cueStart: t.start, cueEnd, kind });
    // "Sources familiar with the talks told Axios": when the teller is unnamed, the outlet told is
    // the named source the article rests on. (A named teller is the source; the outlet is not: on
    // PolNeAR train "X told <outlet>" marks the outlet as a source in 1% of cases.)
    if (kind === 'anonymous' && (w === 'told' || w === 'tells' || w === 'telling')) {
      const to = phraseAfter(text, tokens, i + 1, ceiling);
      if (to && isNewsOutlet(to.text)) out.push({ source: entities.resolve(to), sourceText: to.text, start: to.start, end: to.end, cue: t.text, cueStart: t.start, cueEnd: t.end, kind: 'outlet' });
    }
  }
  if (SUBJECTS_AS_SOURCES) addSubjects(ctx, out);
  addDocumentSources(ctx, out);
  addColonSources(ctx, out);
  // Signed quotes: "“…” ― Sonya Herridge".
  for (const q of ctx.quotes ?? []) {
    const p = signatureAfter(text, tokens, q.end);
    if (!p) continue;
    const dash = tokens[tokenAt(tokens, q.end)]!;
    const source = entities.resolve(p);
    out.push({ source, sourceText: p.text, start: p.start, end: p.end, cue: dash.text, cueStart: dash.start, cueEnd: dash.end, kind: kindOf(p, source, entities) });
  }
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
  // A transcript turn that opens a quote ("“WALLACE: …") is the quote's source, not inside it.
  const opensQuote = (c: Citation): boolean => c.cue === ':' && /^\s*["“„«]\s*$/.test(text.slice(Math.max(0, c.start - 2), c.start));
  const kept = out.filter((c) => !(c.kind === 'pronoun' && WEAK_PRONOUN_SOURCES.has(c.sourceText.toLowerCase())) && (opensQuote(c) || !insideQuote(quotes, c.start, c.end)));
  return kept.sort((a, b) => a.start - b.start);
}

