/**
 * Claims of one story: the articles' sentences aligned across outlets, so that each claim is one
 * fact as every outlet that carries it words it. From the claims follow a coverage matrix (claim
 * × outlet), per outlet the claims only it carries and the widely carried claims it leaves out,
 * and per claim how many independent reports stand behind it.
 *
 * Method, classical and fast: each sentence that can carry a fact becomes a tf-idf vector of
 * stemmed content words and figures, the idf taken within the story (claim-sentences.ts). Two
 * sentences of different articles that share at least MODEL_MIN_SHARED_TERMS terms are scored by
 * a small logistic regression over features of the pair (claim-pair-model.ts: cosine, shared rare
 * terms, names and figures, places in their articles, quotation, denial), fitted on hand-judged
 * pairs: the score is the probability that the two state one fact. Sentences are then grouped by
 * average-link agglomerative clustering, where the average runs over pairs from different articles
 * and a merge stops below MODEL_LINK. Average link, not single link: a chain of pairwise
 * look-alikes ("officials said … Gaza") must not glue different facts together; each sentence of a
 * claim has to resemble the claim as a whole. Sentences of one article join one claim only on a
 * stronger link (an article seldom states one fact twice); forbidding it outright lost same-fact
 * pairs and spared no different ones (bench/claims.ts --cv).
 * Figures are evidence, not a veto: two sentences alike but for their numbers stay one claim, and
 * the claim says its figures differ.
 *
 * Pure: plain data in, plain data out; offsets are UTF-16 code units of each article's text.
 */
import { pairContext, pairFeatures, pairProbability, PAIR_FEATURES, type PairContext, type PairModel } from './claim-pair-model.js';
import fittedWeights from './claim-pair-weights.json' with { type: 'json' };
import { articleSentences, sentenceVectors, type ClaimSentence, type SentenceFeatures } from './claim-sentences.js';

export type { ClaimSentence } from './claim-sentences.js';

// ---- Tunables -------------------------------------------------------------------------------

/**
 * Least average pair probability between two groups of sentences for them to be one claim. On the
 * judged sample, left out one story at a time (`npm run bench:claims -- --cv`): 0.5 joins 44 % of
 * the same-fact pairs and 16 % of what it joins are different facts, within noise of the tf-idf
 * cosine at LINK_THRESHOLD (44 % at 23 %); the gain is in `cohesion`, whose higher claims are surer.
 * 0.6 joins 35 % at 12 %, 0.7 33 % at 9 %.
 */
export const MODEL_LINK = 0.5;
/** Least average pair probability for a merge that puts two sentences of one article into one claim. */
const MODEL_SAME_ARTICLE_LINK = 0.7;
/** Least distinct terms two sentences share to be scored by the model. */
const MODEL_MIN_SHARED_TERMS = 2;
/** Least cosine of a pair for the model to score it: below, pairs are scored 0 (most pairs of a big story). */
const MODEL_MIN_COSINE = 0.1;
/** The cosine baseline kept for comparison (bench/claims.ts): least average cosine for a merge... */
export const LINK_THRESHOLD = 0.3;
/** ... and for a merge that puts two sentences of one article into one claim. */
export const SAME_ARTICLE_LINK = 0.4;
/** For the cosine: opening sentences of an article (where news states its main fact)... */
const LEAD_SENTENCES = 2;
/** ... and what two articles' openings gain in similarity. */
const LEAD_BONUS = 0.1;
/** For the cosine: least distinct terms two sentences share to count as alike at all (two shared words are a topic, not a fact). */
const MIN_SHARED_TERMS = 3;
/** Pairs less alike (or less likely one fact) than this are not stored (count as 0 in averages): keeps the graph sparse. */
const PAIR_FLOOR = 0.08;

