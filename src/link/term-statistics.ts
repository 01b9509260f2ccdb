/**
 * Document frequencies learned from the stream itself, so term weights need no background
 * corpus and adapt to whatever the user ingests (any language, any beat).
 */
export class TermStatistics {
  private documents = 0;
  private readonly frequencies = new Map<string, number>();

  get documentCount(): number {
    return this.documents;
  }

  addDocument(terms: Iterable<string>): void {
    this.documents++;
    for (const t of terms) this.frequencies.set(t, (this.frequencies.get(t) ?? 0) + 1);
  }

  /** Smoothed inverse document frequency: rare terms weigh more; never below 1. */
  idf(term: string): number {
    const df = this.frequencies.get(term) ?? 0;
    return Math.log((this.documents + 1) / (df + 1)) + 1;
  }
}
