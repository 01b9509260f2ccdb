import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareLine, type ArticleLine, type PreparedLine } from './article-lines.js';

/**
 * Reads and prepares lines of articles for linking (parsing, profile and fingerprint: pure, and
 * about half the work) in worker threads while the linker, which must place articles one by one,
 * works on earlier ones. Batches come back in the order they were sent. With no spare processor
 * it prepares in the caller's thread.
 */
export class ArticlePreparation {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (p: PreparedLine[]) => void; reject: (e: Error) => void }>();
  private sent = 0;
  private failure: Error | null = null;
  private closing = false;

  /** `threads`: worker threads (default: one per processor but the one the linker uses). */
  constructor(threads = Math.max(0, availableParallelism() - 1)) {
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(new URL('./preparation-worker.js', import.meta.url));
      worker.on('message', ({ batch, prepared }: { batch: number; prepared: PreparedLine[] }) => {
        this.waiting.get(batch)?.resolve(prepared);
        this.waiting.delete(batch);
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`an article preparation thread stopped (exit code ${code})`));
      });
      this.workers.push(worker);
    }
  }

  /** The batch's lines read and prepared, in order. */
  prepare(lines: ArticleLine[]): Promise<PreparedLine[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.workers.length === 0) return Promise.resolve(lines.map(prepareLine));
    const batch = this.sent++;
    return new Promise((resolve, reject) => {
      this.waiting.set(batch, { resolve, reject });
      this.workers[batch % this.workers.length]!.postMessage({ batch, lines });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const { reject } of this.waiting.values()) reject(this.failure);
    this.waiting.clear();
  }
}
