/**
 * Named entities of one article: person, organisation, place, other — from capitalisation,
 * lexicons (given names, countries and places, organisation suffixes, news outlets) and
 * document-level consistency (a surname alone is the person named in full elsewhere; a word
 * capitalised only at sentence starts is no name). Each mention gets the article's canonical
 * name of its entity: "Tony Blinken", "Antony Blinken", "Blinken" → one person; "Halevy" →
 * "Halevi"'s entity when the spellings differ by one letter; "the US", "U.S.", "America" →
 * United States.
 */
import { getGender } from 'gender-detection-from-name';
import { isNewsOutlet } from './lexicons/outlets.js';
import { AMBIGUOUS_NICKNAMES, CRICKET_COUNTIES, TEAM_NICKNAMES } from './lexicons/organisations.js';
import { DEMONYMS, PLACE_CANONICAL, isCity, isPlace } from './lexicons/places.js';
import { REPORTING_VERBS, ROLE_NOUNS, SPEECH_VERBS } from './lexicons/speech.js';
import { isCommonWord } from './lexicons/common-words.js';
import { CALENDAR_WORDS, SENTENCE_STARTERS, TITLE_WORDS } from './lexicons/words.js';
import { stopWords } from '../text/stop-words.js';
import { tokenAt as tokenIndexAt, type Phrase, type Token } from './phrases.js';
import type { Sentences } from './sentences.js';

// ---- Tunables -------------------------------------------------------------------------------

/** Last words that make a name an organisation. */
const ORG_SUFFIXES = new Set(
  ('medical pharmaceutical pharmaceuticals controls power electric energy oil petroleum steel telecom communications chemical chemicals financial insurance motor airline xi ' +
    'party council ministry department agency committee commission association union bank university college institute corporation corp corp. inc inc. ltd ltd. co co. ' +
    'group organization organisation foundation fund forces army navy court congress senate parliament club fc airlines airways motors holdings exchange service office ' +
    'board authority league federation network radio television tv broadcasting times post news press journal herald tribune gazette telegraph chronicle examiner ' +
    'company companies industries systems technologies bureau administration government cabinet police guard brigade brigades movement front alliance coalition ' +
    'campaign pac center centre hospital school church assembly commission reserve trust securities capital partners investments ventures media studios records ' +
    'united city rovers wanderers athletic county town sporting olympic ' +
    'international force airport mining consolidated spa ab sa s.a. ag nv plc gmbh bros bros. llc lp cables motors treasury').split(' '),
);
/** First words that make "X of Y" an organisation ("Bank of England", "University of Texas"). */
const ORG_HEADS = new Set('bank university ministry department office council board institute federation league church house association college court school museum'.split(' '));
/** Well-known organisations written without a telling suffix. */
const KNOWN_ORGS = new Set(
  ('hamas,hezbollah,fatah,nato,un,u.n.,eu,e.u.,fbi,cia,nsa,pentagon,kremlin,idf,iof,isis,isil,al-qaeda,taliban,who,imf,opec,unrwa,unicef,unesco,' +
    'white house,state department,gop,google,apple,microsoft,amazon,facebook,twitter,meta,tesla,boeing,airbus,toyota,reuters,axios,congress,senate,' +
    'supreme court,palestinian authority,fed,hizbollah,hizballah,labour,european union,united nations,security council,world bank,red cross,red crescent,knesset,politburo').split(','),
);
/** Last words of events, competitions, laws and awards: names, but neither people nor organisations. */
const EVENT_SUFFIXES = new Set(
  ('cup open classic championship championships games series bowl tour trophy prix masters olympics award awards prize derby marathon ' +
    'festival act accord accords treaty war day week grand slam invitational rally').split(' '),
);
/** Words between two teams of a fixture or result ("Essex beat Kent", "CHICAGO AT TORONTO"). */
/** Whether two or three capitalised words nothing else explains are taken for a person (measured: yes). */
const MULTI_DEFAULT_PERSON = true;
/** The type of two or three such words ending in an everyday word ("Strait Lines", "Phase III"); 'person' turns the rule off. Measured on CoNLL-2003 valid: 'other' beats 'organisation'. */
const COMMON_LAST_WORD: EntityType = 'other';
const TEAM_LINK = /^\s+(?:v|vs\.?|beat|beats|AT|drew with|lost to|defeated|edged|thrashed|routed)\s+$/;
/** Last words of institutions whose names may hold an "and": "Fire and Rescue Service", "Medicines and Health Products Authority". */
const INSTITUTION_SUFFIXES = new Set('service services board union authority agency council commission committee association federation institute society department ministry trust office bureau directorate executive'.split(' '));
/** Last words of streets, grounds and landmarks: such a name is a place even with a given name first ("Cooper Street"). */
const STREET_HEADS = new Set('street st st. road rd rd. avenue ave boulevard square stadium bridge quay terrace junction wharf pier plaza embankment'.split(' '));
/** Last words of places that are also surnames ("Damon Hill", "Lois Lane"): a place unless a given name comes first. */
const PLACE_HEADS = new Set('park lane hill row heights fields meadows gardens valley way drive crescent estate terminal harbour harbor marina common green moor'.split(' '));
/** Common nouns that, written after a name, make it a place: "Kestrel Park stadium". */
const VENUE_AFTER = '(?:stadium|ground|arena|area|district|neighbourhood|neighborhood|estate|station|site|campus)\\b';
/** First words of natural features and forts: "River Wend", "Mount Hermon", "Lake Geneva". */
const PLACE_LEADS = new Set('river lake mount mt mt. cape gulf fort isle port'.split(' '));
/** Compass words before a place that keep it a place ("East Jerusalem", "Northern Iraq"). */
const COMPASS = new Set('north south east west central northern southern eastern western greater upper lower new old'.split(' '));
const CONNECTORS = new Set(['of', 'for', 'and', 'de', 'del', 'la', 'le', 'van', 'von', 'der', 'al', 'bin', 'ibn', 'du', '&']);
/** Nicknames: the formal first name wins as canonical. */
const NICKNAMES = new Map(Object.entries({ tony: 'antony', bill: 'william', bob: 'robert', jim: 'james', mike: 'michael', joe: 'joseph', tom: 'thomas', dick: 'richard', chuck: 'charles', ted: 'edward', bibi: 'benjamin', liz: 'elizabeth', hillary: 'hillary' }));