/** An article of the story as alignment needs it. */
export interface ClaimArticle {
  id: string;
  outlet: string;
  text: string;
  /** The article this one copies (syndication, a re-post): its report is not independent. */
  copyOf?: string | null;
  /** Primary sources the article cites ("NBC News"): outlets citing one source are one report. */
  citedSources?: string[];
  language?: string | null;
}

/** A figure a claim's sentences give, and which articles give it. */
export interface ClaimFigure {
  value: string;
  articleIds: string[];
}

export interface Claim {
  /** Index of the claim in `ClaimAlignment.claims`. */
  id: number;
  /** The sentence most like the others: the claim's wording for display. */
  representative: ClaimSentence;
  /** Every sentence of the claim, in article order then text order. */
  sentences: ClaimSentence[];
  /** Outlets carrying the claim, in the order of `ClaimAlignment.outlets`. */
  outlets: string[];
  articleIds: string[];
  /** Reports that stand on their own: copies count once with their original, and so do articles citing the same primary source. */
  independentReports: number;
  /**
   * Mean pair probability of the claim's sentences from different articles (the link its merges
   * passed; null for a claim of one article): the higher, the surer the alignment. On the judged
   * sample, left out one story at a time (bench/claims.ts --cv), claims of cohesion 0.6 or more
   * held 37 % of the same-fact pairs and their pairs were different facts 7 times in 63; with the
   * cosine, claims of cohesion 0.5 or more held 19 % at 3 in 35.
   */
  cohesion: number | null;
  /** Figures in the claim's sentences. */
  figures: ClaimFigure[];
  /** Sentences of different articles in this claim give different figures (a conflict, or a different count of the same thing). */
  figuresDiffer: boolean;
}

export interface OutletClaims {
  outlet: string;
  /** Claims carried by this outlet and no other. */
  onlyHere: number[];
  /** Claims carried by at least half of the other outlets (and at least two) but not by this one. */
  omits: number[];
}

export interface ClaimAlignment {
  /** Outlets in the order their first article appears in the input. */
  outlets: string[];
  /** Claims, most widely carried first. */
  claims: Claim[];
  /** coverage[claim][outlet]: how many articles of the outlet carry the claim. */
  coverage: number[][];
  byOutlet: OutletClaims[];
}

/** How pairs are scored and when groups merge (the bench compares scorers with these). */
export interface AlignmentOptions {
  /** Pair model: a pair's similarity is its probability of stating one fact; null: tf-idf cosine. */
  model: PairModel | null;
  /** Least average link for a merge across articles... */
  link: number;
  /** ... and for a merge that puts two sentences of one article together. */
  sameArticleLink: number;
  /** Least distinct terms a pair shares to be scored at all... */
  minSharedTerms: number;
  /** ... and least tf-idf cosine for the model to score it (cheaper than scoring every pair). */
  minCosine: number;
}

export const COSINE_OPTIONS: AlignmentOptions = { model: null, link: LINK_THRESHOLD, sameArticleLink: SAME_ARTICLE_LINK, minSharedTerms: MIN_SHARED_TERMS, minCosine: 0 };

/** The fitted pair model (claim-pair-weights.json, written by `npm run bench:claims -- --fit`). */
export const PAIR_MODEL: PairModel = fittedWeights;
if (PAIR_MODEL.features.join() !== PAIR_FEATURES.join() || PAIR_MODEL.weights.length !== PAIR_FEATURES.length + 1)
  throw new Error('claim-pair-weights.json was fitted on other features: refit it (npm run bench:claims -- --fit)');

export const MODEL_OPTIONS: AlignmentOptions = { model: PAIR_MODEL, link: MODEL_LINK, sameArticleLink: MODEL_SAME_ARTICLE_LINK, minSharedTerms: MODEL_MIN_SHARED_TERMS, minCosine: MODEL_MIN_COSINE };

