/**
 * How each outlet words one story: the words and two- or three-word phrases it uses markedly more
 * than the other outlets covering the same event ("martyred" where others write "killed").
 *
 * Method: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
 * "Fightin' Words", §3.5), one outlet against the others pooled. The prior is the story's pooled
 * counts (or a background the caller gives) scaled to PRIOR_SHARE of the story's words: it
 * shrinks rare terms towards "no difference", so a word used twice by one outlet and never by the
 * others does not outrank a word one outlet uses ten times. Each term's estimate is divided by its
 * standard error (a z-score): how sure the difference is, not only how large. One article of a
 * few hundred words gives little certainty, so z-scores of a small story stay near 2.
 *
 * This is a description of wording, never a verdict on an outlet: a high z says "used more here",
 * not "biased". Pure: plain data in, plain data out.
 */
import { splitSentences } from '../analyze/sentences.js';
import { stopWords } from '../text/stop-words.js';
import { textTokens } from '../text/tokens.js';

// ---- Tunables -------------------------------------------------------------------------------

/**
 * Weight of the prior as a share of the story's words (of each length: words, 2-, 3-word
 * phrases). The prior holds the outlet's own counts too, so a heavy prior drowns what it
 * should tame: 0.1 keeps a word one outlet uses ten times and the others never clearly ahead
 * of one it uses twice.
 */
export const PRIOR_SHARE = 0.1;
/** Least uses by the outlet for a term to be listed (one use is an accident of one sentence). */
export const MIN_COUNT = 3;
/** Least z-score for a term to count as markedly more used (one-sided 95 %). */
export const MIN_Z = 1.64;
/** Terms returned per outlet. */
export const TOP_TERMS = 15;
/** Longest phrase, in words. */
const MAX_PHRASE_WORDS = 3;
/** A shorter term is dropped beside a listed longer phrase holding it this often (it says nothing more). */
const SUBSUMED_SHARE = 0.8;

export interface WordingArticle {
  id: string;
  outlet: string;
  text: string;
  /** A copy repeats another outlet's words: copies are left out so the wording is the writer's. */
  copyOf?: string | null;
  language?: string | null;
}

export interface WordingOptions {
  /** Background counts (term → uses) for the prior instead of the story's pooled counts. */
  background?: ReadonlyMap<string, number>;
  minCount?: number;
  minZ?: number;
  top?: number;
}

export interface DistinctiveTerm {
  /** Lower-cased word or phrase. */
  term: string;
  /** z-score of the log-odds ratio, outlet against the others. */
  z: number;
  /** Uses by this outlet. */
  count: number;
  /** Uses by the other outlets together. */
  othersCount: number;
}

export interface OutletWording {
  outlet: string;
  /** Articles of the outlet counted (copies left out). */
  articles: number;
  /** Content words (not stop words) the outlet wrote for the story. */
  words: number;
  terms: DistinctiveTerm[];
}

/** Term counts of a text: content words and phrases of 2–3 words inside one sentence. */
export function wordingCounts(text: string, language = 'en'): Map<string, number> {
  const stops = stopWords(language);
  const tokens = textTokens(text);
  const { starts } = splitSentences(text, tokens);
  const counts = new Map<string, number>();
  const add = (t: string): void => {
    counts.set(t, (counts.get(t) ?? 0) + 1);
  };
  for (let s = 0; s < starts.length; s++) {
    // Phrases run over adjacent words only: punctuation (a comma, a quotation mark) breaks them.
    let run: string[] = [];
    const flush = (): void => {
      for (let i = 0; i < run.length; i++) {
        const first = run[i]!;
        if (stops.has(first) || /^\d/.test(first)) continue;
        if (first.length > 1) add(first);
        for (let n = 2; n <= MAX_PHRASE_WORDS && i + n <= run.length; n++) {
          const last = run[i + n - 1]!;
          if (stops.has(last) || /^\d+$/.test(last)) continue;
          add(run.slice(i, i + n).join(' '));
        }
      }
      run = [];
    };
    for (let i = starts[s]!; i < (starts[s + 1] ?? tokens.length); i++) {
      const t = tokens[i]!;
      if (t.word) run.push(t.text.toLowerCase().replace(/’/g, "'"));
      else flush();
    }
    flush();
  }
  return counts;
}