/** Words that make an article a sports report, where nicknames and counties are teams. */
const SPORTS_REPORT = /\b(?:cricket|baseball|innings?|homered|homers?|touchdowns?|quarterback|rugby|NFL|NBA|NHL|hockey|pitcher|RBI|play-?offs?|soccer)\b/i;
/** One word that is a bank or holding company by its ending: "Rabobank", "NationsBank", "KeyCorp". */
const COMPANY_WORD = /^\p{Lu}\p{L}{2,}(?:bank|Bank|Corp|corp|Bancorp)$/u;
/** Abbreviated endings of company names whose period also ends the sentence ("… Lear Corp."). */
const ABBREVIATED_SUFFIX = /^(?:Inc|Corp|Co|Bros|Ltd)\.$/;

/** A common noun for a firm, club or paper written just before its name ("news agency Tanjug", "side Nice"). */
const ORG_DESCRIPTOR_BEFORE = /\b(?:agency|newspaper|daily|weekly|firm|company|club|side|operator|airline|broker|brokerage|distributor|publisher|retailer|maker|manufacturer|conglomerate|insurer|lender|utility|giant|outfit)\s+$/;
/** …or just after it ("Itar-Tass news agency", "Liberte newspaper"). */
const ORG_DESCRIPTOR_AFTER = /^\s+(?:news agency|newspapers?|daily|news service)\b/;
/** Playing roles: the name before one is the player's club ("Norwich striker", "Chelsea central defender"). */
const CLUB_ROLE_AFTER = /^\s+(?:(?:central|left|right|former|veteran|reserve)\s+)?(?:striker|midfielder|defender|goalkeeper|playmaker|skipper|forward|winger|team-?mate|team mate|full-back|fullback|sweeper|pitcher|outfielder|shortstop|quarterback)\b/;

/** Capitalised abbreviations that name nothing: time zones, sports statistics, units. */
const NON_NAME_ACRONYMS = new Set('gmt utc bst cet edt est pdt pst rbi era hr rbis avg pct ip na nb ot gdp cpi ppi'.split(' '));

/** A contraction is never a name: "We're", "I've", "They'd". */
const CONTRACTION = /^\p{L}+[’'](?:re|ve|d|ll|m)$/iu;
/** Plural nouns of people before "of" at a sentence start: "Members of Eastmoor Rotary Club" is the club. */
const PEOPLE_OF = /^\p{Lu}\p{Ll}+s$/u;

/** Role nouns that stand for the outlet named before ("the broadcaster reported"). */
const OUTLET_ROLES = new Set(['broadcaster', 'network', 'newspaper', 'paper', 'agency', 'outlet', 'channel', 'daily', 'website', 'site', 'station', 'magazine', 'publication']);

export type EntityType = 'person' | 'organisation' | 'place' | 'other';

export interface EntityMention {
  text: string;
  type: EntityType;
  start: number;
  end: number;
  canonical: string;
  /** Title words written before a person's name ("Secretary of State"), lower-cased. */
  title: string | null;
  /** Whether the name is a news outlet or agency. */
  outlet: boolean;
}

export interface EntityIndex {
  mentions: EntityMention[];
  /** The speaker or source a phrase stands for: an entity's canonical name, or the phrase as written. */
  resolve(phrase: Phrase): string;
}

const isCap = (w: string): boolean => /^[\p{Lu}]/u.test(w);
const isAllCaps = (w: string): boolean => /^[\p{Lu}\d.&-]+$/u.test(w) && /\p{Lu}/u.test(w);
const stripPossessive = (t: Token): { text: string; end: number } => {
  const m = /[’'][sS]?$/.exec(t.text);
  return m && t.text.length > m[0].length + 1 ? { text: t.text.slice(0, -m[0].length), end: t.end - m[0].length } : { text: t.text, end: t.end };
};

function isGivenName(w: string): boolean {
  return w.length > 1 && getGender(w) !== 'unknown' && !isPlace(w) && !DEMONYMS.has(w.toLowerCase()) && !ORG_SUFFIXES.has(w.toLowerCase()) && !TITLE_WORDS.has(w.toLowerCase());
}

/** Mentions (sorted by start) lying inside [start, end): binary search, then a short scan. */
export function mentionsWithin(mentions: readonly EntityMention[], start: number, end: number): EntityMention[] {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  const out: EntityMention[] = [];
  for (let i = lo; i < mentions.length && mentions[i]!.start < end; i++) if (mentions[i]!.end <= end) out.push(mentions[i]!);
  return out;
}

/** One letter apart (substitution) and at least 5 letters: "Halevi"/"Halevy". */
function sameSurname(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length || a.length < 5) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diff > 1) return false;
  return a[0] === b[0];
}