/** Aligns the sentences of one story's articles into claims. */
export function alignClaims(articles: ClaimArticle[], options: AlignmentOptions = MODEL_OPTIONS): ClaimAlignment {
  const outlets: string[] = [];
  for (const a of articles) if (!outlets.includes(a.outlet)) outlets.push(a.outlet);
  const ids = new Set(articles.map((a) => a.id));
  const isCopy = articles.map((a) => Boolean(a.copyOf && ids.has(a.copyOf) && a.copyOf !== a.id));

  const sentences: SentenceFeatures[] = articles.flatMap((a, i) => articleSentences(i, a.id, a.outlet, a.text, a.language ?? 'en'));
  const counted = (s: SentenceFeatures): boolean => !isCopy[s.article];
  const vectors = sentenceVectors(sentences, counted);
  const pairs = similarPairs(sentences, vectors, options, pairContext(sentences, counted));
  const groups = clusterSentences(sentences, pairs, options);

  const independent = independenceRoots(articles);
  const outletIndex = new Map(outlets.map((o, i) => [o, i]));
  const built = groups.map((members) => {
    members.sort((a, b) => a - b); // sentences are in article order, then text order
    const articleIdx = [...new Set(members.map((m) => sentences[m]!.article))];
    const { figures, differ } = claimFigures(members.map((m) => sentences[m]!));
    const claim: Claim = {
      id: 0,
      representative: sentences[medoid(members, vectors)]!.sentence,
      sentences: members.map((m) => sentences[m]!.sentence),
      outlets: outlets.filter((o) => articleIdx.some((i) => articles[i]!.outlet === o)),
      articleIds: articleIdx.map((i) => articles[i]!.id),
      independentReports: new Set(articleIdx.map((i) => independent[i]!)).size,
      cohesion: cohesion(members, sentences, pairs),
      figures,
      figuresDiffer: differ,
    };
    const row = outlets.map(() => 0);
    for (const i of articleIdx) row[outletIndex.get(articles[i]!.outlet)!]!++;
    return { claim, row, first: members[0]! };
  });
  // Most widely carried first, then the best attested, then in reading order.
  built.sort((a, b) => b.claim.outlets.length - a.claim.outlets.length || b.claim.independentReports - a.claim.independentReports || a.first - b.first);
  const sorted = built.map(({ claim }, i) => ({ ...claim, id: i }));
  const coverage = built.map(({ row }) => row);
  const byOutlet = outlets.map((outlet, o) => {
    const others = outlets.length - 1;
    const wide = Math.max(2, Math.ceil(others / 2));
    const onlyHere: number[] = [];
    const omits: number[] = [];
    for (const c of sorted) {
      const here = coverage[c.id]![o]! > 0;
      const elsewhere = c.outlets.length - (here ? 1 : 0);
      if (here && elsewhere === 0) onlyHere.push(c.id);
      if (!here && elsewhere >= wide) omits.push(c.id);
    }
    return { outlet, onlyHere, omits };
  });
  return { outlets, claims: sorted, coverage, byOutlet };
}

// ---- Steps ----------------------------------------------------------------------------------

/** Cosine of two unit vectors. */
function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}

/**
 * Similar pairs of sentences from different articles, by accumulating products along the
 * postings of each term (only pairs sharing a term are ever touched).
 */
