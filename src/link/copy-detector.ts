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
  /**
   * Fingerprints remembered (the most recent): copies are published close together, and this
   * keeps memory fixed on an endless stream (about 1 KB per fingerprint)...
   */
  capacity: 150_000,
  /** ...and none older than this many days behind the newest article, so memory follows the time window. */
  forgetDays: 90,
};

export type CopyKind = 'exact' | 'near' | 'containment' | 'syndicated';

/** Articles that were originals until a copy of them arrived that is earlier or more complete: they now copy it. */
export interface SupersededOriginal {
  /** The new original. */
  original: string;
  /** The former original first, then the copies that pointed at it, each with how it copies. */
  copies: { id: string; kind: CopyKind; similarity: number }[];
}

export interface CopyMatch {
  /** The earlier article it copies (the root original when copies chain). */
  original: string;
  kind: CopyKind;
  /** Estimated Jaccard similarity of the two texts' shingles (1 for exact copies). */
  similarity: number;
}

/** What copy detection needs of a text, computed apart from any state (so it can run in parallel). */
export interface TextFingerprint {
  /** Two 32-bit hashes of the whole word sequence and its length: equal only for the same text. */
  exact: string;
  /** MinHash signature over word shingles. */
  signature: Uint32Array;
  /** Distinct shingles in the text. */
  shingles: number;
}

interface Fingerprint extends TextFingerprint {
  id: string;
  outlet: string | null;
  /** The article this one copies, if any: copies point at the root original. */
  original: string | null;
  /** Its date, or the newest date seen when it arrived (undated), in days; null before any date. */
  day: number | null;
  /** Its own publication day, if known. */
  published: number | null;
  /** How it copies its original (for a copy). */
  kind: CopyKind | null;
  similarity: number;
}

/** Fingerprints in arrival order; `head` is the oldest still remembered (an index: forgetting costs no shift). */
interface ArrivalQueue {
  items: Fingerprint[];
  head: number;
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

/** The text's fingerprint: a pure function of its lower-cased words. */
export function fingerprintOf(bodyWords: readonly string[], k = COPY_KNOBS): TextFingerprint {
  // Each word is hashed once; a shingle's hash combines its words' hashes in order, and the exact
  // key two independent hashes of the whole word sequence (64 bits: no collisions at news scale).
  const wordHashes = bodyWords.map(fnv1a);
  let h1 = 0x9747b28c;
  let h2 = 0x2545f491;
  for (const w of wordHashes) {
    h1 = mix((Math.imul(h1, 0x01000193) ^ w) >>> 0);
    h2 = (Math.imul(h2 ^ w, 0x5bd1e995) + 0x6b43a9b5) >>> 0;
  }
  const exact = `${h1.toString(36)}.${h2.toString(36)}.${bodyWords.length}`;
  const hashes = new Set<number>();
  const width = Math.min(k.shingleWords, Math.max(1, bodyWords.length));
  for (let i = 0; i + width <= wordHashes.length; i++) {
    let h = 0;
    for (let j = i; j < i + width; j++) h = (Math.imul(h, 0x01000193) ^ wordHashes[j]!) >>> 0;
    hashes.add(h);
  }
  return { exact, signature: oneHashSignature(hashes, k.bands * k.rows), shingles: hashes.size };
}

export class CopyDetector {
  private readonly fingerprints = new Map<string, Fingerprint>();
  private readonly byExact = new Map<string, string>();
  /** Band hash → fingerprints with that band (numeric keys: a collision only adds a candidate, checked in full). */
  private readonly buckets = new Map<number, Fingerprint[]>();
  private readonly arrivals: ArrivalQueue = { items: [], head: 0 };
  private newestDay: number | null = null;
  /** Fingerprints that arrived before any date was seen: they take the first date that comes. */
  private waitingForDay: Fingerprint[] = [];
  /** Root original id → the copies pointing at it. */
  private readonly copiesOf = new Map<string, Fingerprint[]>();
  private superseded: SupersededOriginal[] = [];

  constructor(private readonly knobs = COPY_KNOBS) {}

