import { createHash } from 'node:crypto';

/**
 * Copies: the same text published twice. MinHash signatures over word shingles, found again
 * through locality-sensitive hashing, tell exact copies, near copies (small edits), containment
 * (one text inside a longer one, e.g. an article inside a whole-page dump) and syndication (the
 * same text under another outlet). Different reports of one event share too little running text
 * to trip it: that is what stories are for.
 */

export const COPY_KNOBS = {
  /** Words per shingle. */
  shingleWords: 5,
  /** MinHash values per signature = bands × rows (a power of two: one-permutation hashing splits the hash range into that many bins). */
  bands: 16,
  rows: 4,
  /** Estimated Jaccard similarity at or above which two texts are near copies. */
  nearJaccard: 0.8,
  /** Share of the shorter text's shingles found in the longer one for containment. */
  containment: 0.85,
  /** Texts with fewer shingles are too short to call copies of anything. */
  minShingles: 8,
};

export type CopyKind = 'exact' | 'near' | 'containment' | 'syndicated';

export interface CopyMatch {
  /** The earlier article it copies (the root original when copies chain). */
  original: string;
  kind: CopyKind;
  /** Estimated Jaccard similarity of the two texts' shingles (1 for exact copies). */
  similarity: number;
}

interface Fingerprint {
  id: string;
  outlet: string | null;
  exact: string;
  signature: Uint32Array;
  shingles: number;
  /** The article this one copies, if any: copies point at the root original. */
  original: string | null;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit mix (murmur3 finaliser): spreads FNV's weak low bits over the whole range. */
function mix(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * One-permutation MinHash (Li, Owen & Zhang 2012): one hash per shingle, the hash range split into
 * `size` bins, each bin keeping its minimum; empty bins borrow from the next filled bin (Shrivastava
 * & Li's densification). One pass instead of `size` hashes per shingle.
 */
function oneHashSignature(hashes: Iterable<number>, size: number): Uint32Array {
  const shift = 32 - Math.log2(size);
  const signature = new Uint32Array(size).fill(0xffffffff);
  const filled = new Uint8Array(size);
  for (const h of hashes) {
    const x = mix(h);
    const bin = x >>> shift;
    const value = (x << (32 - shift)) >>> (32 - shift);
    if (!filled[bin] || value < signature[bin]!) {
      signature[bin] = value;
      filled[bin] = 1;
    }
  }
  for (let i = 0; i < size; i++) {
    if (filled[i]) continue;
    for (let step = 1; step < size; step++) {
      const j = (i + step) % size;
      if (filled[j]) {
        // Offset by the distance so two texts borrowing different bins do not collide by accident.
        signature[i] = (signature[j]! + step * 0x9e3779b1) >>> 0;
        break;
      }
    }
  }
  return signature;
}

export class CopyDetector {
  private readonly fingerprints = new Map<string, Fingerprint>();
  private readonly byExact = new Map<string, string>();
  private readonly buckets = new Map<string, string[]>();

  constructor(private readonly knobs = COPY_KNOBS) {}

  /** Compares the article with those seen before, remembers it, and says what it copies (or null). */
  add(id: string, outlet: string | null, bodyWords: readonly string[]): CopyMatch | null {
    const k = this.knobs;
    const exact = createHash('sha1').update(bodyWords.join(' ')).digest('hex');
    // Each word is hashed once; a shingle's hash combines its words' hashes in order.
    const wordHashes = bodyWords.map(fnv1a);
    const hashes = new Set<number>();
    const width = Math.min(k.shingleWords, Math.max(1, bodyWords.length));
    for (let i = 0; i + width <= wordHashes.length; i++) {
      let h = 0;
      for (let j = i; j < i + width; j++) h = (Math.imul(h, 0x01000193) ^ wordHashes[j]!) >>> 0;
      hashes.add(h);
    }
    const signature = oneHashSignature(hashes, k.bands * k.rows);
    const fingerprint: Fingerprint = { id, outlet, exact, signature, shingles: hashes.size, original: null };
    const match = hashes.size >= k.minShingles ? this.bestMatch(fingerprint) : null;
    if (match) fingerprint.original = match.original;
    this.remember(fingerprint);
    return match;
  }

  private bestMatch(f: Fingerprint): CopyMatch | null {
    const k = this.knobs;
    const exactId = this.byExact.get(f.exact);
    if (exactId) return this.matchOf(f, this.fingerprints.get(exactId)!, 'exact', 1);
    const seen = new Set<string>();
    let best: CopyMatch | null = null;
    for (let b = 0; b < k.bands; b++) {
      for (const id of this.buckets.get(this.bandKey(f.signature, b)) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const other = this.fingerprints.get(id)!;
        let equal = 0;
        for (let j = 0; j < f.signature.length; j++) if (f.signature[j] === other.signature[j]) equal++;
        const jaccard = equal / f.signature.length;
        const smaller = Math.min(f.shingles, other.shingles);
        const contained = (jaccard * (f.shingles + other.shingles)) / ((1 + jaccard) * smaller);
        let kind: CopyKind | null = null;
        if (jaccard >= k.nearJaccard) kind = 'near';
        else if (contained >= k.containment) kind = 'containment';
        if (kind && (!best || jaccard > best.similarity)) best = this.matchOf(f, other, kind, jaccard);
      }
    }
    return best;
  }

  private matchOf(f: Fingerprint, other: Fingerprint, kind: CopyKind, similarity: number): CopyMatch {
    const syndicated = f.outlet !== null && other.outlet !== null && f.outlet.toLowerCase() !== other.outlet.toLowerCase();
    return { original: other.original ?? other.id, kind: syndicated ? 'syndicated' : kind, similarity: Math.round(similarity * 1000) / 1000 };
  }

  private bandKey(signature: Uint32Array, band: number): string {
    const r = this.knobs.rows;
    let key = `${band}:`;
    for (let j = band * r; j < (band + 1) * r; j++) key += `${signature[j]!.toString(36)}.`;
    return key;
  }

  private remember(f: Fingerprint): void {
    this.fingerprints.set(f.id, f);
    if (!this.byExact.has(f.exact)) this.byExact.set(f.exact, f.id);
    if (f.shingles < this.knobs.minShingles) return;
    for (let b = 0; b < this.knobs.bands; b++) {
      const key = this.bandKey(f.signature, b);
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(f.id);
      else this.buckets.set(key, [f.id]);
    }
  }
}
