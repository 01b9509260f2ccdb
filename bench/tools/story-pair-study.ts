/**
 * Does the story model gain from feature interactions? Collects the dated pairs the clusterer
 * meets on each sparse stories-dev file (each labelled article against its candidate stories,
 * placed into its gold story, as fit-story-model.ts does), then fits on one file and scores on the
 * other, both ways: the logistic model as it is, with product features added, and a small
 * gradient-boosted tree ensemble (an upper bound on what interactions of these features hold).
 * Scores per candidate as the clusterer meets them: log-loss, AUC, and per article whether the gold
 * story ranks first when it is a candidate.
 *
 *   npx tsx bench/tools/story-pair-study.ts [--undated]     (dated: ~2.5 CPU minutes, mostly the trees)
 *
 * --undated studies the undated pairs instead (neus only has them: fitted and scored across halves
 * of its stories).
 */
import { profileArticle, StoryClusterer, STORY_KNOBS } from '../../src/link/index.js';
import { FEATURES, type Feature } from '../../src/link/story-clusterer.js';
import { fitLogistic } from '../lib/logistic.js';
import { readStoryRows } from '../lib/story-datasets.js';

interface Pair { x: number[]; y: number; article: number; undated: boolean; fold: number }

const FILES = ['allsides_neus_baly.dev.jsonl', 'allsides_roundups_2021.dev.jsonl'];
const undatedStudy = process.argv.includes('--undated');
const at = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<Feature, number>;

function pairsOf(file: string, fileIndex: number): Pair[] {
  const clusterer = new StoryClusterer(STORY_KNOBS);
  const out: Pair[] = [];
  let article = 0;
  for (const r of readStoryRows(file)) {
    const profile = profileArticle({ id: r.id, title: r.title, text: r.text, published: r.date ? Date.parse(r.date) : null, outlet: r.source });
    const gold = `gold:${r.story}`;
    const { evidence } = clusterer.placeWithEvidence(profile, gold, true);
    // Undated study: folds are halves of the stories (by a hash of the story label).
    const fold = undatedStudy ? [...r.story!].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 2 : fileIndex;
    for (const e of evidence) out.push({ x: e.features, y: e.story === gold ? 1 : 0, article: fileIndex * 1e6 + article, undated: e.undated, fold });
    article++;
  }
  return out;
}

/** Candidate interactions: products of two features. */
const PRODUCTS: [Feature, Feature][] = [
  ['body', 'gapDay'], ['title', 'names'], ['rare', 'sameDay'], ['body', 'sameDay'], ['title', 'sameDay'],
  ['meanBody', 'gapDay'], ['lead', 'title'], ['titleBody', 'gapDay'], ['rareShared', 'sameDay'], ['body', 'title'],
  ['centroid', 'gapDay'], ['names', 'gapDay'], ['rareName', 'rare'], ['hinted', 'body'], ['quotes', 'body'],
];
const productsOf = (x: number[], which: [Feature, Feature][]): number[] => [...x, ...which.map(([a, b]) => x[at[a]]! * x[at[b]]!)];

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const dot = (w: number[], x: number[]): number => w.reduce((s, wi, i) => s + wi * x[i]!, 0);

/** Gradient-boosted depth-limited regression trees on logistic loss, thresholds at feature quantiles. */
interface Node { feature: number; threshold: number; left: Node | number; right: Node | number }
function fitBoosted(xs: number[][], ys: number[], rounds = 150, depth = 3, rate = 0.1, minLeaf = 30): { base: number; trees: (Node | number)[] } {
  const n = xs.length;
  const d = xs[0]!.length;
  const prior = ys.reduce((a, b) => a + b, 0) / n;
  const base = Math.log(prior / (1 - prior));
  const z = new Float64Array(n).fill(base);
  const thresholds: number[][] = [];
  for (let f = 0; f < d; f++) {
    const v = xs.map((x) => x[f]!).sort((a, b) => a - b);
    thresholds.push([...new Set(Array.from({ length: 31 }, (_, q) => v[Math.floor(((q + 1) / 33) * n)]!))]);
  }
  const trees: (Node | number)[] = [];
  const grow = (idx: number[], g: Float64Array, h: Float64Array, level: number): Node | number => {
    let sg = 0;
    let sh = 0;
    for (const i of idx) {
      sg += g[i]!;
      sh += h[i]!;
    }
    const leaf = -sg / (sh + 1);
    if (level === depth || idx.length < 2 * minLeaf) return leaf * rate;
    let best = { gain: 0, feature: -1, threshold: 0 };
    const parent = (sg * sg) / (sh + 1);
    for (let f = 0; f < d; f++) {
      for (const t of thresholds[f]!) {
        let lg = 0;
        let lh = 0;
        let ln = 0;
        for (const i of idx) if (xs[i]![f]! <= t) {
          lg += g[i]!;
          lh += h[i]!;
          ln++;
        }
        if (ln < minLeaf || idx.length - ln < minLeaf) continue;
        const gain = (lg * lg) / (lh + 1) + ((sg - lg) * (sg - lg)) / (sh - lh + 1) - parent;
        if (gain > best.gain) best = { gain, feature: f, threshold: t };
      }
    }
    if (best.feature < 0) return leaf * rate;
    const left = idx.filter((i) => xs[i]![best.feature]! <= best.threshold);
    const right = idx.filter((i) => xs[i]![best.feature]! > best.threshold);
    return { feature: best.feature, threshold: best.threshold, left: grow(left, g, h, level + 1), right: grow(right, g, h, level + 1) };
  };
  const all = Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < rounds; r++) {
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i]!);
      g[i] = p - ys[i]!;
      h[i] = p * (1 - p);
    }
    const tree = grow(all, g, h, 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) z[i]! += evalTree(tree, xs[i]!);
  }
  return { base, trees };
}
function evalTree(t: Node | number, x: number[]): number {
  while (typeof t !== 'number') t = x[t.feature]! <= t.threshold ? t.left : t.right;
  return t;
}

