/**
 * Claim alignment quality, judged by hand, and speed. Prints one JSON line:
 *
 *   {"bench":"claims","stories","note","judgedPairs":{together,reading,boundary},"recall":{sameFact,together,rate},
 *    "together":{judged,differentFacts,mergeRate},"sureClaims":{…},"unjudged","stale","byFile":{file:{…}},
 *    "msFor50Articles":{alignmentCpu,wordingCpu,alignmentWall,wordingWall}}
 *
 * The sample: 20 stories of the stories-dev files with at least two outlets, 10 from each file
 * (the long full-text stories and the short roundups differ too much to let chance pick the mix),
 * drawn with a seeded shuffle (SAMPLE_SEED) of the story ids sorted. bench/claims-judgement.json
 * holds the sample and a person's judgement of sentence pairs from different outlets, each
 * sentence named by dataset file, article id and character offsets, with a short hash of its text
 * (the article text itself stays in ../shared):
 * - side "together": pairs the alignment put in one claim when judged, judged same fact or not;
 * - side "reading": pairs found by reading the stories, whatever the alignment did with them
 *   (the recall side): all of each roundup story; for the long full-text stories, the opening
 *   sentences of each article and the cross-outlet pairs sharing the most words;
 * - side "boundary": pairs the pair model, fitted without their story, was least sure of, judged
 *   to teach it; like "together" pairs they count in the merge rate, never in the recall.
 * A pair is the same fact when both sentences assert the same main proposition (one event,
 * statement, quotation or figure slot, even with different figures); a shared topic, name or
 * subordinate clause is not enough. One judge at a time (the sessions that worked on the alignment).
 *
 * Scores, against the alignment as it is now (the pair model is fitted on these same pairs, so
 * these are in-sample; `--cv` is the honest measure):
 * - recall: reading-side same-fact pairs now in one claim / reading-side same-fact pairs (target ≥ 0.8);
 * - mergeRate: judged pairs now in one claim that are different facts / judged pairs now in one
 *   claim (target ≤ 0.1);
 * - unjudged: pairs now in one claim that the judgement does not cover (judge them: `--unjudged`);
 * - sureClaims: the same two figures counting only claims of cohesion ≥ SURE_COHESION;
 * - stale: judged sentences whose text no longer hashes the same (the data changed).
 *
 * `--show` prints every judged pair with its two sentences and verdicts, for a person to re-check;
 * `--unjudged` prints the pairs now in one claim that no one has judged yet.
 * `--cv`: leave-one-story-out cross-validation of the pair model (claim-pair-model.ts) and of the
 * cosine baseline over a sweep of links, with spreads over folds and bootstrap intervals of the
 * differences; `--cv --unjudged TEXT` also prints the pairs that variants whose name holds TEXT put
 * together and no one has judged. `--boundary` prints, per story, the unjudged pairs the model
 * fitted without that story is least sure of (to judge as side "boundary"). `--fit` refits the model on every judged pair and rewrites
 * src/query/claim-pair-weights.json (run it after adding judgements, then `--cv`).
 * msFor50Articles: one alignment and one wording pass over a 50-article story (50 articles of the
 * unlabelled 10k stream whose titles hold its most frequent title word, a dense case; about 54,000
 * words, 2,000 sentences), best of three, CPU and wall time. `--no-speed` skips it.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { alignClaims, COSINE_OPTIONS, MODEL_OPTIONS, SAME_ARTICLE_LINK, type AlignmentOptions, type ClaimAlignment } from '../src/query/claim-alignment.js';
import { PAIR_FEATURES, pairContext, pairFeatures, pairProbability, type PairModel } from '../src/query/claim-pair-model.js';
import { articleSentences, sentenceVectors } from '../src/query/claim-sentences.js';
import { distinctiveWording } from '../src/query/distinctive-wording.js';
import { fitLogistic } from './lib/logistic.js';
import { readStoryRows, type StoryRow } from './lib/story-datasets.js';

const FILES = ['allsides_neus_baly.dev.jsonl', 'allsides_roundups_2021.dev.jsonl'];
export const SAMPLE_SEED = 7;
export const STORIES_PER_FILE = 10;
const JUDGEMENT = new URL('./claims-judgement.json', import.meta.url);
/** Claims at least this cohesive are scored apart too: what a report could show as sure (cohesion is a mean pair probability). */
const SURE_COHESION = 0.6;
/** The same for the cosine baseline, whose cohesion is a mean cosine. */
const COSINE_SURE_COHESION = 0.5;

