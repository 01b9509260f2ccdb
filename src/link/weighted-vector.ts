/** Sparse term vectors: term → weight, with their Euclidean norm kept beside them. */
export interface WeightedVector {
  weights: Map<string, number>;
  norm: number;
}

export function vectorOf(weights: Map<string, number>): WeightedVector {
  let sum = 0;
  for (const w of weights.values()) sum += w * w;
  return { weights, norm: Math.sqrt(sum) };
}

/** Keeps the `limit` heaviest terms (bounded memory per article and per story). */
export function topTerms(weights: Map<string, number>, limit: number): Map<string, number> {
  if (weights.size <= limit) return weights;
  return new Map([...weights].sort((a, b) => b[1] - a[1]).slice(0, limit));
}

export function cosine(a: WeightedVector, b: WeightedVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small.weights) {
    const v = large.weights.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot / (a.norm * b.norm);
}