  /** Compares the article (published on `day`, in days, if known) with those seen before, remembers it, and says what it copies (or null). */
  add(id: string, outlet: string | null, bodyWords: readonly string[] | TextFingerprint, day: number | null = null): CopyMatch | null {
    const k = this.knobs;
    const { exact, signature, shingles } = 'exact' in bodyWords ? bodyWords : fingerprintOf(bodyWords, k);
    if (day !== null && (this.newestDay === null || day > this.newestDay)) this.newestDay = day;
    const fingerprint: Fingerprint = { id, outlet, exact, signature, shingles, original: null, day: day ?? this.newestDay, published: day, kind: null, similarity: 1 };
    const match = shingles >= k.minShingles ? this.bestMatch(fingerprint) : null;
    const root = match ? this.fingerprints.get(match.original) : undefined;
    if (match && root && this.supersedes(fingerprint, root, match.kind)) {
      // The original is the earliest, most complete copy: the old one and its copies now copy this one.
      root.original = id;
      root.kind = match.kind;
      root.similarity = match.similarity;
      const copies = [root, ...(this.copiesOf.get(root.id) ?? [])];
      for (const c of copies) c.original = id;
      this.copiesOf.delete(root.id);
      this.copiesOf.set(id, copies);
      this.superseded.push({ original: id, copies: copies.map((c) => ({ id: c.id, kind: c.kind ?? match.kind, similarity: c.similarity })) });
      this.remember(fingerprint);
      return null;
    }
    if (match) {
      fingerprint.original = match.original;
      fingerprint.kind = match.kind;
      fingerprint.similarity = match.similarity;
      const copies = this.copiesOf.get(match.original);
      if (copies) copies.push(fingerprint);
      else this.copiesOf.set(match.original, [fingerprint]);
    }
    this.remember(fingerprint);
    return match;
  }

  /**
   * Whether a new copy should be the original instead: published on an earlier day, or, when the
   * days do not tell (the same day, or one side undated), holding more of the same outlet's text
   * (a clean article found after a page dump that lost a paragraph of it). Not for syndication: an
   * outlet that runs a wire story with a line of its own added has not written the original.
   */
  private supersedes(f: Fingerprint, root: Fingerprint, kind: CopyKind): boolean {
    const a = f.published === null ? null : Math.floor(f.published);
    const b = root.published === null ? null : Math.floor(root.published);
    if (a !== null && b !== null && a !== b) return a < b;
    return kind !== 'syndicated' && f.shingles > root.shingles;
  }

  /** The originals superseded since the last call, so callers can re-point what they recorded. */
  takeSuperseded(): SupersededOriginal[] {
    const out = this.superseded;
    this.superseded = [];
    return out;
  }

  /** Fingerprints remembered. */
  get size(): number {
    return this.arrivals.items.length - this.arrivals.head;
  }

  private bestMatch(f: Fingerprint): CopyMatch | null {
    const k = this.knobs;
    const exactId = this.byExact.get(f.exact);
    if (exactId) return this.matchOf(f, this.fingerprints.get(exactId)!, 'exact', 1);
    const seen = new Set<Fingerprint>();
    let best: CopyMatch | null = null;
    for (let b = 0; b < k.bands; b++) {
      for (const other of this.buckets.get(this.bandKey(f.signature, b)) ?? []) {
        if (seen.has(other)) continue;
        seen.add(other);
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

  private bandKey(signature: Uint32Array, band: number): number {
    const r = this.knobs.rows;
    let key = mix(band + 1);
    for (let j = band * r; j < (band + 1) * r; j++) key = mix((Math.imul(key, 0x01000193) ^ signature[j]!) >>> 0);
    return key;
  }

  private remember(f: Fingerprint): void {
    this.fingerprints.set(f.id, f);
    if (!this.byExact.has(f.exact)) this.byExact.set(f.exact, f.id);
    const queue = this.arrivals;
    queue.items.push(f);
    if (f.day === null) this.waitingForDay.push(f);
    else if (this.waitingForDay.length) {
      for (const w of this.waitingForDay) w.day = f.day;
      this.waitingForDay = [];
    }
    const horizon = this.newestDay === null ? -Infinity : this.newestDay - this.knobs.forgetDays;
    while (queue.head < queue.items.length) {
      const oldest = queue.items[queue.head]!;
      const expired = oldest.day !== null && oldest.day < horizon;
      if (!expired && queue.items.length - queue.head <= this.knobs.capacity) break;
      this.forget(oldest);
      queue.head++;
    }
    if (queue.head > 4096 && queue.head * 2 > queue.items.length) {
      queue.items = queue.items.slice(queue.head);
      queue.head = 0;
    }
    if (f.shingles < this.knobs.minShingles) return;
    for (let b = 0; b < this.knobs.bands; b++) {
      const key = this.bandKey(f.signature, b);
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(f);
      else this.buckets.set(key, [f]);
    }
  }

  /** Drops the oldest fingerprint; a later copy of it is then taken for an original. */
  private forget(f: Fingerprint): void {
    if (this.fingerprints.get(f.id) === f) this.fingerprints.delete(f.id);
    this.copiesOf.delete(f.id);
    if (this.byExact.get(f.exact) === f.id) this.byExact.delete(f.exact);
    if (f.shingles < this.knobs.minShingles) return;
    for (let b = 0; b < this.knobs.bands; b++) {
      const key = this.bandKey(f.signature, b);
      const bucket = this.buckets.get(key);
      if (!bucket) continue;
      const kept = bucket.filter((x) => x !== f);
      if (kept.length) this.buckets.set(key, kept);
      else this.buckets.delete(key);
    }
  }
}
