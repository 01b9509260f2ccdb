/**
 * Document frequencies learned from the stream itself, so term weights need no background
 * corpus and adapt to whatever the user ingests (any language, any beat). Terms are hashed to
 * integer ids (the hashing trick) rather than interned: memory stays fixed however large the
 * vocabulary grows (phrases alone run to millions), and a rare collision only blurs two rare terms.
 */
export class TermStatistics {
  private documents = 0;
  private readonly frequencies: Int32Array;
  private readonly mask: number;

  /** `bits`: log2 of the number of hash buckets (2^22 buckets = 16 MB). */
  constructor(bits = 22) {
    this.frequencies = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
  }

  get documentCount(): number {
    return this.documents;
  }

  /** The term's id: its hash bucket. */
  idOf(term: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return (h >>> 0) & this.mask;
  }

  /** Counts one document holding these distinct terms' ids (two colliding terms count twice: harmless). */
  addDocument(ids: Iterable<number>): void {
    this.documents++;
    for (const id of ids) this.frequencies[id]!++;
  }

  /** Share of the documents seen that hold the term. */
  share(id: number): number {
    return this.documents === 0 ? 0 : (this.frequencies[id] ?? 0) / this.documents;
  }

  /** Smoothed inverse document frequency: rare terms weigh more; never below 1. */
  idf(id: number): number {
    return Math.log((this.documents + 1) / ((this.frequencies[id] ?? 0) + 1)) + 1;
  }
}
