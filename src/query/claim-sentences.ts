/**
 * The sentences of a story's articles that can carry a claim, as weighted term vectors for
 * comparing them across outlets. Sentences come from the one sentence splitter (analyze/sentences
 * over the tokens of text/tokens); terms are stemmed content words and figures, weighted by
 * tf-idf within the story. Names and figures get no extra weight: a name or figure rare in the
 * story already weighs much through its idf, and a boost on top (tried: ×1.5) mostly joined
 * different facts about the same people (bench/claims.ts).
 */
import { splitSentences } from '../analyze/sentences.js';
import { stem } from '../text/stems.js';
import { stopWords } from '../text/stop-words.js';
import { textTokens, type TextToken } from '../text/tokens.js';

// ---- Tunables -------------------------------------------------------------------------------

/** A sentence with fewer words is a fragment (a dateline, "He added:"), not a fact. */
export const MIN_SENTENCE_WORDS = 6;
/** ... or with fewer distinct content terms ("That is what they said.") */
const MIN_CONTENT_TERMS = 3;
/**
 * A line that does not end like a sentence and is this short is a heading, a link or a caption
 * ("Read next: …", "Diplomatic Fallout and Future Negotiations").
 */
const MAX_UNPUNCTUATED_WORDS = 25;
/**
 * Page furniture that survives extraction. Only generic calls to action and credits: a rule
 * for one site would be a defect.
 */
const BOILERPLATE =
  /^(?:read (?:more|next|also)|related|see also|click here|sign up|subscribe|follow us|advertisement|watch:|listen:|photo:|image:|copyright|all rights reserved)|(?:newsletter|sign up for|subscribe to|all rights reserved|follow us on|click here|image copyright|image caption|getty images)/i;