export interface SentenceRef {
  article: string;
  start: number;
  end: number;
  /** First 10 hex digits of the sha-256 of the sentence text. */
  hash: string;
}
export interface JudgedPair {
  file: string;
  story: string;
  a: SentenceRef;
  b: SentenceRef;
  side: 'together' | 'reading' | 'boundary';
  sameFact: boolean;
}
interface Judgement {
  sample: { seed: number; storiesPerFile: number; stories: { file: string; story: string }[] };
  pairs: JudgedPair[];
}

export const textHash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 10);

/** Deterministic random numbers in [0, 1) (mulberry32). */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic shuffle. */
function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface SampledStory {
  file: string;
  story: string;
  rows: StoryRow[];
}

/** The sampled stories with their articles, in sample order. */
export function sampleStories(): SampledStory[] {
  const out: SampledStory[] = [];
  for (const file of FILES) {
    const byStory = new Map<string, StoryRow[]>();
    for (const r of readStoryRows(file)) if (r.story) byStory.set(r.story, [...(byStory.get(r.story) ?? []), r]);
    const eligible = [...byStory.keys()].filter((k) => new Set(byStory.get(k)!.map((r) => r.source)).size >= 2).sort();
    for (const story of shuffled(eligible, SAMPLE_SEED).slice(0, STORIES_PER_FILE)) out.push({ file, story, rows: byStory.get(story)! });
  }
  return out;
}

export const alignStory = (s: SampledStory, options?: AlignmentOptions): ClaimAlignment =>
  alignClaims(s.rows.map((r) => ({ id: r.id, outlet: r.source ?? r.id, text: r.text })), options);

const refKey = (r: { article: string; start: number; end: number }): string => `${r.article}:${r.start}-${r.end}`;
export const pairKey = (file: string, a: { article: string; start: number; end: number }, b: { article: string; start: number; end: number }): string => {
  const [x, y] = [refKey(a), refKey(b)].sort();
  return `${file}|${x}|${y}`;
};

/** Cross-outlet sentence pairs the alignment puts in one claim, and each sentence's claim. */
export function togetherPairs(alignment: ClaimAlignment): { pairs: { a: SentenceRef; b: SentenceRef; cohesion: number | null }[]; claimOf: Map<string, number> } {
  const pairs: { a: SentenceRef; b: SentenceRef; cohesion: number | null }[] = [];
  const claimOf = new Map<string, number>();
  for (const c of alignment.claims) {
    const refs = c.sentences.map((x) => ({ ref: { article: x.articleId, start: x.start, end: x.end, hash: textHash(x.text) }, outlet: x.outlet }));
    for (const r of refs) claimOf.set(refKey(r.ref), c.id);
    for (let i = 0; i < refs.length; i++) for (let j = i + 1; j < refs.length; j++) if (refs[i]!.outlet !== refs[j]!.outlet) pairs.push({ a: refs[i]!.ref, b: refs[j]!.ref, cohesion: c.cohesion });
  }
  return { pairs, claimOf };
}