/** Per outlet, the terms it uses for the story markedly more than the other outlets. */
export function distinctiveWording(articles: WordingArticle[], options: WordingOptions = {}): OutletWording[] {
  const minCount = options.minCount ?? MIN_COUNT;
  const minZ = options.minZ ?? MIN_Z;
  const top = options.top ?? TOP_TERMS;
  const ids = new Set(articles.map((a) => a.id));
  const written = articles.filter((a) => !(a.copyOf && ids.has(a.copyOf) && a.copyOf !== a.id));

  const outlets: string[] = [];
  const perOutlet = new Map<string, { counts: Map<string, number>; articles: number; totals: number[] }>();
  const pooled = new Map<string, number>();
  const pooledTotals = [0, 0, 0, 0];
  for (const a of written) {
    let o = perOutlet.get(a.outlet);
    if (!o) {
      outlets.push(a.outlet);
      perOutlet.set(a.outlet, (o = { counts: new Map(), articles: 0, totals: [0, 0, 0, 0] }));
    }
    o.articles++;
    for (const [t, c] of wordingCounts(a.text, a.language ?? 'en')) {
      const n = wordsIn(t);
      o.counts.set(t, (o.counts.get(t) ?? 0) + c);
      pooled.set(t, (pooled.get(t) ?? 0) + c);
      o.totals[n]! += c;
      pooledTotals[n]! += c;
    }
  }
  // A phrase is compared with phrases of its length, a word with words: totals per length.
  const background = options.background;
  const priorTotals = [0, 0, 0, 0];
  if (background) for (const [t, c] of background) if (wordsIn(t) <= MAX_PHRASE_WORDS) priorTotals[wordsIn(t)]! += c;
  const priorCounts = background ?? pooled;
  const priorTotal = background ? priorTotals : pooledTotals;

  return outlets.map((outlet) => {
    const own = perOutlet.get(outlet)!;
    const terms: DistinctiveTerm[] = [];
    if (outlets.length > 1) {
      for (const [term, yi] of own.counts) {
        if (yi < minCount) continue;
        const n = wordsIn(term);
        const yj = (pooled.get(term) ?? 0) - yi;
        const ni = own.totals[n]!;
        const nj = pooledTotals[n]! - ni;
        // Prior share of the term; a term the background lacks borrows the story's count.
        const share = ((priorCounts.get(term) ?? pooled.get(term) ?? 0) + 0.5) / (priorTotal[n]! + 1);
        const a0 = PRIOR_SHARE * pooledTotals[n]!;
        const aw = a0 * share;
        const delta = Math.log((yi + aw) / (ni + a0 - yi - aw)) - Math.log((yj + aw) / (nj + a0 - yj - aw));
        const z = delta / Math.sqrt(1 / (yi + aw) + 1 / (yj + aw));
        if (z >= minZ) terms.push({ term, z: Math.round(z * 100) / 100, count: yi, othersCount: yj });
      }
    }
    terms.sort((a, b) => b.z - a.z || b.count - a.count || a.term.localeCompare(b.term));
    return { outlet, articles: own.articles, words: own.totals[1]!, terms: pruneSubsumed(terms.slice(0, top * 3)).slice(0, top) };
  });
}

/** Words in a term (1 to MAX_PHRASE_WORDS). */
function wordsIn(term: string): number {
  let n = 1;
  for (let i = term.indexOf(' '); i >= 0; i = term.indexOf(' ', i + 1)) n++;
  return n;
}

/** Drops a term listed beside a longer phrase that holds it nearly every time it is used. */
function pruneSubsumed(terms: DistinctiveTerm[]): DistinctiveTerm[] {
  const kept: DistinctiveTerm[] = [];
  const contains = (long: string, short: string): boolean => ` ${long} `.includes(` ${short} `);
  for (const t of terms) {
    const covered = terms.some((o) => o !== t && o.term.length > t.term.length && contains(o.term, t.term) && o.count >= SUBSUMED_SHARE * t.count);
    if (!covered) kept.push(t);
  }
  return kept;
}
