/**
 * Cited sources: every attribution of information to a source — "X said", "X told reporters",
 * "NBC News reported", "according to Axios", "Source: Reuters", "sources familiar with … said".
 * One citation per cue; the source is the phrase the cue attaches to (see phrases.ts), resolved
 * to an entity where one is named. Outlets and agencies and anonymous sourcing are marked.
 * Which cue words count beyond the verbs of saying, and which sources found are kept, are learned
 * from PolNeAR train (lexicons/cue-words.ts, cue-model.ts, subject-model.ts; bench/tools/fit-citation-*.ts).
 */
import { AGENT_NOUNS, ANONYMOUS_SOURCE, STANCE_ADJECTIVES, isStanceVerb, PERSONAL_PRONOUNS, SPEECH_VERBS } from './lexicons/speech.js';
import { isNewsOutlet } from './lexicons/outlets.js';
import { mentionsWithin, type EntityIndex } from './entities.js';
import { extendBack, isHeadlessDescription, phraseAfter, tokenAt, type Phrase, type Token } from './phrases.js';
import { VERB_ADVERBS } from './lexicons/words.js';
import type { Sentences } from './sentences.js';
import { stem } from '../text/stems.js';
import { SUBJECT_WEIGHTS } from './lexicons/subject-model.js';
import { LEARNED_CUE_WORDS } from './lexicons/cue-words.js';
import { CUE_WEIGHTS } from './lexicons/cue-model.js';
import { isCue, lineOpeningSpeaker, sentenceSubject, signatureAfter, sourceOfCue } from './speakers.js';

// ---- Tunables -------------------------------------------------------------------------------

/** Cue words too often something else (nouns: "the state", "a report") unless a source sits right before them. */
const WEAK_CUES = new Set(['state', 'states', 'post', 'posts', 'report', 'reports', 'call', 'calls', 'called', 'read', 'reads', 'find', 'finds', 'found', 'show', 'shows', 'showed', 'note', 'notes', 'charge', 'charges', 'counter', 'continue', 'continues', 'continued', 'feel', 'felt', 'know', 'knew', 'think', 'thought', 'begin', 'began', 'learn', 'learned', 'agree', 'agreed', 'blast', 'praise', 'demand', 'demands', 'promise', 'promises', 'claim', 'claims', 'answer', 'estimate', 'estimates', 'mention', 'remarks', 'vow', 'vows', 'pledge', 'tweet', 'tweets', 'say', 'tell', 'ask', 'add', 'write', 'warn', 'argue', 'believe']);
/** Cue words that, measured on PolNeAR train, mark a wrong source more often than a right one. */
const NOT_CITATION_CUES = new Set(['state', 'states', 'began', 'begin', 'begins', 'call', 'remarks', 'report', 'continue', 'continues', 'thought', 'believed', 'reporting', 'charged', 'find', 'feels', 'felt', 'comments']);
/** Verbs of saying and the words learned from PolNeAR train to be cues often enough (lexicons/cue-words.ts). */
const CUE_WORDS: ReadonlySet<string> = new Set([...SPEECH_VERBS, ...LEARNED_CUE_WORDS.map(([w]) => w)]);
/** How often each learned cue word is a cue on PolNeAR train: its share of occurrences. */
const CUE_SHARES: ReadonlyMap<string, number> = new Map(LEARNED_CUE_WORDS.map(([w, cues, n]) => [w, cues / n]));
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
/** Pronouns that are a clause's subject wherever they stand. */
const INNER_SUBJECT_PRONOUNS = new Set(['he', 'she', 'they']);
const ADVERB = /^(?:not|never|also|long|repeatedly|already|since|often|always|publicly|privately|\p{Ll}+ly)$/u;
/** Verbs after a subject that do not make it a source: auxiliaries, copulas, modals. */
const NOT_STANCE_VERBS = new Set('is are was were be been has have had will would can could should may might must does do did got gets won also began'.split(' '));

/**
 * Probability from which the learned model keeps a clause subject as a source. A citation right
 * with probability above about half the finder's F1 raises the F1; these values were chosen by
 * two-fold cross-validation on PolNeAR train (bench/tools/fit-citation-*.ts) and checked on dev.
 */
const SUBJECT_THRESHOLD = 0.4;
const SUBJECT_LOG_ODDS = Math.log(SUBJECT_THRESHOLD / (1 - SUBJECT_THRESHOLD));
/** The same for a source found for a cue word (lexicons/cue-model.ts). */
const CUE_THRESHOLD = 0.45;
const CUE_LOG_ODDS = Math.log(CUE_THRESHOLD / (1 - CUE_THRESHOLD));

