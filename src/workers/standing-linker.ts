import { setTimeout as wait } from 'node:timers/promises';
import { linkStoredArticles, resolveCorpusEntities, type KeptLinker } from '../pipeline.js';
import type { LinkerLease, Store } from '../store/index.js';

/** What the standing linker tells its worker. */
export type LinkerEvent =
  | { kind: 'lease-taken' }
  | { kind: 'linking'; runId: number }
  | { kind: 'linked'; runId: number; linked: number; newStories: number; seconds: number }
  | { kind: 'lease-lost'; reason: string };

export interface StandingLinkerOptions {
  signal: AbortSignal;
  /** How often to try for the lease, and to look for a run ready to link. */
  pollMs?: number;
  onEvent?: (event: LinkerEvent) => void;
}

/**
 * Every worker runs one; exactly one of them holds the linker lease at a time and places finished
 * ingest runs in the order they began, each run's articles as `ingest` on one machine would place
 * them. The others wait for the lease: when its holder dies, the next takes over from what is
 * stored (placements are written in batches; the ones not written are placed again). Returns when
 * `signal` is aborted, after the run in hand is placed.
 */
export async function runStandingLinker(store: Store, options: StandingLinkerOptions): Promise<void> {
  const pollMs = options.pollMs ?? 1000;
  const { signal } = options;
  let kept: KeptLinker | null = null;
  while (!signal.aborted) {
    let lease: LinkerLease | null = null;
    try {
      lease = await store.acquireLinkerLease();
    } catch (error) {
      options.onEvent?.({ kind: 'lease-lost', reason: `cannot reach the store: ${(error as Error).message}` });
    }
    if (!lease) {
      await pause(pollMs, signal);
      continue;
    }
    options.onEvent?.({ kind: 'lease-taken' });
    let lost: Error | null = null;
    void lease.lost.then((error) => (lost = error));
    try {
      while (!signal.aborted && !lost) {
        const next = await store.nextRunToLink();
        if (!next) {
          await Promise.race([pause(pollMs, signal), lease.lost]);
          continue;
        }
        options.onEvent?.({ kind: 'linking', runId: next.runId });
        const started = Date.now();
        const linking = await linkStoredArticles(store, { kept, runsUpTo: next.runId, lease });
        kept = linking.kept;
        await resolveCorpusEntities(store);
        await store.markRunLinked(next.runId, linking.linked, linking.newStories);
        options.onEvent?.({ kind: 'linked', runId: next.runId, linked: linking.linked, newStories: linking.newStories, seconds: (Date.now() - started) / 1000 });
      }
      if (lost) options.onEvent?.({ kind: 'lease-lost', reason: (lost as Error).message });
    } catch (error) {
      // The store went away mid-run (a restart): what was written stays, and the linker starts over from it.
      kept = null;
      options.onEvent?.({ kind: 'lease-lost', reason: (error as Error).message });
      await pause(pollMs, signal);
    } finally {
      await lease.release().catch(() => undefined);
    }
  }
}

/** Waits `ms`, or less when stopped. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => undefined);
}
