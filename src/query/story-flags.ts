import type { Published } from '../model/article.js';
import type { StoryArticleText } from '../store/store.js';
import { parsePublished } from '../text/dates.js';
import { words } from '../text/tokens.js';
import { articleLabel } from './article-label.js';
import type { StorySources } from './story-sources.js';

/**
 * What a reader of a story should know before trusting it, each flag with the text that shows
 * it: an article that names no source it can be held to; a story resting on one source; an
 * article whose claims no other report carries (from the claims section); an article whose
 * dates or office-holders contradict each other. The text rules are deliberately narrow: a
 * missed contradiction costs less than a false accusation.
 */

/** Evidence lines are cut to this many characters around what they show. */
const EVIDENCE_WIDTH = 300;
/** At most this many evidence lines per flag. */
const MAX_EVIDENCE = 4;
/**
 * A date in the text this many days after the article's own date is "after publication": one
 * day of slack covers time zones and pages dated by their last update.
 */
const DAYS_AFTER_PUBLICATION = 1;

/**
 * Languages the who-says-what analysis reads (its lexicons are English): in others finding no
 * citation says nothing about the article, so sourcing flags are not raised there.
 */
const ANALYSED_LANGUAGES: ReadonlySet<string | null> = new Set(['en', null]);

/** Offices whose holder is styled "President X" / "former President X", with the word for their government. */
const OFFICES: readonly { title: string; government: string }[] = [
  { title: 'President', government: 'administration' },
  { title: 'Prime Minister', government: 'government' },
  { title: 'Chancellor', government: 'government' },
  { title: 'Premier', government: 'government' },
  { title: 'Governor', government: 'administration' },
  { title: 'Mayor', government: 'administration' },
];
const NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2}`;
/** Words before a title that put its holder in the past: "former President X" is not the president. */
const PAST_HOLDER = /\b(?:former|ex-|then-?|late|previous|past)\s*(?:[\p{Lu}][\p{L}.]*\s+){0,2}$/u;
/** A former holder claiming a current deal as theirs: "my deal" (not "my administration", which tells of their term). */
const FIRST_PERSON_OFFICE = /\bmy\s+(?:deal|plan|peace plan|agreement|ceasefire)\b/i;
/** A sentence about what is to come: its later date is no contradiction. */
const FUTURE_MARKER = /\b(?:will|would|shall|could|may|might|expected|expects|scheduled|plans?|planned|due|set to|until|by|ahead of|next|upcoming|deadline|target|aims?|intends?|forecast|projected|hopes?|if)\b/i;
const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?`;
/** A day, month and year written out ("March 3, 2026", "3 March 2026", "2026-03-03"); the groups hold the year. */
const FULL_DATE = new RegExp(String.raw`\b${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+${MONTH}\s+((?:19|20)\d\d)\b|\b((?:19|20)\d\d)-\d\d-\d\d\b`, 'g');
const PAST_MARKER = /\b(?:was|were|had|did|happened|occurred|took place|\p{L}{3,}ed)\b/iu;

export type FlagKind = 'no-attributable-source' | 'single-source' | 'no-corroboration' | 'contradiction';

export interface FlagEvidence {
  articleId: string;
  /** The sentence (cut to size) that shows it. */
  text: string;
}

export interface ReportFlag {
  kind: FlagKind;
  /** The article flagged, or null when the flag is about the whole story. */
  articleId: string | null;
  outlet: string | null;
  message: string;
  evidence: FlagEvidence[];
}

/** How many of an article's claims other outlets' independent reports carry (from the claims section). */
export interface ClaimCorroboration {
  articleId: string;
  claims: number;
  /** Its claims another outlet carries in a report independent of it. */
  corroborated: number;
  /** Its claims another outlet carries at all (independent or not: a copy, a relay of the same source). */
  carriedElsewhere: number;
  /** Sources it shares with the other outlets carrying its claims, when none of those is independent. */
  sharedSources: string[];
  /** Some of its claims as written. */
  examples: string[];
}

/** The sentence around [start, end) of `text`, cut to EVIDENCE_WIDTH around the span. */
export function sentenceAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !/[.!?\n]/.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !/[.!?\n]/.test(text[to]!)) to++;
  if (to < text.length && text[to] !== '\n') to++;
  from = Math.max(from, start - EVIDENCE_WIDTH / 2);
  to = Math.min(to, end + EVIDENCE_WIDTH / 2);
  const cut = text.slice(from, to).trim();
  return `${from > 0 && !/[.!?\n]/.test(text[from - 1]!) ? '…' : ''}${cut}${to < text.length && !/[.!?]$/.test(cut) ? '…' : ''}`;
}

/** Evidence lines without repeats: two cuts of one sentence are shown once, the longer kept, in text order. */
function distinct(lines: readonly string[]): string[] {
  const bare = (line: string): string => line.replace(/…/g, '');
  return lines.filter((line, i) => !lines.some((other, j) => j !== i && bare(other).includes(bare(line)) && (bare(other) !== bare(line) || j < i)));
}