function main(): void {
  const args = process.argv.slice(2);
  const judgement = JSON.parse(readFileSync(JUDGEMENT, 'utf8')) as Judgement;
  const stories = sampleStories();
  const expected = judgement.sample.stories.map((s) => `${s.file}|${s.story}`).join(',');
  if (stories.map((s) => `${s.file}|${s.story}`).join(',') !== expected) throw new Error('claims bench: the sample drawn differs from the judged sample (seed or data changed)');
  if (args.includes('--cv')) return crossValidate(stories, judgement, (name) => args.includes('--unjudged') && name.includes(args[args.indexOf('--unjudged') + 1] ?? '\u0000'));
  if (args.includes('--fit')) return fitModel(stories, judgement);
  if (args.includes('--boundary')) return boundaryPairs(stories, judgement);

  const judged = new Map(judgement.pairs.map((p) => [pairKey(p.file, p.a, p.b), p]));
  const textOf = new Map<string, string>();
  for (const s of stories) for (const r of s.rows) textOf.set(`${s.file}|${r.id}`, r.text);
  const sentence = (file: string, r: SentenceRef): string => (textOf.get(`${file}|${r.article}`) ?? '').slice(r.start, r.end);

  const together = new Set<string>();
  /** Pairs now together in a claim of cohesion at least SURE_COHESION. */
  const sure = new Set<string>();
  const unjudged: { file: string; story: string; a: SentenceRef; b: SentenceRef }[] = [];
  const sameClaim = new Map<string, (a: SentenceRef, b: SentenceRef) => boolean>();
  for (const s of stories) {
    const alignment = alignStory(s);
    const { pairs, claimOf } = togetherPairs(alignment);
    sameClaim.set(`${s.file}|${s.story}`, (a, b) => {
      const ca = claimOf.get(refKey(a));
      return ca !== undefined && ca === claimOf.get(refKey(b));
    });
    for (const p of pairs) {
      const key = pairKey(s.file, p.a, p.b);
      together.add(key);
      if ((p.cohesion ?? 0) >= SURE_COHESION) sure.add(key);
      if (!judged.has(key)) unjudged.push({ file: s.file, story: s.story, ...p });
    }
  }

  let stale = 0;
  const perFile = new Map<string, { judged: number; different: number; sameFact: number; recalled: number }>();
  const tally = (file: string) => {
    if (!perFile.has(file)) perFile.set(file, { judged: 0, different: 0, sameFact: 0, recalled: 0 });
    return perFile.get(file)!;
  };
  for (const p of judgement.pairs) {
    if (textHash(sentence(p.file, p.a)) !== p.a.hash || textHash(sentence(p.file, p.b)) !== p.b.hash) stale++;
    const t = tally(p.file);
    if (together.has(pairKey(p.file, p.a, p.b))) {
      t.judged++;
      if (!p.sameFact) t.different++;
    }
    if (p.side === 'reading' && p.sameFact) {
      t.sameFact++;
      if (sameClaim.get(`${p.file}|${p.story}`)?.(p.a, p.b)) t.recalled++;
    }
  }
  const sureJudged = judgement.pairs.filter((p) => sure.has(pairKey(p.file, p.a, p.b)));
  const sureRecalled = judgement.pairs.filter((p) => p.side === 'reading' && p.sameFact && sure.has(pairKey(p.file, p.a, p.b))).length;
  const sum = (k: 'judged' | 'different' | 'sameFact' | 'recalled'): number => [...perFile.values()].reduce((n, t) => n + t[k], 0);
  const rate = (a: number, b: number): number | null => (b ? Math.round((a / b) * 1000) / 1000 : null);

  if (args.includes('--show')) {
    for (const p of judgement.pairs) {
      const now = together.has(pairKey(p.file, p.a, p.b)) ? 'together' : 'apart';
      console.log(`\n[${p.story}] ${p.side} judged ${p.sameFact ? 'SAME fact' : 'DIFFERENT facts'}; alignment now: ${now}`);
      console.log(`  ${p.a.article}: ${sentence(p.file, p.a)}`);
      console.log(`  ${p.b.article}: ${sentence(p.file, p.b)}`);
    }
  }
  if (args.includes('--unjudged')) {
    for (const p of unjudged) {
      console.log(`\n[${p.story}] unjudged, together now (${JSON.stringify({ file: p.file, story: p.story, a: p.a, b: p.b })})`);
      console.log(`  ${p.a.article}: ${sentence(p.file, p.a)}`);
      console.log(`  ${p.b.article}: ${sentence(p.file, p.b)}`);
    }
  }

  const judgedTogether = sum('judged');
  console.log(
    JSON.stringify({
      bench: 'claims',
      stories: stories.length,
      note: 'the pair model is fitted on these judged pairs, so these figures are in-sample; --cv gives them with each story left out of the fit',
      judgedPairs: {
        together: judgement.pairs.filter((p) => p.side === 'together').length,
        reading: judgement.pairs.filter((p) => p.side === 'reading').length,
        boundary: judgement.pairs.filter((p) => p.side === 'boundary').length,
      },
      recall: { sameFact: sum('sameFact'), together: sum('recalled'), rate: rate(sum('recalled'), sum('sameFact')) },
      together: { judged: judgedTogether, differentFacts: sum('different'), mergeRate: rate(sum('different'), judgedTogether) },
      sureClaims: {
        cohesionAtLeast: SURE_COHESION,
        recall: rate(sureRecalled, sum('sameFact')),
        judged: sureJudged.length,
        mergeRate: rate(sureJudged.filter((p) => !p.sameFact).length, sureJudged.length),
      },
      unjudged: unjudged.length,
      stale,
      byFile: Object.fromEntries([...perFile].map(([f, t]) => [f.replace(/\.dev\.jsonl$/, ''), { recall: rate(t.recalled, t.sameFact), mergeRate: rate(t.different, t.judged), judgedTogether: t.judged, sameFactRead: t.sameFact }])),
      msFor50Articles: args.includes('--no-speed') ? null : speed(),
    }),
  );
}