/** Longest apposition between a sentence's subject and its verb, in tokens. */
const MAX_SUBJECT_APPOSITION = 30;
/** Words that open a clause inside a sentence: its subject follows ("…, but Clinton has said"). */
const CLAUSE_OPENERS = new Set(['but', 'and', 'that', 'because', 'while', 'when', 'although', 'though', 'as', 'after', 'before', 'since', 'if', 'whereas', 'so', 'until', 'unless', 'where', ';']);
/** Lower-case words after a subject that are not its verb. */
const NOT_VERBS = new Set(['of', 'and', 'or', 'to', 'in', 'on', 'at', 'for', 'from', 'with', 'by', 'as', 'than', 'that', 'who', 'which', 'whose', 'whom', 'about', 'into', 'over', 'under', 'after', 'before', 'between', 'among', 'against', 'during', 'through', 'like', 'the', 'a', 'an', 'this', 'these', 'those', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'if', 'but', 'so', 'when', 'where', 'while', 'because', 'since', 'although', 'though', 'all', 'both', 'each', 'alone', 'themselves', 'himself', 'herself', 'itself', 'there', 'here', 'now', 'then', 'today', 'yesterday', 'last', 'next', 'this', 'too', 'either', 'neither', 'not', 'says', 'said']);

/** A clause subject and its verb, before deciding whether it is a source (see subjectIsSource). */
export interface SubjectCandidate {
  phrase: Phrase;
  where: ClausePosition;
  kind: SubjectKind;
  verb: VerbClass;
  /** Porter stem of the main verb (past auxiliaries and adverbs), lower-cased. */
  verbStem: string;
  /** Token index of the subject's first verb word, and of the main verb. */
  verbAt: number;
  mainAt: number;
}

const POSITION_CODES: Record<ClausePosition, string> = { sentence: 'S', coordinate: 'C', subordinate: 'C', that: 'T', inner: 'I' };
/** Words after the main verb whose weight is learned ("argued that", "wants to"); others are one class. */
const NEXT_WORDS = new Set(['that', 'to', 'the', 'a', 'an', 'his', 'her', 'their', 'it', 'on', 'in', 'for', 'with', 'about', 'of', 'by', 'he', 'she', 'they', 'we', 'i', 'not', 'as', 'him', 'them', 'this', 'what', 'how', 'whether', 'if', 'up', 'out', 'at', ',', ':', '.', '"', '“']);

/** Phrase length in words, in classes. */
const lengthClass = (n: number): string => (n === 1 ? '1' : n <= 3 ? '2-3' : '4+');

/**
 * What both learned models weigh about a candidate source phrase itself, added to `f`: its head
 * word (lower-cased, possessive dropped), the type of the first entity inside it, its length in
 * words, and the token before it.
 */
function addPhraseFeatures(ctx: CitationContext, p: Phrase, f: string[]): string[] {
  const { tokens, entities } = ctx;
  const first = tokenAt(tokens, p.start);
  let last = first;
  let words = 0;
  for (let k = first; k < tokens.length && tokens[k]!.start < p.end; k++) {
    last = k;
    if (tokens[k]!.word) words++;
  }
  f.push(`etype:${mentionsWithin(entities.mentions, p.start, p.end)[0]?.type ?? 'none'}`, `len:${lengthClass(words)}`);
  if (p.kind !== 'pronoun') f.push(`head:${tokens[last]!.text.toLowerCase().replace(/[’']s?$/, '')}`);
  const prev = tokens[first - 1];
  f.push(`prev:${!prev ? 'none' : prev.word ? prev.text.toLowerCase() : prev.text}`);
  return f;
}

/**
 * The features of a clause subject the learned model weighs (see lexicons/subject-model.ts):
 * where it stands, what it is, the class, stem and ending of its verb, the word after the verb, a
 * quotation or a verb of saying later in its sentence, and the phrase itself (addPhraseFeatures).
 */