export function storyFlags(
  articles: readonly StoryArticleText[],
  sources: StorySources,
  corroboration?: readonly ClaimCorroboration[],
  personAliases: Readonly<Record<string, string>> = {},
): ReportFlag[] {
  const flags: ReportFlag[] = [];
  const originals = articles.filter((a) => !sources.articles.find((s) => s.articleId === a.id)?.copyOf);
  // Sourcing is judged only where the analysis could see it: analysed, in a language it reads.
  const analysed = originals.filter((a) => a.annotations && ANALYSED_LANGUAGES.has(a.language));
  flags.push(...unattributed(analysed, sources));
  flags.push(...singleSource(analysed, sources));
  if (corroboration) flags.push(...uncorroborated(originals, corroboration));
  for (const a of originals) {
    const office = officeContradiction(a, personAliases);
    if (office) flags.push(office);
    const date = dateAfterPublication(a);
    if (date) flags.push(date);
  }
  return flags;
}

/** Articles that name no source: only anonymous sourcing, or none at all. */
function unattributed(originals: readonly StoryArticleText[], sources: StorySources): ReportFlag[] {
  const out: ReportFlag[] = [];
  for (const a of originals) {
    const s = sources.articles.find((x) => x.articleId === a.id)!;
    if (s.named.length) continue;
    const anonymous = (a.annotations?.citations ?? []).filter((c) => c.kind === 'anonymous');
    out.push({
      kind: 'no-attributable-source',
      articleId: a.id,
      outlet: articleLabel(a),
      message: anonymous.length
        ? `names no source: only anonymous sourcing (${s.anonymous.map((x) => `"${x.name}"`).join(', ')})`
        : 'cites no source at all',
      evidence: distinct(anonymous.map((c) => sentenceAround(a.text, c.start, c.end))).slice(0, MAX_EVIDENCE).map((text) => ({ articleId: a.id, text })),
    });
  }
  return out;
}

/**
 * The whole story on one source: either its independent reports together name one source only,
 * or several reports each cite the same outlet and no report cites any other (they all relay it).
 */
function singleSource(analysed: readonly StoryArticleText[], sources: StorySources): ReportFlag[] {
  if (analysed.length === 0) return [];
  const named = analysed.map((a) => sources.articles.find((s) => s.articleId === a.id)!.named);
  const distinct = new Set(named.flat().map((s) => `${s.kind}\u0000${s.name}`));
  const evidenceFor = (sourceName: string): FlagEvidence[] => analysed.slice(0, MAX_EVIDENCE).flatMap((a) => {
    const s = sources.articles.find((x) => x.articleId === a.id)!.named.find((n) => n.name === sourceName);
    // The mention that spells the name, else any: "According to NBC News" over "The channel".
    const written = s?.asWritten.find((w) => w.includes(sourceName) && a.text.includes(w)) ?? s?.asWritten.find((w) => a.text.includes(w));
    const at = written ? a.text.indexOf(written) : -1;
    return at >= 0 ? [{ articleId: a.id, text: `${articleLabel(a)}: ${sentenceAround(a.text, at, at + written!.length)}` }] : s ? [{ articleId: a.id, text: `${articleLabel(a)}: ${s.asWritten[0]}` }] : [];
  });
  if (distinct.size === 1) {
    const only = named.flat()[0]!;
    return [{
      kind: 'single-source', articleId: null, outlet: null,
      message: `the story rests on a single source: ${only.name} (${only.kind})`,
      evidence: evidenceFor(only.name),
    }];
  }
  if (analysed.length < 2) return [];
  const outletsCited = new Set(named.flat().filter((s) => s.kind === 'outlet').map((s) => s.name));
  const [outlet] = [...outletsCited];
  if (outletsCited.size === 1 && named.every((n) => n.some((s) => s.kind === 'outlet' && s.name === outlet))) {
    return [{
      kind: 'single-source', articleId: null, outlet: null,
      message: `every report rests on one outlet's reporting: ${analysed.length === 2 ? 'both' : `all ${analysed.length}`} independent reports cite ${outlet}, none cites another outlet`,
      evidence: evidenceFor(outlet!),
    }];
  }
  return [];
}

function uncorroborated(originals: readonly StoryArticleText[], corroboration: readonly ClaimCorroboration[]): ReportFlag[] {
  const out: ReportFlag[] = [];
  for (const a of originals) {
    const c = corroboration.find((x) => x.articleId === a.id);
    if (!c || c.claims === 0 || c.corroborated > 0) continue;
    const claims = c.claims === 1 ? 'its one claim' : `any of its ${c.claims} claims`;
    const via = c.sharedSources.length ? `relaying the same source (${c.sharedSources.join(', ')})` : 'as copies or relays of one source';
    out.push({
      kind: 'no-corroboration', articleId: a.id, outlet: articleLabel(a),
      message: c.carriedElsewhere === 0
        ? `no other outlet in this story reports ${claims}`
        : `no independent report corroborates ${claims}: ${c.claims === 1 ? 'another outlet carries it' : `other outlets carry ${c.carriedElsewhere} of them`}, but only ${via}`,
      evidence: c.examples.slice(0, MAX_EVIDENCE).map((text) => ({ articleId: a.id, text: cut(text) })),
    });
  }
  return out;
}