/**
 * Milliseconds for one alignment and one wording pass over a dense 50-article story: the best of
 * three runs, in CPU time of this process (the machine is shared; wall time beside it).
 */
function speed(): { alignmentCpu: number; wordingCpu: number; alignmentWall: number; wordingWall: number } {
  const rows = readStoryRows('news-10k.jsonl.gz').filter((r) => r.text.length > 500);
  const titleWords = new Map<string, number>();
  for (const r of rows) for (const w of new Set((r.title ?? '').toLowerCase().match(/\p{L}{5,}/gu) ?? [])) titleWords.set(w, (titleWords.get(w) ?? 0) + 1);
  const topic = [...titleWords].sort((a, b) => b[1] - a[1])[0]![0];
  const story = rows.filter((r) => (r.title ?? '').toLowerCase().includes(topic)).slice(0, 50);
  const articles = story.map((r) => ({ id: r.id, outlet: r.source ?? r.id, text: r.text }));
  const time = (f: () => unknown): { cpu: number; wall: number } => {
    const runs = [0, 1, 2].map(() => {
      const cpu = process.cpuUsage();
      const wall = performance.now();
      f();
      const used = process.cpuUsage(cpu);
      return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
    });
    return { cpu: Math.round(Math.min(...runs.map((r) => r.cpu))), wall: Math.round(Math.min(...runs.map((r) => r.wall))) };
  };
  const alignment = time(() => alignClaims(articles));
  const wording = time(() => distinctiveWording(articles));
  return { alignmentCpu: alignment.cpu, wordingCpu: wording.cpu, alignmentWall: alignment.wall, wordingWall: wording.wall };
}

// ---- The pair model: features of judged pairs, leave-one-story-out cross-validation, fitting ----

/** Ridge penalty of the pair model's logistic regression. */
const RIDGE = 1;
const WEIGHTS = new URL('../src/query/claim-pair-weights.json', import.meta.url);

interface FeaturePair {
  story: string;
  x: number[];
  y: number;
  cosine: number;
}

/** Features of every judged pair whose two sentences the alignment reads as claim sentences. */
function judgedFeatures(stories: SampledStory[], judgement: Judgement): { pairs: FeaturePair[]; missing: number } {
  const pairs: FeaturePair[] = [];
  let missing = 0;
  for (const s of stories) {
    const sentences = s.rows.flatMap((r, i) => articleSentences(i, r.id, r.source ?? r.id, r.text));
    const vectors = sentenceVectors(sentences, () => true);
    const context = pairContext(sentences);
    const index = new Map(sentences.map((x, i) => [refKey({ article: x.sentence.articleId, start: x.sentence.start, end: x.sentence.end }), i]));
    for (const p of judgement.pairs) {
      if (p.file !== s.file || p.story !== s.story) continue;
      const i = index.get(refKey(p.a));
      const j = index.get(refKey(p.b));
      if (i === undefined || j === undefined) {
        missing++;
        continue;
      }
      let cos = 0;
      for (const [t, w] of vectors[i]!) cos += w * (vectors[j]!.get(t) ?? 0);
      pairs.push({ story: s.story, x: pairFeatures(sentences[i]!, sentences[j]!, cos, context), y: p.sameFact ? 1 : 0, cosine: cos });
    }
  }
  return { pairs, missing };
}

const fit = (pairs: FeaturePair[]): PairModel => ({ features: PAIR_FEATURES, weights: fitLogistic(pairs.map((p) => ({ x: [1, ...p.x], y: p.y })), RIDGE) });