export function subjectFeatures(ctx: CitationContext, c: SubjectCandidate, sentenceEnd: number): string[] {
  const { tokens, text } = ctx;
  const at = POSITION_CODES[c.where];
  const kind = c.kind;
  const f = ['bias', `at:${at}`, `kind:${kind}`, `at-kind:${at}:${kind}`, `verb:${c.verb}`, `at-verb:${at}:${c.verb}`, `kind-verb:${kind}:${c.verb}`, `stem:${c.verbStem}`, `at-stem:${at}:${c.verbStem}`];
  if (c.kind === 'pronoun') f.push(`pronoun:${c.phrase.text.toLowerCase()}`);
  if (c.mainAt > c.verbAt) f.push('aux-or-adverb');
  const next = tokens[c.mainAt + 1]?.text.toLowerCase() ?? '.';
  f.push(`next:${NEXT_WORDS.has(next) ? next : tokens[c.mainAt + 1]?.word ? 'word' : 'other'}`);
  const rest = text.slice(tokens[c.mainAt]?.end ?? c.phrase.end, tokens[sentenceEnd - 1]?.end ?? c.phrase.end);
  if (/["“”]/.test(rest)) f.push('quote-after');
  if (/[\p{Lu}]/u.test(c.phrase.text[0] ?? '') && c.kind !== 'pronoun') f.push('capitalised');
  const main = tokens[c.mainAt]?.word ? tokens[c.mainAt]!.text.toLowerCase() : '';
  f.push(`verb-ending:${/ed$/.test(main) ? 'ed' : /ing$/.test(main) ? 'ing' : /s$/.test(main) ? 's' : 'other'}`, `stem-next:${c.verbStem}:${next}`);
  for (let k = c.mainAt + 1; k < sentenceEnd; k++) {
    if (tokens[k]!.word && SPEECH_VERBS.has(tokens[k]!.text.toLowerCase())) { f.push('speech-after'); break; }
  }
  return addPhraseFeatures(ctx, c.phrase, f);
}

/** Where a clause subject stands: opening the sentence, after "and"/"but", after a subordinator, after "that". */
export type ClausePosition = 'sentence' | 'coordinate' | 'subordinate' | 'that' | 'inner';
/** A named person or organisation, a personal or relative pronoun, an agent description, a capitalised agent word ("Republicans") or unknown name, a place. */
export type SubjectKind = 'named' | 'pronoun' | 'description' | 'capitalised' | 'place';
/** The subject's verb: of saying, of stance, a copula with a stance adjective, another auxiliary, anything else. */
export type VerbClass = 'speech' | 'stance' | 'stance-adjective' | 'auxiliary' | 'other';

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

/** The main verb from token `vi`: past auxiliaries, negations and adverbs ("has not yet said"). */
function mainVerb(tokens: Token[], vi: number): { at: number; aux: boolean } {
  let m = vi;
  let aux = false;
  while (m < vi + 4 && tokens[m]?.word && (NOT_STANCE_VERBS.has(tokens[m]!.text.toLowerCase()) || ADVERB.test(tokens[m]!.text) || /n[’']t$/.test(tokens[m]!.text))) {
    aux = aux || !ADVERB.test(tokens[m]!.text);
    m++;
  }
  return { at: m, aux };
}

/** The class of the verb at token `vi`, looking past auxiliaries, negations and adverbs to the main verb. */
function verbClass(tokens: Token[], vi: number): VerbClass {
  const { at, aux } = mainVerb(tokens, vi);
  const main = tokens[at];
  const w = main?.word ? main.text.toLowerCase() : '';
  if (SPEECH_VERBS.has(w)) return 'speech';
  if (isStanceVerb(w)) return 'stance';
  if (aux && STANCE_ADJECTIVES.has(w)) return 'stance-adjective';
  return aux ? 'auxiliary' : 'other';
}

/** Whether a learned logistic model's log-odds over `features` reach `threshold`. */
function modelKeeps(weights: ReadonlyMap<string, number>, features: readonly string[], threshold: number): boolean {
  let z = 0;
  for (const f of features) z += weights.get(f) ?? 0;
  return z >= threshold;
}

/** Tokens between a source and its cue, in classes. */
const gapClass = (n: number): string => (n <= 0 ? '0' : n === 1 ? '1' : n <= 3 ? '2-3' : n <= 6 ? '4-6' : '7+');

/**
 * The features of a source found for a cue word that the learned model weighs
 * (lexicons/cue-model.ts): the cue word and whether it is a verb of saying or a learned cue, the
 * kind of source, which side of the cue it stands and how far, how it was found, the words either
 * side of the cue, a quotation later in the sentence, and the phrase itself (addPhraseFeatures).
 */
function cueFeatures(ctx: CitationContext, v: number, phrase: Phrase, kind: SourceKind, via: 'anonymous' | 'relative' | 'phrase', sentenceEnd: number): string[] {
  const { tokens, text } = ctx;
  const w = tokens[v]!.text.toLowerCase();
  const set = SPEECH_VERBS.has(w) ? 'speech' : w === 'according' ? 'according' : 'learned';
  const after = phrase.start >= tokens[v]!.end;
  const gap = after ? tokenAt(tokens, phrase.start) - v - 1 : v - tokenAt(tokens, phrase.end);
  const next = tokens[v + 1]?.text.toLowerCase() ?? '.';
  const share = CUE_SHARES.get(w);
  const prior = share === undefined ? set : share < 0.2 ? 'under-0.2' : share < 0.3 ? 'under-0.3' : share < 0.5 ? 'under-0.5' : 'over-0.5';
  const f = ['bias', `cue:${w}`, `cue-stem:${stem(w)}`, `set:${set}`, `prior:${prior}`, `prior-kind:${prior}:${kind}`, `kind:${kind}`, `set-kind:${set}:${kind}`, `side:${after ? 'after' : 'before'}`, `gap:${gapClass(gap)}`, `side-gap:${after ? 'after' : 'before'}:${gapClass(gap)}`, `via:${via}`, `phrase:${phrase.kind}`];
  f.push(`next:${NEXT_WORDS.has(next) ? next : tokens[v + 1]?.word ? 'word' : 'other'}`);
  if (phrase.kind === 'pronoun') f.push(`pronoun:${phrase.text.toLowerCase()}`);
  if (!/^\p{Ll}/u.test(tokens[v]!.text)) f.push('cue-capitalised');
  const rest = text.slice(tokens[v]!.end, tokens[sentenceEnd - 1]?.end ?? tokens[v]!.end);
  if (/["“”]/.test(rest)) f.push('quote-after');
  const prev = tokens[v - 1];
  f.push(`cue-next:${w}:${next}`, `cue-prev:${w}:${!prev ? 'none' : prev.word ? (prev.end === phrase.end ? 'source' : 'word') : prev.text}`);
  return addPhraseFeatures(ctx, phrase, f);
}

/** Whether the learned model (lexicons/subject-model.ts) puts the subject's odds of being a source at SUBJECT_THRESHOLD or more. */
function subjectIsSource(ctx: CitationContext, c: SubjectCandidate, sentenceEnd: number): boolean {
  if (c.where === 'that' || !c.verbStem) return false;
  return modelKeeps(SUBJECT_WEIGHTS, subjectFeatures(ctx, c, sentenceEnd), SUBJECT_LOG_ODDS);
}

/** Adds a citation for each clause subject that can hold a view (see SUBJECTS_AS_SOURCES and subjectIsSource). */
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
    // Subjects inside a clause that no opener introduces ("In her novel, she presents", "…, Sanders
    // himself has tapered"): a personal pronoun anywhere, a name after punctuation.
    for (let k = from; k < to - 1; k++) {
      const t = tokens[k]!;
      if (!INNER_SUBJECT_PRONOUNS.has(t.text.toLowerCase())) continue;
      candidates.push({ p: { text: t.text, start: t.start, end: t.end, kind: 'pronoun' }, where: 'inner' });
    }
    if (to > from) {
      for (const m of mentionsWithin(entities.mentions, tokens[from]!.start, tokens[to - 1]!.end)) {
        if (m.type !== 'person' && m.type !== 'organisation') continue;
        const prev = tokens[tokenAt(tokens, m.start) - 1];
        if (prev?.word || (prev && prev.start < tokens[from]!.start)) continue;
        candidates.push({ p: { text: m.text, start: m.start, end: m.end, kind: 'name' }, where: 'inner' });
      }
    }
    const seen = new Set<number>();
    for (const { p, where, antecedent } of candidates) {
      // One candidate per subject: the first found, by an opener before a bare pronoun or name.
      if (seen.has(p.start)) continue;
      seen.add(p.start);
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
      if (!kind) continue;
      const mainAt = mainVerb(tokens, vi).at;
      const main = tokens[mainAt];
      const candidate: SubjectCandidate = { phrase: p, where, kind, verb: verbClass(tokens, vi), verbStem: main?.word ? stem(main.text.toLowerCase()) : '', verbAt: vi, mainAt };
      if (!(ctx.subjectGate ? ctx.subjectGate(candidate, to) : subjectIsSource(ctx, candidate, to))) continue;
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
  /**
   * Replaces the learned model that decides which clause subjects are sources: the fitting
   * script (bench/tools/fit-citation-subjects.ts) uses it to see every candidate.
   */
  subjectGate?: (candidate: SubjectCandidate, sentenceEnd: number) => boolean;
  /** Replaces the learned model that decides which sources found for a cue word are kept (for bench/tools/fit-citation-cue-model.ts). */
  cueGate?: (features: string[], phrase: Phrase) => boolean;
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
    if (!t.word || !isCue(tokens, i, CUE_WORDS, false) || NOT_CITATION_CUES.has(t.text.toLowerCase())) continue;
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
    const features = cueFeatures(ctx, i, phrase, kind, anonymous ? 'anonymous' : relative ? 'relative' : 'phrase', ceiling);
    if (!(ctx.cueGate ? ctx.cueGate(features, phrase) : modelKeeps(CUE_WEIGHTS, features, CUE_LOG_ODDS))) continue;
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
  // article's sourcing. ("it", "I", "we", "you" outside quotes are left to the learned models.)
  const quotes = ctx.quotes ?? [];
  // A transcript turn that opens a quote ("“WALLACE: …") is the quote's source, not inside it.
  const opensQuote = (c: Citation): boolean => c.cue === ':' && /^\s*["“„«]\s*$/.test(text.slice(Math.max(0, c.start - 2), c.start));
  const kept = out.filter((c) => opensQuote(c) || !insideQuote(quotes, c.start, c.end));
  return kept.sort((a, b) => a.start - b.start);
}