/** A sentence mostly in capitals is a headline or a link to another story ("HURRICANE COULD BRING …"). */
const MAX_CAPITALS_SHARE = 0.7;
/** A text cut off with an ellipsis (feed summaries, excerpts) ends in a fragment, not a fact. */
const TRUNCATED = /(?:\.\.\.|…)["'”’]?$/;
/**
 * Words that say who reports and when, not what happened: outlets reword the fact but all say
 * "said" and "on Wednesday", which would make different facts of one day look alike.
 */
const REPORTING_WORDS = new Set(
  'said says say saying told tells according report reports reported reporting added adding noted stated statement announced asked monday tuesday wednesday thursday friday saturday sunday today yesterday week weekend month year time mr ms mrs'.split(' '),
);
/**
 * One country or body, many spellings: matched as one term so "U.S." and "United States" agree.
 * Keys are lower-cased words or word pairs as written.
 */
const ALIASES = new Map<string, string>([
  ['u.s', 'united-states'], ['us', 'united-states'], ['usa', 'united-states'], ['united states', 'united-states'], ['america', 'united-states'],
  ['u.k', 'united-kingdom'], ['uk', 'united-kingdom'], ['britain', 'united-kingdom'], ['united kingdom', 'united-kingdom'],
  ['u.n', 'united-nations'], ['un', 'united-nations'], ['united nations', 'united-nations'],
  ['e.u', 'european-union'], ['eu', 'european-union'], ['european union', 'european-union'],
]);
/** Abbreviations that are also common words ("us", "un") count as aliases only when written in capitals. */
const CAPITALS_ONLY = new Set(['us', 'un', 'uk', 'eu', 'usa']);
/** Words that deny what the sentence says. */
const NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'none', 'nothing', 'neither', 'without', "n't", 'cannot', 'denied', 'denies', 'deny']);
const QUOTATION = /["“”«»]/;
/** Years are context ("the 2016 election"), not the figure a fact turns on. */
const YEAR = /^(?:19|20)\d\d$/;

/** A sentence of an article, as offsets into its text. */
export interface ClaimSentence {
  articleId: string;
  outlet: string;
  start: number;
  end: number;
  text: string;
}

/** A sentence with what comparison needs. */
export interface SentenceFeatures {
  sentence: ClaimSentence;
  /** Index of the article in the input. */
  article: number;
  /** Position of the sentence in its article (0 = lead). */
  position: number;
  /** Stemmed content terms ("t:" words, "n:" figures) with their counts. */
  terms: Map<string, number>;
  /** Figures as written, normalised ("14 billion", "400", "52%"). */
  numbers: string[];
  /** Words of the sentence. */
  words: number;
  /** Stemmed terms of the capitalised words not opening the sentence: the names it mentions. */
  names: Set<string>;
  /** The sentence holds a quotation. */
  quoted: boolean;
  /** The sentence denies something ("not", "never", "no"): a denial and an assertion are not one fact. */
  negated: boolean;
}

/** Share of a text's letters that are capitals. */
function capitalsShare(text: string): number {
  // Two matches over the sentence, not a pattern test per character (a quarter of a report's time).
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  return letters ? capitals / letters : 0;
}

const TERMINAL = /[.!?…]["'”’»)\]]*$/;
const NUMBER_WORD = /^\d[\d,.]*$/;
const SCALE = /^(?:million|billion|trillion|thousand|hundred|percent|per cent)$/i;

/** Normalised figures of a sentence: "$14 billion" → "14 billion", "52%" → "52%", "1,000" → "1000". */
function figures(tokens: TextToken[], from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (!t.word || !NUMBER_WORD.test(t.text)) continue;
    let value = t.text.replace(/,(?=\d{3})/g, '').replace(/\.$/, '');
    if (YEAR.test(value)) continue;
    const next = tokens[i + 1];
    if (next && next.text === '%') value += '%';
    else if (next && SCALE.test(next.text)) value += ` ${next.text.toLowerCase()}`;
    out.push(value);
  }
  return out;
}

/** The claim-bearing sentences of one article with their terms. */
export function articleSentences(articleIndex: number, articleId: string, outlet: string, text: string, language = 'en'): SentenceFeatures[] {
  const stops = stopWords(language);
  const tokens = textTokens(text);
  const { starts } = splitSentences(text, tokens);
  const out: SentenceFeatures[] = [];
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s]!;
    const to = starts[s + 1] ?? tokens.length;
    let wordsIn = 0;
    for (let i = from; i < to; i++) if (tokens[i]!.word) wordsIn++;
    if (wordsIn < MIN_SENTENCE_WORDS) continue;
    const start = tokens[from]!.start;
    const end = tokens[to - 1]!.end;
    const sentenceText = text.slice(start, end);
    if (!TERMINAL.test(sentenceText) && wordsIn <= MAX_UNPUNCTUATED_WORDS) continue;
    if (BOILERPLATE.test(sentenceText)) continue;
    if (TRUNCATED.test(sentenceText) && s === starts.length - 1) continue;
    if (capitalsShare(sentenceText) > MAX_CAPITALS_SHARE) continue;
    const terms = new Map<string, number>();
    const names = new Set<string>();
    let negated = false;
    const add = (term: string): void => {
      terms.set(term, (terms.get(term) ?? 0) + 1);
    };
    for (let i = from; i < to; i++) {
      const t = tokens[i]!;
      if (!t.word) continue;
      const lower = t.text.toLowerCase().replace(/[’']s$/, '').replace(/\.$/, '');
      const next = tokens[i + 1];
      const pair = next?.word ? `${lower} ${next.text.toLowerCase()}` : '';
      const alias = ALIASES.get(pair) ?? (CAPITALS_ONLY.has(lower) && t.text !== t.text.toUpperCase() ? undefined : ALIASES.get(lower));
      if (NEGATIONS.has(lower) || lower.endsWith("n't") || lower.endsWith('n’t')) negated = true;
      if (alias) {
        add(`t:${alias}`);
        names.add(`t:${alias}`);
        if (ALIASES.has(pair)) i++;
        continue;
      }
      if (NUMBER_WORD.test(lower)) continue; // figures are counted below
      if (lower.length < 2 || stops.has(lower) || REPORTING_WORDS.has(lower)) continue;
      const term = `t:${stem(lower.replace(/’/g, "'"), language)}`;
      add(term);
      if (i > from && /^\p{Lu}/u.test(t.text)) names.add(term);
    }
    const numbers = figures(tokens, from, to);
    for (const n of numbers) terms.set(`n:${n}`, (terms.get(`n:${n}`) ?? 0) + 1);
    let content = 0;
    for (const k of terms.keys()) if (k.startsWith('t:')) content++;
    if (content < MIN_CONTENT_TERMS) continue;
    out.push({
      sentence: { articleId, outlet, start, end, text: sentenceText },
      article: articleIndex,
      position: out.length,
      terms,
      numbers,
      words: wordsIn,
      names,
      quoted: QUOTATION.test(sentenceText),
      negated,
    });
  }
  return out;
}

/** In how many of the sentences `counted` keeps each term occurs, and how many it keeps. */
export function termFrequencies(sentences: readonly SentenceFeatures[], counted: (s: SentenceFeatures) => boolean): { df: Map<string, number>; n: number } {
  const df = new Map<string, number>();
  let n = 0;
  for (const s of sentences) {
    if (!counted(s)) continue;
    n++;
    for (const t of s.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { df, n };
}

/**
 * Unit-length tf-idf vectors of the sentences, the idf taken within the story over its
 * sentences (copies left out, so copying a fact does not make it look common): a term every
 * sentence of the story uses ("Gaza" in a Gaza story) tells its facts apart least.
 */
export function sentenceVectors(sentences: SentenceFeatures[], counted: (s: SentenceFeatures) => boolean): Map<string, number>[] {
  const { df, n } = termFrequencies(sentences, counted);
  return sentences.map((s) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of s.terms) {
      const idf = Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
      const w = (1 + Math.log(c)) * idf;
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}