/** Recall and merge counts of one story's alignment against its judged pairs. */
interface StoryScore {
  sameFact: number;
  recalled: number;
  judged: number;
  different: number;
  unjudged: number;
  unjudgedPairs: { a: SentenceRef; b: SentenceRef }[];
}
function storyScore(s: SampledStory, judgement: Judgement, alignment: ClaimAlignment, minCohesion = 0): StoryScore {
  const { pairs: all, claimOf } = togetherPairs(alignment);
  const pairs = all.filter((p) => (p.cohesion ?? 0) >= minCohesion);
  const mine = judgement.pairs.filter((p) => p.file === s.file && p.story === s.story);
  const judged = new Map(mine.map((p) => [pairKey(p.file, p.a, p.b), p]));
  const out: StoryScore = { sameFact: 0, recalled: 0, judged: 0, different: 0, unjudged: 0, unjudgedPairs: [] };
  for (const p of pairs) {
    const j = judged.get(pairKey(s.file, p.a, p.b));
    if (!j) {
      out.unjudged++;
      out.unjudgedPairs.push({ a: p.a, b: p.b });
    }
    else {
      out.judged++;
      if (!j.sameFact) out.different++;
    }
  }
  for (const p of mine) {
    if (p.side !== 'reading' || !p.sameFact) continue;
    out.sameFact++;
    const ca = claimOf.get(refKey(p.a));
    if (ca !== undefined && ca === claimOf.get(refKey(p.b)) && (alignment.claims[ca]!.cohesion ?? 0) >= minCohesion) out.recalled++;
  }
  return out;
}

/** Story resamples for the bootstrap of a difference between two alignments. */
const BOOTSTRAP_RESAMPLES = 2000;

/**
 * How sure a difference in the two rates is, given that the stories are a small sample: the
 * 5th and 95th percentiles of (variant − baseline) over resamples of the stories with replacement.
 */
function bootstrapDifference(base: StoryScore[], variant: StoryScore[]): { together: [number, number]; merged: [number, number] } {
  const random = seededRandom(SAMPLE_SEED);
  const together: number[] = [];
  const merged: number[] = [];
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    const pick = base.map(() => Math.floor(random() * base.length));
    const sum = (xs: StoryScore[], k: 'sameFact' | 'recalled' | 'judged' | 'different'): number => pick.reduce((n, i) => n + xs[i]![k], 0);
    const ratio = (a: number, b: number): number => (b ? a / b : 0);
    together.push(ratio(sum(variant, 'recalled'), sum(variant, 'sameFact')) - ratio(sum(base, 'recalled'), sum(base, 'sameFact')));
    merged.push(ratio(sum(variant, 'different'), sum(variant, 'judged')) - ratio(sum(base, 'different'), sum(base, 'judged')));
  }
  const interval = (xs: number[]): [number, number] => {
    xs.sort((a, b) => a - b);
    const at = (q: number): number => Math.round(xs[Math.floor(q * (xs.length - 1))]! * 1000) / 1000;
    return [at(0.05), at(0.95)];
  };
  return { together: interval(together), merged: interval(merged) };
}

/**
 * Leave-one-story-out: for each judged story, the pair model is fitted on the other stories'
 * judged pairs and the held-out story is aligned with it; its judged pairs score the result.
 * Prints, per variant, the pooled together/merged rates, their spread over folds, pair-level
 * accuracy and AUC of the held-out probabilities, and how many pairs the alignment made that no
 * one has judged (the merge rate cannot see those).
 */
