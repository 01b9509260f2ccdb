/**
 * What an outlet prints around every article (newsletter sign-ups, "write to … at …@…" lines,
 * share prompts) and extraction sometimes leaves in the text. Two articles from one outlet then
 * share dozens of rare words whatever their events, so such words must not count as evidence that
 * they report the same one. A word is the outlet's boilerplate when a large share of the outlet's
 * articles hold it, far more than of the whole stream's. Counts are hashed (a count-min sketch:
 * the smaller of two buckets, so a small outlet's word sharing a bucket with a big outlet's
 * common word is not taken for boilerplate), so memory stays fixed however many outlets and words
 * arrive.
 */

export const BOILERPLATE_KNOBS = {
  /** Articles an outlet needs before any of its words is judged. */
  minArticles: 12,
  /** Share of the outlet's articles that must hold the word... */
  outletShare: 0.5,
  /** ...and how many times its share of the whole stream's. */
  overStream: 5,
};

export class OutletBoilerplate {
  private readonly counts: Int32Array;
  private readonly mask: number;
  private readonly articles = new Map<string, number>();

  /** `bits`: log2 of the number of (outlet, word) buckets (2^21: 8 MB). */
  constructor(bits = 21, private readonly knobs = BOILERPLATE_KNOBS) {
    this.counts = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
  }

  /** Counts one article of `outlet` holding these distinct word ids. */
  addArticle(outlet: string, ids: Iterable<number>): void {
    this.articles.set(outlet, (this.articles.get(outlet) ?? 0) + 1);
    const salt = saltOf(outlet);
    for (const id of ids) {
      this.counts[bucket(salt, id) & this.mask]!++;
      this.counts[bucket(~salt, id) & this.mask]!++;
    }
  }

  /**
   * A test for one outlet's boilerplate, given each word's share of the whole stream's articles;
   * null while the outlet has too few articles to tell.
   */
  judge(outlet: string | null, streamShare: (id: number) => number): ((id: number) => boolean) | null {
    if (outlet === null) return null;
    const n = this.articles.get(outlet) ?? 0;
    if (n < this.knobs.minArticles) return null;
    const salt = saltOf(outlet);
    const { outletShare, overStream } = this.knobs;
    return (id) => {
      const share = Math.min(this.counts[bucket(salt, id) & this.mask]!, this.counts[bucket(~salt, id) & this.mask]!) / n;
      return share >= outletShare && share >= overStream * streamShare(id);
    };
  }
}

function saltOf(outlet: string): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < outlet.length; i++) h = Math.imul(h ^ outlet.charCodeAt(i), 0x85ebca6b);
  return h;
}

function bucket(salt: number, id: number): number {
  let h = Math.imul(salt ^ id, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  h ^= h >>> 13;
  return h >>> 0;
}
