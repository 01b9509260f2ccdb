/**
 * Fits the story model's logistic weights (STORY_KNOBS.weights) on the stories-dev files, sparse
 * and mixed into the unlabelled stream, from the pairs the online clusterer actually meets: each
 * labelled article against its candidate stories (the closest member of each), while the labelled
 * articles are placed into their gold stories. A second pass with those weights fits the join
 * decision (STORY_KNOBS.decision): join the best story (right when it is the gold one) or start
 * a new one. Pairs with no time evidence fit their own weights (STORY_KNOBS.undatedWeights).
 * Prints the fitted knobs and the sparse scores per file as one JSON line, to paste into the knobs.
 *
 *   npx tsx bench/tools/fit-story-model.ts [--sparse-only] [--keep-dated | --decision-only] [--train neus|roundups] ['{"bodyTerms": 200}']
 *
 * `--keep-dated` keeps the dated weights, `--decision-only` both sets of weights (only the join decision
 * is refitted). `--train` fits on one dev file only (the scores then show how the weights carry to the other).
 *
 * Lives in bench/tools/ so `npm run bench` does not run it.
 */
import { profileArticle, StoryClusterer, STORY_KNOBS as DEFAULT_KNOBS } from '../../src/link/index.js';
import { DECISION_FEATURES, FEATURES, type DecisionFeature, type Feature, type StoryKnobs } from '../../src/link/story-clusterer.js';
import { scoreClusters } from '../lib/cluster-scores.js';
import { fitLogistic } from '../lib/logistic.js';
import { mixIntoStream, readStoryRows, type StoryRow } from '../lib/story-datasets.js';

const FILES = ['allsides_neus_baly.dev.jsonl', 'allsides_roundups_2021.dev.jsonl'];
/** L2 penalty on the weights (not the intercept): the features are few and collinear. */
const RIDGE = 1;

interface Sample { x: number[]; y: number; undated?: boolean }

function samplesOf(rows: StoryRow[], knobs: StoryKnobs, missed: { gold: number; missed: number }): { pairs: Sample[]; joins: Sample[] } {
  const clusterer = new StoryClusterer(knobs);
  const out: Sample[] = [];
  const joins: Sample[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const profile = profileArticle({ id: r.id, title: r.title, text: r.text, published: r.date ? Date.parse(r.date) : null, outlet: r.source });
    if (!r.story) {
      clusterer.place(profile);
      continue;
    }
    const gold = `gold:${r.story}`;
    const { evidence, join } = clusterer.placeWithEvidence(profile, gold, true);
    for (const e of evidence) out.push({ x: e.features, y: e.story === gold ? 1 : 0, undated: e.undated });
    if (join) joins.push({ x: join.features, y: join.story === gold ? 1 : 0 });
    if (seen.has(gold)) {
      missed.gold++;
      if (!evidence.some((e) => e.story === gold)) missed.missed++;
    }
    seen.add(gold);
  }
  return { pairs: out, joins };
}

const fit = (samples: Sample[]): number[] => fitLogistic(samples, RIDGE);

/** Other knobs to fit with (a JSON argument), to compare representations. */
const STORY_KNOBS: StoryKnobs = { ...DEFAULT_KNOBS, ...(JSON.parse(process.argv.find((a) => a.startsWith('{')) ?? '{}') as Partial<StoryKnobs>) };
const sparseOnly = process.argv.includes('--sparse-only');
const trainOn = process.argv.includes('--train') ? process.argv[process.argv.indexOf('--train') + 1]! : '';
const unlabelled = sparseOnly ? [] : readStoryRows('news-10k.jsonl.gz');
const streams: StoryRow[][] = [];
for (const file of FILES.filter((f) => f.includes(trainOn))) {
  const labelled = readStoryRows(file);
  streams.push(labelled);
  if (!sparseOnly) streams.push(mixIntoStream(labelled, unlabelled));
}
const collect = (knobs: StoryKnobs, missed = { gold: 0, missed: 0 }) => {
  const pairs: Sample[] = [];
  const joins: Sample[] = [];
  for (const rows of streams) {
    const s = samplesOf(rows, knobs, missed);
    pairs.push(...s.pairs);
    joins.push(...s.joins);
  }
  return { pairs, joins, missed };
};
const rounded = (w: number[]): number[] => w.map((x) => Math.round(x * 100) / 100);

const first = collect(STORY_KNOBS);
const asWeights = (w: number[]): Record<Feature, number> => Object.fromEntries(FEATURES.map((f, i) => [f, w[i]!])) as Record<Feature, number>;
// --keep-dated refits only the undated weights and the decision (the dated weights stay as they are).
const decisionOnly = process.argv.includes('--decision-only');
const weights = decisionOnly || process.argv.includes('--keep-dated') ? STORY_KNOBS.weights : asWeights(rounded(fit(first.pairs.filter((p) => !p.undated))));
const undatedPairs = first.pairs.filter((p) => p.undated);
// A file without undated articles (roundups) cannot fit their weights: keep the current ones.
const undatedWeights = !decisionOnly && undatedPairs.length ? asWeights(rounded(fit(undatedPairs))) : STORY_KNOBS.undatedWeights;
const second = collect({ ...STORY_KNOBS, weights, undatedWeights });
const d = rounded(fit(second.joins));
const fitted = Object.fromEntries(DECISION_FEATURES.map((f, i) => [f, d[i]!])) as Record<DecisionFeature, number>;

/**
 * The likeliest decision is not the best clustering: a wrong join drags later articles along, so
 * the decision's intercept is then set for the best mean B-cubed F1 (the measure every target
 * uses) over the labelled streams (the sparse ones: the dense runs take minutes each).
 */
function clusteringScore(knobs: StoryKnobs, files = streams.filter((rows) => rows.every((r) => r.story))): { mean: number; each: unknown[] } {
  let sum = 0;
  let n = 0;
  const each: unknown[] = [];
  for (const rows of files) {
    const clusterer = new StoryClusterer(knobs);
    const predicted = new Map<string, string>();
    const gold = new Map<string, string>();
    for (const r of rows) {
      const profile = profileArticle({ id: r.id, title: r.title, text: r.text, published: r.date ? Date.parse(r.date) : null, outlet: r.source });
      predicted.set(r.id, clusterer.place(profile).story);
      gold.set(r.id, r.story!);
    }
    const s = scoreClusters(gold, predicted);
    each.push({ bcubed: s.bcubed.f1, pairwise: s.pairwise.f1 });
    sum += s.bcubed.f1;
    n++;
  }
  return { mean: sum / n, each };
}
let decision = fitted;
let bestScore = -Infinity;
for (let shift = 0; shift >= -1.5; shift -= 0.1) {
  const trial = { ...fitted, intercept: Math.round((fitted.intercept + shift) * 100) / 100 };
  const score = clusteringScore({ ...STORY_KNOBS, weights, undatedWeights, decision: trial }).mean;
  if (score > bestScore) {
    bestScore = score;
    decision = trial;
  }
}
console.log(
  JSON.stringify({
    pairs: first.pairs.length,
    positives: first.pairs.filter((s) => s.y).length,
    goldNotCandidate: Math.round((first.missed.missed / Math.max(1, first.missed.gold)) * 1000) / 1000,
    weights,
    undatedWeights,
    fittedDecision: fitted,
    decision,
    devScore: Math.round(bestScore * 1000) / 1000,
    perFile: Object.fromEntries(FILES.map((f) => [f, clusteringScore({ ...STORY_KNOBS, weights, undatedWeights, decision }, [readStoryRows(f)]).each[0]])),
  }),
);