function crossValidate(stories: SampledStory[], judgement: Judgement, showUnjudged: (name: string) => boolean): void {
  const unjudged = new Map<string, { file: string; story: string; a: SentenceRef; b: SentenceRef }>();
  const { pairs, missing } = judgedFeatures(stories, judgement);
  const folds = stories.map((s) => ({ s, model: fit(pairs.filter((p) => p.story !== s.story)) }));
  // Pair level: held-out probabilities.
  const held = folds.flatMap(({ s, model }) => pairs.filter((p) => p.story === s.story).map((p) => ({ p: pairProbability(model, p.x), y: p.y, cosine: p.cosine })));
  const auc = (scores: { score: number; y: number }[]): number => {
    const pos = scores.filter((x) => x.y === 1);
    const neg = scores.filter((x) => x.y === 0);
    let wins = 0;
    for (const a of pos) for (const b of neg) wins += a.score > b.score ? 1 : a.score === b.score ? 0.5 : 0;
    return Math.round((wins / (pos.length * neg.length)) * 1000) / 1000;
  };
  const accuracy = (scores: { score: number; y: number }[], cut: number): number => Math.round((scores.filter((x) => (x.score >= cut ? 1 : 0) === x.y).length / scores.length) * 1000) / 1000;
  const bestCosineAccuracy = Math.max(...held.map((h) => accuracy(held.map((x) => ({ score: x.cosine, y: x.y })), h.cosine)));
  console.log(
    JSON.stringify({
      pairLevel: {
        pairs: pairs.length,
        positives: pairs.filter((p) => p.y).length,
        missingSentences: missing,
        aucModel: auc(held.map((h) => ({ score: h.p, y: h.y }))),
        aucCosine: auc(held.map((h) => ({ score: h.cosine, y: h.y }))),
        accuracyModelAt05: accuracy(held.map((h) => ({ score: h.p, y: h.y })), 0.5),
        accuracyCosineBestCut: bestCosineAccuracy,
      },
      weightsOverFolds: Object.fromEntries(
        ['intercept', ...PAIR_FEATURES].map((name, i) => {
          const ws = folds.map((f) => f.model.weights[i]!);
          const mean = ws.reduce((a, b) => a + b, 0) / ws.length;
          const r = (x: number): number => Math.round(x * 100) / 100;
          return [name, { mean: r(mean), sd: r(Math.sqrt(ws.reduce((a, b) => a + (b - mean) ** 2, 0) / ws.length)), min: r(Math.min(...ws)), max: r(Math.max(...ws)) }];
        }),
      ),
    }),
  );
  const variants: { name: string; options: (model: PairModel) => AlignmentOptions }[] = [];
  for (const link of [0.3, 0.22, 0.4])
    for (const sameArticleLink of [SAME_ARTICLE_LINK, Infinity])
      variants.push({ name: `cosine link ${link} sameArticle ${sameArticleLink}`, options: () => ({ ...COSINE_OPTIONS, link, sameArticleLink: Math.max(link, sameArticleLink) }) });
  for (const link of [0.4, 0.45, 0.5, 0.55, 0.6, 0.7])
    for (const sameArticleLink of [0.7, Infinity])
      variants.push({ name: `model link ${link} sameArticle ${sameArticleLink}${link === MODEL_OPTIONS.link && sameArticleLink === MODEL_OPTIONS.sameArticleLink ? ' (shipped)' : ''}`, options: (model) => ({ ...MODEL_OPTIONS, model, link, sameArticleLink }) });
  const rate = (a: number, b: number): number | null => (b ? Math.round((a / b) * 1000) / 1000 : null);
  let baseline: StoryScore[] | null = null;
  /** The baseline's claims of cohesion at least COSINE_SURE_COHESION: what a report showed as sure with the cosine. */
  let baselineSure: StoryScore[] | null = null;
  for (const v of variants) {
    const alignments = folds.map(({ s, model }) => alignStory(s, v.options(model)));
    const perFold = folds.map(({ s }, k) => storyScore(s, judgement, alignments[k]!));
    baseline ??= perFold;
    baselineSure ??= folds.map(({ s }, k) => storyScore(s, judgement, alignments[k]!, COSINE_SURE_COHESION));
    const sure = Object.fromEntries(
      [0.5, 0.6, 0.7, 0.8].map((cut) => {
        const f = folds.map(({ s }, k) => storyScore(s, judgement, alignments[k]!, cut));
        const t = (k: 'sameFact' | 'recalled' | 'judged' | 'different'): number => f.reduce((n, x) => n + x[k], 0);
        return [cut, { together: rate(t('recalled'), t('sameFact')), merged: rate(t('different'), t('judged')), judged: t('judged'), vsCosineSureNow: bootstrapDifference(baselineSure!, f) }];
      }),
    );
    if (showUnjudged(v.name)) perFold.forEach((f, k) => f.unjudgedPairs.forEach((p) => unjudged.set(pairKey(folds[k]!.s.file, p.a, p.b), { file: folds[k]!.s.file, story: folds[k]!.s.story, ...p })));
    const total = (k: 'sameFact' | 'recalled' | 'judged' | 'different' | 'unjudged'): number => perFold.reduce((n, f) => n + f[k], 0);
    const spread = (xs: (number | null)[]): { min: number; max: number; sd: number } => {
      const v2 = xs.filter((x): x is number => x !== null);
      const mean = v2.reduce((a, b) => a + b, 0) / v2.length;
      const r = (x: number): number => Math.round(x * 1000) / 1000;
      return { min: r(Math.min(...v2)), max: r(Math.max(...v2)), sd: r(Math.sqrt(v2.reduce((a, b) => a + (b - mean) ** 2, 0) / v2.length)) };
    };
    console.log(
      JSON.stringify({
        variant: v.name,
        together: rate(total('recalled'), total('sameFact')),
        merged: rate(total('different'), total('judged')),
        judgedTogether: total('judged'),
        unjudgedTogether: total('unjudged'),
        foldTogether: spread(perFold.map((f) => rate(f.recalled, f.sameFact))),
        foldMerged: spread(perFold.map((f) => rate(f.different, f.judged))),
        byCohesion: sure,
        vsCosineNow: bootstrapDifference(baseline, perFold),
      }),
    );
  }
  const textOf = new Map<string, string>();
  for (const s of stories) for (const r of s.rows) textOf.set(`${s.file}|${r.id}`, r.text);
  for (const p of unjudged.values()) {
    console.log(`\n[${p.story}] unjudged, together in a fold (${JSON.stringify(p)})`);
    console.log(`  ${p.a.article}: ${(textOf.get(`${p.file}|${p.a.article}`) ?? '').slice(p.a.start, p.a.end)}`);
    console.log(`  ${p.b.article}: ${(textOf.get(`${p.file}|${p.b.article}`) ?? '').slice(p.b.start, p.b.end)}`);
  }
}