/** A sentence cut to EVIDENCE_WIDTH. */
const cut = (text: string): string => (text.length <= EVIDENCE_WIDTH ? text : `${text.slice(0, EVIDENCE_WIDTH - 1).trimEnd()}…`);

const surname = (name: string): string => words(name).at(-1)?.toLowerCase() ?? '';

/**
 * A former office-holder acting as the holder while the text puts someone else in that office:
 * "former President Donald Trump" calling a plan "my deal" beside "the Biden administration".
 * All three must be in the text: the former title, another holder of the office, and the
 * former holder speaking of the office's business as their own.
 */
function officeContradiction(a: StoryArticleText, personAliases: Readonly<Record<string, string>>): ReportFlag | null {
  const text = a.text;
  for (const office of OFFICES) {
    const formerRe = new RegExp(String.raw`\b(?:former|ex-)\s*(?:\p{Lu}[\p{L}.]*\s+){0,2}?${office.title}\s+(${NAME})`, 'gu');
    for (const former of text.matchAll(formerRe)) {
      const name = former[1]!;
      const who = surname(name);
      // Someone else holding the office now: "the Biden administration", "President Biden".
      const heldRe = new RegExp(String.raw`\b(?:[Tt]he\s+(${NAME})\s+${office.government}|${office.title}\s+(${NAME}))`, 'gu');
      const held = [...text.matchAll(heldRe)].find((m) => {
        const holder = m[1] ?? m[2]!;
        return surname(holder) !== who && !PAST_HOLDER.test(text.slice(Math.max(0, m.index - 30), m.index));
      });
      if (!held) continue;
      // The former holder speaking as the holder. ("President X" elsewhere is no evidence: texts
      // name past holders so when they tell of their terms, "under President Obama".)
      const quote = (a.annotations?.quotes ?? []).find((q) => {
        const speaker = q.speaker ? personAliases[q.speaker] ?? q.speaker : '';
        return surname(speaker) === who && FIRST_PERSON_OFFICE.test(q.text);
      });
      const acting = quote ? { start: quote.start, end: quote.end, what: `speaks of "${FIRST_PERSON_OFFICE.exec(quote.text)![0]}"` } : null;
      if (!acting) continue;
      const formerAt = former.index;
      return {
        kind: 'contradiction', articleId: a.id, outlet: articleLabel(a),
        message: `office-holders contradict each other: "${former[0]}" ${acting.what}, while the text puts ${held[0].replace(/^The\s+/, 'the ')} in office`,
        evidence: [
          { articleId: a.id, text: sentenceAround(text, formerAt, formerAt + former[0].length) },
          { articleId: a.id, text: sentenceAround(text, held.index, held.index + held[0].length) },
          { articleId: a.id, text: sentenceAround(text, acting.start, acting.end) },
        ].filter((e, i, all) => all.findIndex((x) => x.text === e.text) === i),
      };
    }
  }
  return null;
}

/** A past event dated after the article itself: a full date later than its publication, told in the past tense. */
function dateAfterPublication(a: StoryArticleText): ReportFlag | null {
  const published = a.publication;
  if (!published || (published.precision !== 'day' && published.precision !== 'minute' && published.precision !== 'second')) return null;
  const limit = Date.parse(published.value.slice(0, 10)) + DAYS_AFTER_PUBLICATION * 86_400_000;
  const year = Number(published.value.slice(0, 4));
  // Sentences by a plain split, before a capital ("Dec. 25" stays whole); a pattern around the year
  // would rescan long sentences from every position.
  let at = 0;
  for (const sentence of a.text.split(/(?<=[.!?])\s+(?=[\p{Lu}"“‘'])|\n+/u)) {
    const index = a.text.indexOf(sentence, at);
    at = index + sentence.length;
    if (!/\b(?:19|20)\d\d\b/.test(sentence)) continue;
    // Cheap tests first: the date parser is slow, and most years in a text are not full dates after its own.
    if (![...sentence.matchAll(FULL_DATE)].some((d) => Number(d[1] ?? d[2] ?? d[3]) >= year)) continue;
    if (FUTURE_MARKER.test(sentence) || !PAST_MARKER.test(sentence)) continue;
    const date: Published | null = parsePublished(sentence);
    if (!date || date.precision === 'year' || date.precision === 'month') continue;
    if (Date.parse(date.value.slice(0, 10)) <= limit) continue;
    return {
      kind: 'contradiction', articleId: a.id, outlet: articleLabel(a),
      message: `tells of ${date.value.slice(0, 10)} as past, after its own date ${published.value.slice(0, 10)}`,
      evidence: [{ articleId: a.id, text: sentenceAround(a.text, index, index + sentence.length) }],
    };
  }
  return null;
}