interface Run { from: number; to: number } // token indices, inclusive

/** Entities of the article whose tokens and sentences are given. */
export function findEntities(text: string, tokens: Token[], sentences: Sentences): EntityIndex {
  // Words seen lower-case somewhere: capitalised only at a sentence start, they are no names.
  const lowerSeen = new Set<string>();
  const capSeenMid = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.word) continue;
    if (/^\p{Ll}/u.test(t.text)) lowerSeen.add(t.text);
    // After an opening quotation mark, bracket or colon a capital says no more than at a sentence start.
    else if (!sentences.isStart(i) && !/["“„«(:]/.test(tokens[i - 1]?.text ?? '') && !isAllCaps(t.text)) capSeenMid.add(t.text.toLowerCase());
  }
  const shouting = (i: number): boolean => {
    // A token in an all-capitals line (headline, dateline): its case says nothing.
    const t = tokens[i]!;
    return isAllCaps(t.text) && t.text.length > 1 && (isAllCaps(tokens[i + 1]?.text ?? '') || isAllCaps(tokens[i - 1]?.text ?? ''));
  };
  const nameLike = (i: number, inside = false): boolean => {
    const t = tokens[i];
    if (!t || !t.word) return false;
    // Numbers belong to a name only inside it ("Channel 12").
    if (/^\d+$/.test(t.text)) return inside && /^Channel$|^Apollo$|^Air$/.test(tokens[i - 1]?.text ?? '');
    if (!isCap(t.text)) return false;
    const w = t.text.toLowerCase();
    if (CALENDAR_WORDS.has(w.replace(/\.$/, '')) || (/[’']s$/.test(w) && CALENDAR_WORDS.has(w.slice(0, -2)))) return false;
    if (!inside && SENTENCE_STARTERS.has(w) && !(w === 'the' && isNewsOutlet(`The ${tokens[i + 1]?.text ?? ''} ${tokens[i + 2]?.text ?? ''}`.trim()))) return false;
    if (shouting(i)) return capSeenMid.has(w) || isPlace(w) || isCity(w) || KNOWN_ORGS.has(w) || isNewsOutlet(t.text);
    if (!inside && (sentences.isStart(i) || /["“„«(:]/.test(tokens[i - 1]?.text ?? ''))) {
      if (lowerSeen.has(w) && !capSeenMid.has(w)) return false;
      // A sentence-initial word nobody capitalises elsewhere and no lexicon knows: "Having", "Following".
      if (/ing$/.test(w) && !capSeenMid.has(w)) return false;
    }
    return !(inside && SENTENCE_STARTERS.has(w) && w !== 'the');
  };

  // Whether the article is a sports report is asked only when a rule needs it.
  let sports: boolean | undefined;
  const sportsReport = (): boolean => (sports ??= SPORTS_REPORT.test(text));
  // A word capitalised only because it opens a sentence (or a quotation) that English writes in
  // lower case, which no lexicon knows as a name and the article never capitalises mid-sentence:
  // "Smoke was seen", "Several people were treated", "“Everyone got out”".
  const opensSentence = (i: number): boolean => sentences.isStart(i) || /["“„«(:]/.test(tokens[i - 1]?.text ?? '');
  const everydayOpener = (i: number): boolean => {
    const t = tokens[i]!;
    if (!opensSentence(i) || isAllCaps(t.text)) return false;
    const word = stripPossessive(t).text;
    const w = word.toLowerCase();
    return (isCommonWord(w) || stopWords('en').has(w)) && !capSeenMid.has(w) && !isGivenName(word) && !isPlace(w) && !isCity(w) && !DEMONYMS.has(w) && !KNOWN_ORGS.has(w) && !(TEAM_NICKNAMES.has(w) && sportsReport()) && !isNewsOutlet(word) && !TITLE_WORDS.has(w);
  };

  // "Workers' Union": a plural possessive (the apostrophe a token of its own) before an
  // organisation's last word is inside the name.
  const pluralPossessiveInName = (j: number): boolean => {
    const t = tokens[j]!;
    const mark = tokens[j + 1];
    const next = tokens[j + 2];
    return /\p{L}{2}s$/u.test(t.text) && !!mark && /^[’']$/.test(mark.text) && mark.start === t.end && !!next && next.start - mark.end === 1 && nameLike(j + 2, true) && ORG_SUFFIXES.has(next.text.toLowerCase()) && !nameLike(j + 3, true);
  };
  // Where a run of capitalised words from `k` ends in an institution's last word ("Rescue
  // Service", "Harbour Workers' Union"), the index of that word; else null.
  const institutionEnd = (k: number): number | null => {
    let m = k;
    for (;;) {
      if (pluralPossessiveInName(m)) m += 2;
      else if (nameLike(m + 1, true) && tokens[m + 1]!.start - tokens[m]!.end <= 1 && !/[’']s?$/.test(tokens[m]!.text)) m++;
      else break;
    }
    return INSTITUTION_SUFFIXES.has(tokens[m]!.text.toLowerCase()) ? m : null;
  };
  // The words before "and" are a name of their own ("Israel and Palestinian Authority", "John
  // and Police Department"), not the first half of an institution's.
  const joinableBeforeAnd = (from: number, to: number): boolean => {
    const part = tokens.slice(from, to + 1).map((t) => t.text).join(' ');
    const lower = part.toLowerCase();
    const last = tokens[to]!.text.toLowerCase();
    return !/[’']s?$/.test(tokens[to]!.text) && !isPlace(lower) && !isCity(lower) && !DEMONYMS.has(lower) && !KNOWN_ORGS.has(lower) && !isNewsOutlet(part) && !ORG_SUFFIXES.has(last) && !(isGivenName(tokens[from]!.text) && !isCommonWord(last)) && !isAllCaps(tokens[to]!.text);
  };

  // A name the article writes before a venue noun ("Kestrel Park stadium") is a place.
  // So is one the article puts after a preposition of place ("fans left Kestrel Park" is not enough; "at Kestrel Park" is).
  const venueNamed = (name: string): boolean => {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`\\b${escaped}\\s+${VENUE_AFTER}|\\b(?:at|near|outside|inside|from)\\s+${escaped}\\b`).test(text);
  };

  // 1. Runs of capitalised words with connectors inside.
  const runs: Run[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!nameLike(i)) continue;
    // "Members of Eastmoor Rotary Club": the people are no part of the name.
    if (tokens[i + 1]?.text === 'of' && PEOPLE_OF.test(tokens[i]!.text) && everydayOpener(i) && nameLike(i + 2)) {
      i++;
      continue;
    }
    let j = i;
    for (;;) {
      const t = tokens[j]!;
      // A plural possessive inside an organisation's name goes on: "Harbour Workers' Union".
      if (pluralPossessiveInName(j)) { j += 2; continue; }
      if (/[’'][sS]?$/.test(t.text) && t.text.length > 2) break; // possessive ends the name
      if (nameLike(j + 1, true) && !sentences.isStart(j + 1) && tokens[j + 1]!.start - t.end <= 1) { j++; continue; }
      const c = tokens[j + 1];
      // A spaced dash separates ("CRICKET - LEICESTERSHIRE"); a tight one joins.
      const tightDash = c?.text === '-' && c.start === t.end && tokens[j + 2]?.start === c.end;
      if (c && (CONNECTORS.has(c.text.toLowerCase()) || tightDash) && nameLike(j + 2) && c.text !== 'and') { j += 2; continue; }
      // "and" inside an institution's name: "Fire and Rescue Service", "Arbitration and Conciliation Board".
      if (c?.text === 'and' && nameLike(j + 2) && !sentences.isStart(j + 2)) {
        const end = institutionEnd(j + 2);
        if (end !== null && joinableBeforeAnd(i, j)) { j = end; continue; }
      }
      break;
    }
    // Table headers of single letters ("W D L G F A P") are no names.
    // A lone capital letter is an initial, a grade or a table column, not a name.
    if (tokens.slice(i, j + 1).every((x) => x.text.length === 1)) { i = j; continue; }
    if (i === j && (CONTRACTION.test(tokens[i]!.text) || everydayOpener(i))) continue;
    runs.push({ from: i, to: j });
    i = j;
  }

  // 2. Split titles and leading places off; type each part.
  const raw: Omit<EntityMention, 'canonical'>[] = [];
  const push = (from: number, to: number, type: EntityType, title: string | null): void => {
    const first = tokens[from]!;
    let lastEnd = stripPossessive(tokens[to]!).end;
    // A period closing both the company name and the sentence belongs to the sentence.
    if (ABBREVIATED_SUFFIX.test(tokens[to]!.text) && /^\s*(?:["“”]|\n|$)/.test(text.slice(lastEnd, lastEnd + 3))) lastEnd--;
    const mentionText = text.slice(first.start, lastEnd);
    raw.push({ text: mentionText, type, start: first.start, end: lastEnd, title, outlet: type === 'organisation' && isNewsOutlet(mentionText) });
  };
  for (const run of runs) {
    let from = run.from;
    const words = (a: number, b: number): string => tokens.slice(a, b + 1).map((t) => stripPossessive(t).text).join(' ');
    const whole = words(from, run.to);
    const wholeLower = whole.toLowerCase();
    if (isNewsOutlet(whole) || KNOWN_ORGS.has(wholeLower)) { push(from, run.to, 'organisation', null); continue; }
    if (isPlace(wholeLower)) { push(from, run.to, 'place', null); continue; }
    // "John Casesa of Schroder Wertheim & Co.", "Keith O'Neill of Norwich City": a person of an organisation.
    let of = from + 2;
    while (of < run.to && tokens[of]!.text !== 'of') of++;
    if (of < run.to && ORG_SUFFIXES.has(stripPossessive(tokens[run.to]!).text.toLowerCase()) && !TITLE_WORDS.has(tokens[from]!.text.toLowerCase()) && isGivenName(tokens[from]!.text)) {
      push(from, of - 1, 'person', null);
      push(of + 1, run.to, 'organisation', null);
      continue;
    }
    // Leading place or demonym before a title: "US President Joe Biden", "Israeli Prime Minister …".
    const lead = stripPossessive(tokens[from]!).text.toLowerCase();
    // And a demonym before a full name: "Australian Tom Moody".
    const nextWord = tokens[from + 1]?.text ?? '';
    const endsOrg = ORG_SUFFIXES.has(stripPossessive(tokens[run.to]!).text.toLowerCase());
    if (from < run.to && !endsOrg && (isPlace(lead) || DEMONYMS.has(lead)) && (TITLE_WORDS.has(nextWord.toLowerCase().replace(/\.$/, '')) || (DEMONYMS.has(lead) && from + 1 < run.to && isGivenName(nextWord)))) {
      push(from, from, isPlace(lead) ? 'place' : 'other', null);
      from++;
    }
    // Leading title words: "Secretary of State Antony Blinken", "Gen. Herzi Halevi".
    let k = from;
    while (k < run.to && (TITLE_WORDS.has(tokens[k]!.text.toLowerCase().replace(/\.$/, '')) || (CONNECTORS.has(tokens[k]!.text.toLowerCase()) && k > from))) k++;
    const title = k > from ? words(from, k - 1).toLowerCase() : null;
    if (k > run.to || (k === run.to && TITLE_WORDS.has(tokens[k]!.text.toLowerCase().replace(/\.$/, '')))) continue; // titles only: "Chief of Staff"
    if (k > from && k <= run.to && !ORG_SUFFIXES.has(tokens[run.to]!.text.toLowerCase())) {
      push(k, run.to, 'person', title);
      continue;
    }
    k = from;
    const name = words(k, run.to);
    const lastWord = stripPossessive(tokens[run.to]!).text.toLowerCase();
    const firstWord = tokens[k]!.text;
    const multi = run.to > k;
    const firstLower = stripPossessive(tokens[k]!).text.toLowerCase();
    const placeWord = (w: string): boolean => isPlace(w) || isCity(w);
    let type: EntityType;
    if (isNewsOutlet(name) || KNOWN_ORGS.has(name.toLowerCase())) type = 'organisation';
    else if (isPlace(name)) type = 'place';
    else if (DEMONYMS.has(name.toLowerCase()) || (multi && DEMONYMS.has(firstLower) && DEMONYMS.has(lastWord))) type = 'other';
    else if (multi && EVENT_SUFFIXES.has(lastWord)) type = 'other';
    else if (ORG_SUFFIXES.has(lastWord) || (multi && ORG_HEADS.has(firstLower))) type = 'organisation';
    // Initials and a surname: "P. Simmons", "J.R. Ewing".
    else if (multi && /^(?:\p{Lu}\.)+$/u.test(firstWord) && !isAllCaps(tokens[run.to]!.text)) type = 'person';
    else if (multi && (STREET_HEADS.has(lastWord) || (PLACE_HEADS.has(lastWord) && (!isGivenName(firstWord) || venueNamed(name))) || PLACE_LEADS.has(firstLower))) type = 'place';
    else if (multi && isGivenName(firstWord)) type = 'person';
    // A compass word before a place: "East Jerusalem", "Northern Iraq".
    else if (multi && run.to === k + 1 && COMPASS.has(firstLower) && placeWord(lastWord)) type = 'place';
    // …also after a people's name: "Arab East Jerusalem".
    else if (multi && placeWord(lastWord) && tokens.slice(k, run.to).every((t) => COMPASS.has(t.text.toLowerCase()) || DEMONYMS.has(t.text.toLowerCase())) && tokens.slice(k, run.to).some((t) => COMPASS.has(t.text.toLowerCase()))) type = 'place';
    // A known town on its own, or made of gazetteer words: "Volgograd", "New Haven".
    else if (isCity(name)) type = 'place';
    // A place with a word before or after it is a team or a firm named for it: "Dynamo Moscow", "Philadelphia Eagles".
    else if (multi && (placeWord(firstLower) || placeWord(lastWord)) && !DEMONYMS.has(firstLower)) type = 'organisation';
    // A short acronym is an organisation, unless the word is written lower-case too ("GOLF", "WIN") or is a unit.
    else if (run.to === k && isAllCaps(firstWord) && firstWord.length <= 5 && !lowerSeen.has(firstLower) && !NON_NAME_ACRONYMS.has(firstLower)) type = 'organisation';
    // Two or three words nothing else explains are a person, unless the last is an everyday word
    // with no given name before it: "Strait Lines", "Whitlock Freight", "Phase III".
    else if (run.to > k && run.to - k <= 2 && tokens.slice(k, run.to + 1).every((t) => !ORG_SUFFIXES.has(t.text.toLowerCase())) && MULTI_DEFAULT_PERSON) type = isCommonWord(lastWord) ? COMMON_LAST_WORD : 'person';
    else if (run.to > k) type = 'organisation';
    else type = 'other';
    push(k, run.to, type, null);
  }

  // Results and standings lines ("Millwall 2 Barnet 1"): a name followed by a score is a team,
  // except a country (national teams are places in the CoNLL convention).
  const scored = (m: { end: number }): boolean => /^[ \t]+\d+\b/.test(text.slice(m.end, m.end + 6));
  const lineOf = (pos: number): [number, number] => [text.lastIndexOf('\n', pos) + 1, (text.indexOf('\n', pos) + 1 || text.length + 1) - 1];
  const looksPerson = (m: { text: string }): boolean => m.text.includes(' ') && (isGivenName(m.text.split(' ')[0]!) || /^(?:\p{Lu}\.)+\s/u.test(m.text));
  const teamNames = new Set<string>();
  for (let r = 0; r < raw.length; r++) {
    const m = raw[r]!;
    // A two-word "person" with a score after it may be a club ("Crystal Palace 1", "Real Madrid 1").
    const person = m.type === 'person';
    if (m.type === 'organisation' || (person && (m.title !== null || !m.text.includes(' ') || !/^[ \t]+\d/.test(text.slice(m.end, m.end + 3)))) || PLACE_CANONICAL.has(m.text.toLowerCase())) continue;
    const named = looksPerson(m);
    if (named && !person) continue;
    let team = false;
    if (/^[ \t]+\d/.test(text.slice(m.end, m.end + 3)) && scored(m)) {
      const [ls, le] = lineOf(m.start);
      const onLine = raw.filter((x) => x.start >= ls && x.end <= le && scored(x));
      const teams = onLine.length;
      // A name that looks like a person's is a club only beside a scored club ("Deportivo Coruna 1 Real Madrid 1").
      const rival = !/^(?:\p{Lu}\.)+\s/u.test(m.text) && /^\D+\s\d+\s+\D+\s\d+\s*$/.test(text.slice(ls, le)) && onLine.some((x) => x !== m && x.type === 'organisation');
      const rest = text.slice(m.end, le);
      // A standings row: the name opens the line and only figures follow ("Chonan 3 0 1 13 10 9").
      const standings = text.slice(ls, m.start).trim() === '' && /^[\s\d.,/:-]+$/.test(rest)  && !/\d{4}-\d\d-\d\d/.test(rest) && (rest.match(/\d+/g)?.length ?? 0) >= 3;
      // Golfers' and athletes' rows look like standings: a "person" needs a rival team on the line.
      team = (teams >= 2 && (!named || rival)) || (!person && (standings || /^\s*\d+\s*$/.test(rest.replace(/\d+/g, '1').slice(0, 4))));
    }
    if (!team && !named && /(?:^|\s)(?:v|vs\.?)\s+$/.test(text.slice(Math.max(0, m.start - 5), m.start)) && m.type !== 'place') team = true;
    // Fixtures and results in words: "Essex beat Kent", "Australia v Sri Lanka", "CHICAGO AT TORONTO".
    const next = raw[r + 1];
    const prev = raw[r - 1];
    if (!team && !person && next && TEAM_LINK.test(text.slice(m.end, next.start)) && !PLACE_CANONICAL.has(next.text.toLowerCase())) team = true;
    if (!team && !person && prev && TEAM_LINK.test(text.slice(prev.end, m.start)) && (prev.type === 'organisation' || teamNames.has(prev.text.toLowerCase()))) team = true;
    if (team) {
      m.type = 'organisation';
      teamNames.add(m.text.toLowerCase());
    }
  }
  // Organisations told by the name itself (team nicknames, county sides in a cricket report, banks
  // by their ending) or by the words around it; a name so typed is that organisation throughout.
  for (let r = 0; r < raw.length; r++) {
    const m = raw[r]!;
    if (m.type === 'organisation') continue;
    const lower = m.text.toLowerCase();
    // "All" opens sentences too, so "All Blacks" reaches here as "Blacks".
    if (m.start >= 4 && text.startsWith('All ', m.start - 4) && TEAM_NICKNAMES.has(`all ${lower}`)) {
      m.start -= 4;
      m.text = text.slice(m.start, m.end);
      m.type = 'organisation';
      continue;
    }
    if (TEAM_NICKNAMES.has(lower)) {
      if (!AMBIGUOUS_NICKNAMES.has(lower) || /\bthe\s+$/i.test(text.slice(Math.max(0, m.start - 4), m.start)) || sportsReport()) m.type = 'organisation';
      continue;
    }
    if (CRICKET_COUNTIES.has(lower) && sportsReport() && /\bcricket\b/i.test(text)) {
      m.type = 'organisation';
      teamNames.add(lower);
      continue;
    }
    if (!m.text.includes(' ') && COMPANY_WORD.test(m.text)) {
      m.type = 'organisation';
      continue;
    }
    if (m.title !== null || PLACE_CANONICAL.has(lower) || DEMONYMS.has(lower)) continue;
    const after = text.slice(m.end, m.end + 40);
    const prev = raw[r - 1];
    let org = ORG_DESCRIPTOR_BEFORE.test(text.slice(Math.max(0, m.start - 14), m.start)) || (m.type !== 'place' && ORG_DESCRIPTOR_AFTER.test(after));
    // "National Bank of Romania (BNR)": an acronym in brackets after an organisation.
    if (!org && prev?.type === 'organisation' && text[m.end] === ')' && isAllCaps(m.text) && /^\s*\($/.test(text.slice(prev.end, m.start))) org = true;
    if (!org && CLUB_ROLE_AFTER.test(after) && sportsReport()) org = true;
    // "Everton's Duncan Ferguson" in a sports report: the player's club.
    const next = raw[r + 1];
    if (!org && m.type !== 'person' && next?.start === m.end + 3 && next.type === 'person' && /^[’']s\s$/.test(text.slice(m.end, m.end + 3)) && next.text.includes(' ') && sportsReport()) org = true;
    if (org && !(m.type === 'person' && looksPerson(m))) {
      m.type = 'organisation';
      teamNames.add(lower);
    }
  }
  // One sense per article: a name used as a team is a team everywhere in it.
  // A dateline ("NEW YORK 1996-08-22", "CHICAGO, Aug 5") stays a place.
  const dateline = (m: { start: number; end: number }): boolean => text.lastIndexOf('\n', m.start - 1) + 1 === m.start && /^,?\s+(?:\d{4}-\d\d-\d\d|\p{Lu}[\p{L}.]*\s+\d{1,2}\b|\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)?\s+\d{4}-\d\d-\d\d)/u.test(text.slice(m.end, m.end + 32));
  if (teamNames.size) for (const m of raw) if (m.type !== 'person' && teamNames.has(m.text.toLowerCase()) && !(m.type === 'place' && dateline(m))) m.type = 'organisation';

  // A company named in full once ("Magna International Inc") is the company when its first word
  // stands alone ("Magna said").
  const companyHeads = new Set<string>();
  for (const m of raw) {
    if (m.type !== 'organisation' || !m.text.includes(' ')) continue;
    const words = m.text.split(' ');
    if (!ORG_SUFFIXES.has(words[words.length - 1]!.toLowerCase())) continue;
    const head = words[0]!.replace(/[’']s?$/, '').toLowerCase();
    if (head.length > 2 && !isPlace(head) && !isCity(head) && !DEMONYMS.has(head) && !TITLE_WORDS.has(head) && !COMPASS.has(head) && !SENTENCE_STARTERS.has(head) && !ORG_SUFFIXES.has(head) && !ORG_HEADS.has(head)) companyHeads.add(head);
  }
  if (companyHeads.size) for (const m of raw) if ((m.type === 'other' || (m.type === 'person' && m.title === null)) && !m.text.includes(' ') && companyHeads.has(m.text.toLowerCase())) m.type = 'organisation';

  // A lone unknown name that speaks ("Blinken said", "said Blinken") is a person.
  for (const m of raw) {
    if (m.type !== 'other' || m.text.includes(' ') || DEMONYMS.has(m.text.toLowerCase())) continue;
    const after = tokens[tokenIndexAt(tokens, m.end)];
    const before = tokens[tokenIndexAt(tokens, m.start) - 1];
    const speaks = (t: Token | undefined): boolean => !!t && /^\p{Ll}/u.test(t.text) && SPEECH_VERBS.has(t.text) && !REPORTING_VERBS.has(t.text);
    if (speaks(after) || speaks(before)) m.type = 'person';
    // "in Arbil", "near Tavildara": a lone unknown name after a preposition of place is a place.
    else if (/^(?:in|near|at|outside|around|across|from)$/.test(before?.text ?? '') && !/^[ \t]*\d/.test(text.slice(m.end, m.end + 3))) m.type = 'place';
  }

  // 3. Document-level consistency: a single word that is part of a person's name is that person.
  const surnames = new Map<string, string>(); // lower surname → canonical full name
  const fullNames = raw.filter((m) => m.type === 'person' && m.text.includes(' '));
  const bySurname = new Map<string, Omit<EntityMention, 'canonical'>[]>();
  for (const m of fullNames) {
    const parts = m.text.split(' ');
    const sur = parts[parts.length - 1]!.toLowerCase();
    const key = [...bySurname.keys()].find((s) => sameSurname(s, sur)) ?? sur;
    bySurname.set(key, [...(bySurname.get(key) ?? []), m]);
  }
  for (const [sur, ms] of bySurname) {
    const counts = new Map<string, number>();
    for (const m of ms) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
    const best = [...counts.entries()].sort((a, b) => {
      const fa = a[0].split(' ')[0]!.toLowerCase();
      const fb = b[0].split(' ')[0]!.toLowerCase();
      const nick = Number(NICKNAMES.has(fa) && NICKNAMES.get(fa) !== fa) - Number(NICKNAMES.has(fb) && NICKNAMES.get(fb) !== fb);
      return nick || b[1] - a[1];
    })[0]![0];
    surnames.set(sur, best);
  }
  // A surname with a title ("President Clinton") names that person wherever else it stands alone.
  for (const m of raw) if (m.type === 'person' && m.title && !m.text.includes(' ')) surnames.set(m.text.toLowerCase(), surnames.get(m.text.toLowerCase()) ?? m.text);
  const canonicalPerson = (name: string): string | null => {
    const parts = name.split(' ');
    const sur = parts[parts.length - 1]!.toLowerCase();
    for (const [s, full] of surnames) if (sameSurname(s, sur)) return full;
    return null;
  };
  const mentions: EntityMention[] = raw.map((m) => {
    let type = m.type;
    let canonical = m.text.replace(/^the\s+/i, '');
    if (type !== 'place' || !m.text.includes(' ')) {
      const person = canonicalPerson(m.text);
      if (person && (type === 'person' || !m.text.includes(' ')) && (type !== 'place' || isGivenName(person.split(' ')[0]!))) { type = 'person'; canonical = person; }
    }
    if (type === 'place') canonical = PLACE_CANONICAL.get(canonical.toLowerCase()) ?? canonical;
    // A lone capitalised word nobody explains stays `other` even when it is also a given name:
    // measured on CoNLL-2003 valid, such words are more often places, teams and nationalities.
    return { ...m, type, canonical };
  });

  // Descriptions already used as speakers, for "the official" → "a senior administration official".
  const descriptions: Phrase[] = [];
  const lastMentionBefore = (pos: number, ok: (m: EntityMention) => boolean): EntityMention | null => {
    let best: EntityMention | null = null;
    for (const m of mentions) {
      if (m.end > pos) break;
      if (ok(m)) best = m;
    }
    return best;
  };
  return {
    mentions,
    resolve(phrase) {
      if (phrase.kind === 'pronoun') {
        const w = phrase.text.toLowerCase();
        const gender = w === 'he' || w === 'him' ? 'male' : w === 'she' || w === 'her' ? 'female' : null;
        if (!gender) return phrase.text;
        const fits = (x: EntityMention): boolean => x.type === 'person' && getGender(x.canonical.split(' ')[0]!) !== (gender === 'male' ? 'female' : 'male');
        // "He (Biden) believes": the writer says who.
        const named = /^\s*\(([^()]{2,40})\)/.exec(text.slice(phrase.end));
        if (named) {
          const inner = mentions.find((x) => x.start > phrase.end && x.start < phrase.end + named[0].length && x.type === 'person');
          if (inner) return inner.canonical;
        }
        // Prefer the subject: the first fitting person of this sentence before the pronoun, else of the sentence before.
        const pronounToken = tokenIndexAt(tokens, phrase.start);
        const here = sentences.startTokenBefore(phrase.start);
        const hereStart = tokens[here]?.start ?? 0;
        const firstIn = (from: number, to: number): EntityMention | undefined => mentionsWithin(mentions, from, to).find(fits);
        const inThis = firstIn(hereStart, phrase.start);
        if (inThis && pronounToken > here) return inThis.canonical;
        if (here > 0) {
          const prevStart = tokens[sentences.startTokenBefore(tokens[here - 1]!.start)]!.start;
          const inPrev = firstIn(prevStart, hereStart);
          if (inPrev) return inPrev.canonical;
        }
        const m = lastMentionBefore(phrase.start, fits);
        return m ? m.canonical : phrase.text;
      }
      const inside = mentionsWithin(mentions, phrase.start, phrase.end);
      const person = inside.find((m) => m.type === 'person');
      // "Sanders's campaign manager" is not Sanders.
      if (person && !/^[’']s?\s+\S/.test(text.slice(person.end, phrase.end))) return person.canonical;
      if (person) return phrase.text;
      if (phrase.kind === 'name' && inside.length === 1 && inside[0]!.end - inside[0]!.start >= phrase.end - phrase.start - 4) return inside[0]!.canonical;
      const words = phrase.text.toLowerCase().split(/\s+/);
      const definite = words[0] === 'the' || words[0] === 'this';
      if (definite && inside.length === 0 && OUTLET_ROLES.has(words[words.length - 1]!)) {
        const outlet = lastMentionBefore(phrase.start, (m) => m.outlet);
        if (outlet) return outlet.canonical;
      }
      if (phrase.kind === 'description' || (definite && inside.length === 0)) {
        if (definite) {
          const content = words.slice(1).filter((w) => w !== 'of' && w !== 'the');
          const titled = lastMentionBefore(phrase.start, (m) => m.type === 'person' && m.title !== null && content.some((w) => m.title!.split(' ').includes(w)));
          if (titled) return titled.canonical;
          const head = words.find((w) => ROLE_NOUNS.has(w)) ?? words[words.length - 1]!;
          const earlier = [...descriptions].reverse().find((d) => d.start < phrase.start && d.text.toLowerCase().split(/\s+/).some((w) => w === head || w === `${head}s` || `${w}s` === head));
          if (earlier) return earlier.text;
        }
        descriptions.push(phrase);
        return phrase.text;
      }
      return phrase.text.replace(/^the\s+/i, '');
    },
  };
}
