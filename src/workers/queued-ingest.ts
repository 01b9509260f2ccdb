import { setTimeout as wait } from 'node:timers/promises';
import { siteChromeLinesOf } from '../document-extraction.js';
import { readInputFiles, type InputsToIngest } from '../pipeline.js';
import type { ArticleTarget } from '../sources/web-sources.js';
import type { IngestRunProgress, InputToQueue, Store } from '../store/index.js';
import type { InputJob, WorkQueue } from './work-queue.js';

/** Documents per job: enough to keep a worker's transaction worth its commit, few enough to spread a run over workers. */
export const DOCUMENTS_PER_JOB = 10;
/** Inputs written to the ledger per transaction while reading. */
const LEDGER_BATCH = 100;

export interface QueuedRun {
  runId: number;
  /** Inputs put in the ledger: documents read, URLs to fetch, and inputs that failed or were passed over as read. */
  queued: number;
  jobs: number;
}

/**
 * `storyline ingest` on PostgreSQL: reads the files (as one process would: the text dumps' site
 * chrome first, then every document in order), puts each document, and each URL to fetch, in a
 * new run's ledger in that order, and sends jobs for workers. Nothing is extracted or stored here.
 */
export async function queueIngestRun(
  inputs: Pick<InputsToIngest, 'paths' | 'urls' | 'maxDocumentBytes' | 'signal'>,
  store: Store,
  queue: WorkQueue,
  options: { description: string; onQueued?: (queued: number) => void },
): Promise<QueuedRun> {
  const runId = await store.startIngestRun(options.description);
  const run: QueuedRun = { runId, queued: 0, jobs: 0 };
  let pending: InputToQueue[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const ids = await store.queueInputs(runId, batch);
    const jobs: InputJob[] = [];
    let documents: number[] = [];
    batch.forEach((input, i) => {
      if (input.kind === 'document') documents.push(ids[i]!);
      else if (input.kind === 'url') jobs.push({ inputs: [ids[i]!] });
      if (documents.length >= DOCUMENTS_PER_JOB) {
        jobs.push({ inputs: documents });
        documents = [];
      }
    });
    if (documents.length > 0) jobs.push({ inputs: documents });
    await queue.send(jobs);
    run.queued += batch.length;
    run.jobs += jobs.length;
    options.onQueued?.(run.queued);
  };
  try {
    const files = await readInputFiles(inputs);
    for await (const event of files.events) {
      if (event.kind === 'document') {
        pending.push({ kind: 'document', document: event.document, ...(files.siteChrome ? { siteChrome: siteChromeLinesOf(event.document, files.siteChrome) } : {}) });
      } else {
        pending.push({ kind: event.kind === 'failure' ? 'failed' : 'skipped', origin: event.origin, reason: event.reason });
      }
      if (pending.length >= LEDGER_BATCH) await flush();
    }
    for (const url of inputs.urls) {
      if (inputs.signal?.aborted) break;
      pending.push({ kind: 'url', url });
    }
    await flush();
  } finally {
    // Even when reading stopped early: what is in the ledger is a run of its own, to be stored and placed.
    await store.finishQueueing(runId);
  }
  return run;
}

/**
 * `storyline watch` on PostgreSQL: the pages of each round's new feed items go into one ingest run
 * (begun with the round's first page), one job each, for workers to fetch as the items' articles.
 */
export function queueWatchRounds(store: Store, queue: WorkQueue): {
  /** Queues pages of the current round. */
  queuePages(pages: readonly ArticleTarget[]): Promise<void>;
  /** Ends the round: its run is complete and can be linked once settled. Returns its id, if it queued anything. */
  endRound(): Promise<number | null>;
} {
  let runId: number | null = null;
  return {
    async queuePages(pages) {
      if (pages.length === 0) return;
      runId ??= await store.startIngestRun(`watch round ${new Date().toISOString()}`);
      const ids = await store.queueInputs(runId, pages.map((p) => ({ kind: 'url' as const, url: p.url, ...(p.feedItem ? { feedItem: p.feedItem } : {}) })));
      await queue.send(ids.map((id) => ({ inputs: [id] })));
    },
    async endRound() {
      const ended = runId;
      runId = null;
      if (ended !== null) await store.finishQueueing(ended);
      return ended;
    },
  };
}

/** How long following a run rides out a store that cannot be reached (a database restart) before giving up. */
const MAX_OUTAGE_MS = 120_000;

/**
 * Follows a run until the linker has placed it (or `signal` aborts), reporting its progress every
 * `intervalMs`; returns the last progress read. A store that cannot be reached for a while (the
 * database restarting) is waited for, and reported through `onUnreachable`.
 */
export async function followIngestRun(
  store: Store,
  runId: number,
  options: { intervalMs?: number; signal?: AbortSignal; onProgress?: (progress: IngestRunProgress) => void; onUnreachable?: (error: Error) => void } = {},
): Promise<IngestRunProgress> {
  const intervalMs = options.intervalMs ?? 500;
  let unreachableSince: number | null = null;
  let last: IngestRunProgress | null = null;
  for (;;) {
    try {
      const progress = await store.ingestRunProgress(runId);
      if (!progress) throw new Error(`ingest run ${runId} is not in the store`);
      unreachableSince = null;
      last = progress;
      options.onProgress?.(progress);
      if (progress.linkedAt !== null) return progress;
    } catch (error) {
      if (/is not in the store/.test((error as Error).message)) throw error;
      unreachableSince ??= Date.now();
      if (Date.now() - unreachableSince > MAX_OUTAGE_MS) throw error;
      options.onUnreachable?.(error as Error);
    }
    if (options.signal?.aborted && last) return last;
    await wait(intervalMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
}