function scores(pairs: Pair[], z: number[]): { logLoss: number; auc: number; top1: number; goldArticles: number } {
  let loss = 0;
  pairs.forEach((p, i) => {
    const q = Math.min(Math.max(sigmoid(z[i]!), 1e-9), 1 - 1e-9);
    loss -= p.y ? Math.log(q) : Math.log(1 - q);
  });
  const order = pairs.map((p, i) => ({ y: p.y, z: z[i]! })).sort((a, b) => a.z - b.z);
  let rankSum = 0;
  let positives = 0;
  order.forEach((o, r) => {
    if (o.y) {
      rankSum += r + 1;
      positives++;
    }
  });
  const negatives = order.length - positives;
  const auc = (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
  const byArticle = new Map<number, { gold: number; best: number; bestY: number }>();
  pairs.forEach((p, i) => {
    const a = byArticle.get(p.article) ?? { gold: 0, best: -Infinity, bestY: 0 };
    if (p.y) a.gold = 1;
    if (z[i]! > a.best) {
      a.best = z[i]!;
      a.bestY = p.y;
    }
    byArticle.set(p.article, a);
  });
  const withGold = [...byArticle.values()].filter((a) => a.gold);
  const r = (x: number): number => Math.round(x * 10000) / 10000;
  return { logLoss: r(loss / pairs.length), auc: r(auc), top1: r(withGold.filter((a) => a.bestY).length / withGold.length), goldArticles: withGold.length };
}

const all = FILES.flatMap((f, i) => pairsOf(f, i)).filter((p) => p.undated === undatedStudy);
const result: Record<string, unknown> = { pairs: all.length, positives: all.filter((p) => p.y).length };
for (const trainFold of [0, 1]) {
  const train = all.filter((p) => p.fold === trainFold);
  const test = all.filter((p) => p.fold !== trainFold);
  const name = undatedStudy ? `half${trainFold}→half${1 - trainFold}` : `${FILES[trainFold]!.split('_')[1]}→${FILES[1 - trainFold]!.split('_')[1]}`;
  const out: Record<string, unknown> = {};
  const base = fitLogistic(train);
  out.logistic = scores(test, test.map((p) => dot(base, p.x)));
  out.logisticOnTrain = scores(train, train.map((p) => dot(base, p.x)));
  for (const pair of PRODUCTS) {
    const w = fitLogistic(train.map((p) => ({ x: productsOf(p.x, [pair]), y: p.y })));
    out[`x ${pair.join('×')}`] = { ...scores(test, test.map((p) => dot(w, productsOf(p.x, [pair])))), weight: Math.round(w[w.length - 1]! * 100) / 100 };
  }
  const wAll = fitLogistic(train.map((p) => ({ x: productsOf(p.x, PRODUCTS), y: p.y })));
  out.allProducts = scores(test, test.map((p) => dot(wAll, productsOf(p.x, PRODUCTS))));
  const boosted = fitBoosted(train.map((p) => p.x), train.map((p) => p.y));
  const zOf = (x: number[]): number => boosted.trees.reduce<number>((s, t) => s + evalTree(t, x), boosted.base);
  out.boosted = scores(test, test.map((p) => zOf(p.x)));
  out.boostedOnTrain = scores(train, train.map((p) => zOf(p.x)));
  result[name] = out;
}
console.log(JSON.stringify(result, null, 1));
