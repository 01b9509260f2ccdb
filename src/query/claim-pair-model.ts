/**
 * How likely two sentences of different articles state one fact, by logistic regression over
 * features of the pair: literal overlap (tf-idf cosine, shared terms, shared rare terms), what a
 * fact turns on (shared names, shared or clashing figures), and the shape of the two sentences
 * (lengths, places in their articles, quotation, denial). The weights are fitted on the judged
 * pairs of bench/claims-judgement.json (`npm run bench:claims -- --fit` rewrites
 * claim-pair-weights.json); `--cv` measures the model by leaving one judged story out at a time.
 */
import { termFrequencies, type SentenceFeatures } from './claim-sentences.js';

/** Feature names, in the order of `pairFeatures` (the weights file names them to check the order). */
export const PAIR_FEATURES = [
  'cosine',
  'sharedTerms',
  'sharedRareTerms',
  'containment',
  'weightedContainment',
  'sharedOtherWords',
  'sharedNames',
  'unsharedNames',
  'sharedFigures',
  'figuresClash',
  'lengthRatio',
  'bothLead',
  'positionGap',
  'bothQuoted',
  'quotedMismatch',
  'negationMismatch',
] as const;

/** A term used by at most this many sentences of the story is rare: it names a particular fact. */
const RARE_DF = 3;

/** What the features need of the story: each term's idf, and per sentence its sums over terms. */
export interface PairContext {
  idf: Map<string, number>;
  /** Sum of the idf of a sentence's terms. */
  weight: Map<SentenceFeatures, number>;
  /** Distinct content words (not figures) of a sentence. */
  content: Map<SentenceFeatures, number>;
  /** Terms of a sentence rare in the story. */
  rare: Map<SentenceFeatures, Set<string>>;
  /** Distinct figures of a sentence. */
  figures: Map<SentenceFeatures, Set<string>>;
  /** The idf of a term no counted sentence uses. */
  unseenIdf: number;
}

/**
 * The story context for a set of sentences, the document frequencies counted over the sentences
 * `counted` keeps (as for the tf-idf vectors: copies left out, so copying a fact does not make it
 * look common).
 */
export function pairContext(sentences: readonly SentenceFeatures[], counted: (s: SentenceFeatures) => boolean = () => true): PairContext {
  const { df, n } = termFrequencies(sentences, counted);
  const idf = new Map<string, number>();
  for (const [t, k] of df) idf.set(t, Math.log((n + 1) / (k + 1)) + 1);
  const unseenIdf = Math.log(n + 1) + 1;
  const weight = new Map<SentenceFeatures, number>();
  const content = new Map<SentenceFeatures, number>();
  const rare = new Map<SentenceFeatures, Set<string>>();
  const figures = new Map<SentenceFeatures, Set<string>>();
  for (const s of sentences) {
    figures.set(s, new Set(s.numbers));
    let w = 0;
    let c = 0;
    const r = new Set<string>();
    for (const t of s.terms.keys()) {
      w += idf.get(t) ?? unseenIdf;
      if (t.startsWith('t:')) {
        c++;
        if ((df.get(t) ?? 0) <= RARE_DF) r.add(t);
      }
    }
    weight.set(s, w);
    content.set(s, c);
    rare.set(s, r);
  }
  return { idf, weight, content, rare, figures, unseenIdf };
}

/** Features of a pair of sentences of one story, given their tf-idf cosine. */
export function pairFeatures(a: SentenceFeatures, b: SentenceFeatures, cosine: number, context: PairContext): number[] {
  let shared = 0;
  let other = 0;
  let sharedWeight = 0;
  for (const t of a.terms.keys()) {
    if (!b.terms.has(t)) continue;
    sharedWeight += context.idf.get(t) ?? context.unseenIdf;
    if (!t.startsWith('t:')) continue;
    shared++;
    if (!a.names.has(t) && !b.names.has(t)) other++;
  }
  let rare = 0;
  for (const t of context.rare.get(a) ?? []) if (b.terms.has(t)) rare++;
  let sharedNames = 0;
  for (const n of a.names) if (b.names.has(n)) sharedNames++;
  const allNames = a.names.size + b.names.size - sharedNames;
  let sharedFigures = 0;
  const figuresA = context.figures.get(a) ?? new Set(a.numbers);
  const figuresB = context.figures.get(b) ?? new Set(b.numbers);
  for (const f of figuresA) if (figuresB.has(f)) sharedFigures++;
  const relative = (s: SentenceFeatures): number => Math.min(s.position, 20) / 20;
  return [
    cosine,
    Math.log1p(shared),
    Math.log1p(rare),
    shared / Math.max(1, Math.min(context.content.get(a) ?? 0, context.content.get(b) ?? 0)),
    sharedWeight / Math.max(1e-9, Math.min(context.weight.get(a) ?? 0, context.weight.get(b) ?? 0)),
    Math.log1p(other),
    Math.log1p(sharedNames),
    allNames ? (allNames - sharedNames) / allNames : 0,
    Math.log1p(sharedFigures),
    figuresA.size && figuresB.size && !sharedFigures ? 1 : 0,
    Math.min(a.words, b.words) / Math.max(a.words, b.words),
    a.position < 2 && b.position < 2 ? 1 : 0,
    Math.abs(relative(a) - relative(b)),
    a.quoted && b.quoted ? 1 : 0,
    a.quoted !== b.quoted ? 1 : 0,
    a.negated !== b.negated ? 1 : 0,
  ];
}

/** Fitted weights: the intercept first, then one per feature. */
export interface PairModel {
  features: readonly string[];
  weights: number[];
}

/** Probability that the pair states one fact. */
export function pairProbability(model: PairModel, x: readonly number[]): number {
  let z = model.weights[0]!;
  for (let i = 0; i < x.length; i++) z += model.weights[i + 1]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
}