function similarPairs(sentences: SentenceFeatures[], vectors: Map<string, number>[], options: AlignmentOptions, context: PairContext): Map<number, Map<number, number>> {
  const postings = new Map<string, { ids: number[]; weights: number[] }>();
  vectors.forEach((v, i) => {
    for (const [t, w] of v) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = { ids: [], weights: [] }));
      list.ids.push(i);
      list.weights.push(w);
    }
  });
  const pairs = new Map<number, Map<number, number>>();
  const dot = new Float64Array(vectors.length);
  const shared = new Uint16Array(vectors.length);
  const touched: number[] = [];
  for (let i = 0; i < vectors.length; i++) {
    const article = sentences[i]!.article;
    for (const [t, w] of vectors[i]!) {
      const { ids, weights } = postings.get(t)!;
      // Postings are in sentence order: only later sentences, so each pair is scored once.
      for (let k = ids.length - 1; k >= 0 && ids[k]! > i; k--) {
        const j = ids[k]!;
        if (sentences[j]!.article === article) continue;
        if (shared[j] === 0) touched.push(j);
        dot[j] = dot[j]! + w * weights[k]!;
        shared[j]!++;
      }
    }
    for (const j of touched) {
      const cos = dot[j]!;
      const terms = shared[j]!;
      dot[j] = 0;
      shared[j] = 0;
      if (terms < options.minSharedTerms || cos < options.minCosine) continue;
      const sim = options.model ? pairProbability(options.model, pairFeatures(sentences[i]!, sentences[j]!, cos, context)) : cos + leadBonus(sentences[i]!, sentences[j]!);
      if (sim < PAIR_FLOOR) continue;
      if (!pairs.has(i)) pairs.set(i, new Map());
      if (!pairs.has(j)) pairs.set(j, new Map());
      pairs.get(i)!.set(j, sim);
      pairs.get(j)!.set(i, sim);
    }
    touched.length = 0;
  }
  return pairs;
}

/** News puts its main fact first: two articles' opening sentences are likelier one claim. */
function leadBonus(a: SentenceFeatures, b: SentenceFeatures): number {
  return a.position < LEAD_SENTENCES && b.position < LEAD_SENTENCES ? LEAD_BONUS : 0;
}

interface Group {
  members: number[];
  /** Sentences per article index. */
  perArticle: Map<number, number>;
  /** Sum of pair similarities to each neighbouring group (pairs from different articles). */
  links: Map<number, number>;
  version: number;
}

/** Pairs between two groups whose sentences come from different articles. */
function crossPairs(a: Group, b: Group): number {
  let same = 0;
  for (const [art, n] of a.perArticle) same += n * (b.perArticle.get(art) ?? 0);
  return a.members.length * b.members.length - same;
}

const sharesArticle = (a: Group, b: Group): boolean => {
  for (const art of a.perArticle.keys()) if (b.perArticle.has(art)) return true;
  return false;
};

/** A small binary max-heap of candidate merges. */
class MergeHeap {
  private items: { link: number; a: number; b: number; va: number; vb: number }[] = [];
  push(item: { link: number; a: number; b: number; va: number; vb: number }): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.link >= h[i]!.link) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): { link: number; a: number; b: number; va: number; vb: number } | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.link > h[m]!.link) m = l;
        if (r < h.length && h[r]!.link > h[m]!.link) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Average-link agglomerative clustering of the sentences. The link of two groups is the mean
 * similarity over their pairs from different articles (pairs below PAIR_FLOOR count as 0).
 */
function clusterSentences(sentences: SentenceFeatures[], pairs: Map<number, Map<number, number>>, options: AlignmentOptions): number[][] {
  const groups = new Map<number, Group>();
  sentences.forEach((s, i) => {
    const links = new Map<number, number>();
    for (const [j, sim] of pairs.get(i) ?? []) links.set(j, sim);
    groups.set(i, { members: [i], perArticle: new Map([[s.article, 1]]), links, version: 0 });
  });
  const heap = new MergeHeap();
  const linkOf = (a: Group, b: Group, sum: number): number => {
    const n = crossPairs(a, b);
    return n > 0 ? sum / n : 0;
  };
  const offer = (ia: number, ib: number): void => {
    const a = groups.get(ia)!;
    const b = groups.get(ib)!;
    const link = linkOf(a, b, a.links.get(ib) ?? 0);
    const needed = sharesArticle(a, b) ? options.sameArticleLink : options.link;
    if (link >= needed) heap.push({ link, a: ia, b: ib, va: a.version, vb: b.version });
  };
  for (const [i, g] of groups) for (const j of g.links.keys()) if (j > i) offer(i, j);

  for (let m = heap.pop(); m; m = heap.pop()) {
    const a = groups.get(m.a);
    const b = groups.get(m.b);
    if (!a || !b || a.version !== m.va || b.version !== m.vb) continue; // stale
    // Merge b into a.
    a.members.push(...b.members);
    for (const [art, n] of b.perArticle) a.perArticle.set(art, (a.perArticle.get(art) ?? 0) + n);
    a.links.delete(m.b);
    for (const [c, sum] of b.links) {
      if (c === m.a) continue;
      a.links.set(c, (a.links.get(c) ?? 0) + sum);
      const g = groups.get(c)!;
      g.links.set(m.a, (g.links.get(m.a) ?? 0) + sum);
      g.links.delete(m.b);
    }
    groups.delete(m.b);
    // Only links touching the merged group changed: its new version makes its old offers stale.
    a.version++;
    for (const c of a.links.keys()) offer(m.a, c);
  }
  return [...groups.values()].map((g) => g.members);
}

