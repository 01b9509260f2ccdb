/**
 * L2-penalised logistic regression by Newton–Raphson, for the bench tools that fit the story and
 * citation models: their features are few and collinear, so the penalty keeps the weights sane.
 */

export interface Sample {
  x: number[];
  y: number;
}

/** Weights for `samples` (x[0] is the intercept's 1, left unpenalised). */
export function fitLogistic(samples: readonly Sample[], ridge = 1, iterations = 30): number[] {
  const d = samples[0]!.x.length;
  const w = new Array<number>(d).fill(0);
  for (let iter = 0; iter < iterations; iter++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const { x, y } of samples) {
      let z = 0;
      for (let i = 0; i < d; i++) z += w[i]! * x[i]!;
      const p = 1 / (1 + Math.exp(-z));
      for (let i = 0; i < d; i++) {
        g[i]! += (p - y) * x[i]!;
        for (let j = 0; j < d; j++) h[i]![j]! += p * (1 - p) * x[i]! * x[j]!;
      }
    }
    for (let i = 1; i < d; i++) {
      g[i]! += ridge * w[i]!;
      h[i]![i]! += ridge;
    }
    for (let i = 0; i < d; i++) h[i]![i]! += 1e-9;
    const step = solve(h, g);
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i]! -= step[i]!;
      change = Math.max(change, Math.abs(step[i]!));
    }
    if (change < 1e-6) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
