/**
 * Clustering scores over the labelled items only: B-cubed precision/recall/F1 (item-averaged)
 * and pairwise precision/recall/F1, as the story targets define them.
 */
export interface ClusterScores {
  items: number;
  bcubed: { precision: number; recall: number; f1: number };
  pairwise: { precision: number; recall: number; f1: number };
}

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** `gold` and `predicted` map item id → cluster label; only items in `gold` are scored. */
export function scoreClusters(gold: Map<string, string>, predicted: Map<string, string>): ClusterScores {
  const goldSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const [id, g] of gold) {
    const p = predicted.get(id) ?? `missing:${id}`;
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    both.set(`${g}\u0000${p}`, (both.get(`${g}\u0000${p}`) ?? 0) + 1);
  }
  let bp = 0;
  let br = 0;
  for (const [id, g] of gold) {
    const p = predicted.get(id) ?? `missing:${id}`;
    const overlap = both.get(`${g}\u0000${p}`)!;
    bp += overlap / predSize.get(p)!;
    br += overlap / goldSize.get(g)!;
  }
  const n = gold.size;
  const pairs = (k: number): number => (k * (k - 1)) / 2;
  let truePairs = 0;
  for (const c of both.values()) truePairs += pairs(c);
  let predPairs = 0;
  for (const c of predSize.values()) predPairs += pairs(c);
  let goldPairs = 0;
  for (const c of goldSize.values()) goldPairs += pairs(c);
  const pp = predPairs ? truePairs / predPairs : 1;
  const pr = goldPairs ? truePairs / goldPairs : 1;
  return {
    items: n,
    bcubed: { precision: round(bp / n), recall: round(br / n), f1: round(f1(bp / n, br / n)) },
    pairwise: { precision: round(pp), recall: round(pr), f1: round(f1(pp, pr)) },
  };
}