/** Mean similarity over the pairs of members from different articles (unstored pairs count 0). */
function cohesion(members: number[], sentences: SentenceFeatures[], pairs: Map<number, Map<number, number>>): number | null {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++) {
      const i = members[x]!;
      const j = members[y]!;
      if (sentences[i]!.article === sentences[j]!.article) continue;
      sum += pairs.get(i)?.get(j) ?? 0;
      n++;
    }
  return n ? Math.round((sum / n) * 1000) / 1000 : null;
}

/** The member most similar on average to the others. */
function medoid(members: number[], vectors: Map<string, number>[]): number {
  if (members.length <= 2) return members[0]!;
  let best = members[0]!;
  let bestSum = -1;
  for (const i of members) {
    let sum = 0;
    for (const j of members) if (j !== i) sum += cosine(vectors[i]!, vectors[j]!);
    if (sum > bestSum) {
      bestSum = sum;
      best = i;
    }
  }
  return best;
}

/** Figures of a claim and whether its articles disagree on them. */
function claimFigures(members: SentenceFeatures[]): { figures: ClaimFigure[]; differ: boolean } {
  const byValue = new Map<string, Set<string>>();
  const perArticle = new Map<string, Set<string>>();
  for (const s of members) {
    for (const n of s.numbers) {
      if (!byValue.has(n)) byValue.set(n, new Set());
      byValue.get(n)!.add(s.sentence.articleId);
      if (!perArticle.has(s.sentence.articleId)) perArticle.set(s.sentence.articleId, new Set());
      perArticle.get(s.sentence.articleId)!.add(n);
    }
  }
  const sets = [...perArticle.values()];
  // Differ: two articles both give figures and one gives a figure the other lacks.
  let differ = false;
  for (let i = 0; i < sets.length && !differ; i++)
    for (let j = i + 1; j < sets.length && !differ; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      differ = [...a].some((x) => !b.has(x)) && [...b].some((x) => !a.has(x));
    }
  return { figures: [...byValue].map(([value, arts]) => ({ value, articleIds: [...arts] })), differ };
}

/**
 * For each article, the root of its report: a copy joins its original, and articles citing one
 * primary source join each other (union-find over the articles).
 */
function independenceRoots(articles: ClaimArticle[]): number[] {
  const parent = articles.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[rb] = ra;
  };
  const byId = new Map(articles.map((a, i) => [a.id, i]));
  const bySource = new Map<string, number>();
  articles.forEach((a, i) => {
    const original = a.copyOf ? byId.get(a.copyOf) : undefined;
    if (original !== undefined) union(original, i);
    for (const src of a.citedSources ?? []) {
      const key = src.trim().toLowerCase();
      if (!key) continue;
      const first = bySource.get(key);
      if (first === undefined) bySource.set(key, i);
      else union(first, i);
    }
  });
  return articles.map((_, i) => find(i));
}
