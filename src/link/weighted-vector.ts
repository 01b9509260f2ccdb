/**
 * Sparse term vectors over hashed term ids (TermStatistics): ids sorted ascending in a typed
 * array with their weights beside them, and the Euclidean norm. Cosines are one merge pass over
 * two short arrays, and a vector costs 8 bytes a term instead of a Map entry.
 */
export interface WeightedVector {
  ids: Int32Array;
  weights: Float32Array;
  norm: number;
}

/** Positions per id in vectorOf's packed sort keys (vectors hold far fewer terms). */
const POSITIONS = 2 ** 21;

/**
 * The `limit` heaviest of `ids`/`weights` (parallel arrays, any order) as a vector (bounded memory
 * per article). Equal ids (hashed terms that collide) are merged.
 */
export function vectorOf(ids: ArrayLike<number>, weights: ArrayLike<number>, limit = Infinity): WeightedVector {
  const n = ids.length;
  // The weight a term needs to be kept: the limit-th largest (numeric typed-array sorts are native).
  let floor = -Infinity;
  if (n > limit) floor = Float64Array.from(weights).sort()[n - limit]!;
  // Kept terms sorted by id, packed as id·2^21 + position so one numeric sort orders them.
  const packed: number[] = [];
  for (let i = 0; i < n; i++) if (weights[i]! >= floor) packed.push(ids[i]! * POSITIONS + i);
  const order = Float64Array.from(packed).sort();
  const kept = Math.min(order.length, limit);
  const outIds = new Int32Array(kept);
  const outWeights = new Float32Array(kept);
  let m = 0;
  for (let k = 0; k < order.length && m <= kept; k++) {
    const i = order[k]! % POSITIONS;
    const id = ids[i]!;
    if (m > 0 && outIds[m - 1] === id) outWeights[m - 1]! += weights[i]!;
    else if (m < kept) {
      outIds[m] = id;
      outWeights[m++] = weights[i]!;
    }
  }
  let sum = 0;
  for (let i = 0; i < m; i++) sum += outWeights[i]! * outWeights[i]!;
  return { ids: m < kept ? outIds.slice(0, m) : outIds, weights: m < kept ? outWeights.slice(0, m) : outWeights, norm: Math.sqrt(sum) };
}

/** The same vector cut to its `limit` heaviest terms (compact copies of old stories). */
export function truncated(v: WeightedVector, limit: number): WeightedVector {
  return v.ids.length <= limit ? v : vectorOf(v.ids, v.weights, limit);
}

export function cosine(a: WeightedVector, b: WeightedVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) dot += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return dot / (a.norm * b.norm);
}

/**
 * `cosine(a, b)` and, in `rarest[0]`, the largest `score(id)` over the terms both hold, and in
 * `rarest[1]` how many of them score at least `rareFloor`, in one merge (the body comparison needs
 * all three, for every candidate).
 */
export function cosineAndRarest(a: WeightedVector, b: WeightedVector, score: (id: number) => number, rarest: Float64Array, rareFloor = Infinity): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let dot = 0;
  let best = 0;
  let rare = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) {
      dot += a.weights[i++]! * b.weights[j++]!;
      const s = score(x);
      if (s > best) best = s;
      if (s >= rareFloor) rare++;
    } else if (x < y) i++;
    else j++;
  }
  rarest[0] = best;
  rarest[1] = rare;
  return a.norm === 0 || b.norm === 0 ? 0 : dot / (a.norm * b.norm);
}