/** Unjudged pairs per story whose probability is nearest 0.5 and at most this far from it... */
const BOUNDARY_MARGIN = 0.2;
/** ... and at most this many per story. */
const BOUNDARY_PER_STORY = 4;

/** Prints the pairs of each story the model fitted without that story is least sure of, for judging. */
function boundaryPairs(stories: SampledStory[], judgement: Judgement): void {
  const { pairs } = judgedFeatures(stories, judgement);
  const judged = new Set(judgement.pairs.map((p) => pairKey(p.file, p.a, p.b)));
  for (const s of stories) {
    const model = fit(pairs.filter((p) => p.story !== s.story));
    const sentences = s.rows.flatMap((r, i) => articleSentences(i, r.id, r.source ?? r.id, r.text));
    const vectors = sentenceVectors(sentences, () => true);
    const context = pairContext(sentences);
    const ref = (k: number): SentenceRef => {
      const x = sentences[k]!.sentence;
      return { article: x.articleId, start: x.start, end: x.end, hash: textHash(x.text) };
    };
    const candidates: { p: number; i: number; j: number }[] = [];
    for (let i = 0; i < sentences.length; i++)
      for (let j = i + 1; j < sentences.length; j++) {
        if (sentences[i]!.sentence.outlet === sentences[j]!.sentence.outlet || judged.has(pairKey(s.file, ref(i), ref(j)))) continue;
        let cos = 0;
        let shared = 0;
        for (const [t, w] of vectors[i]!) {
          const v = vectors[j]!.get(t);
          if (v === undefined) continue;
          cos += w * v;
          shared++;
        }
        if (shared < MODEL_OPTIONS.minSharedTerms || cos < MODEL_OPTIONS.minCosine) continue;
        const p = pairProbability(model, pairFeatures(sentences[i]!, sentences[j]!, cos, context));
        if (Math.abs(p - 0.5) <= BOUNDARY_MARGIN) candidates.push({ p, i, j });
      }
    candidates.sort((x, y) => Math.abs(x.p - 0.5) - Math.abs(y.p - 0.5));
    for (const c of candidates.slice(0, BOUNDARY_PER_STORY)) {
      console.log(`\n[${s.story}] p=${c.p.toFixed(2)} (${JSON.stringify({ file: s.file, story: s.story, a: ref(c.i), b: ref(c.j) })})`);
      console.log(`  ${sentences[c.i]!.sentence.articleId}: ${sentences[c.i]!.sentence.text}`);
      console.log(`  ${sentences[c.j]!.sentence.articleId}: ${sentences[c.j]!.sentence.text}`);
    }
  }
}

/** Fits the pair model on every judged pair and writes src/query/claim-pair-weights.json. */
function fitModel(stories: SampledStory[], judgement: Judgement): void {
  const { pairs } = judgedFeatures(stories, judgement);
  const model = fit(pairs);
  const rounded = { features: model.features, weights: model.weights.map((w) => Math.round(w * 10000) / 10000), fittedOn: { pairs: pairs.length, positives: pairs.filter((p) => p.y).length } };
  writeFileSync(WEIGHTS, `${JSON.stringify(rounded, null, 1)}\n`);
  console.log(JSON.stringify(rounded));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
