import { knownSiteChrome } from '../document-extraction.js';
import { prepareDocument } from '../pipeline.js';
import { fetchArticlePages, readWebSources, type WebSourceOptions } from '../sources/web-sources.js';
import type { HandledFeedItem, QueuedInput, SaveResult, SettledInput, Store } from '../store/index.js';

/** What settling one job did, for the worker's log. */
export interface JobOutcome {
  /** Inputs settled by this job (an input settled before, by an earlier delivery of the job, is not counted). */
  settled: number;
  stored: number;
  newVersions: number;
  unchanged: number;
  failed: number;
  /** Time spent storing (the settling transaction, writer lock included), against time preparing (fetching, extracting, analysing). */
  storingSeconds: number;
  preparingSeconds: number;
}

/**
 * Does one job's work: each unsettled input of the job is fetched (URLs, following feeds and
 * sitemaps to their pages), extracted and analysed, then all of them are stored and marked settled
 * in one transaction. Bad inputs are settled as failed with their reason; only the store or the
 * network failing throws, and then nothing of the job is stored and it is tried again.
 */
export async function settleInputs(
  store: Store,
  ids: readonly number[],
  options: { web?: Omit<WebSourceOptions, 'storedUrls'> } = {},
): Promise<JobOutcome> {
  const started = performance.now();
  const inputs = await store.queuedInputs(ids);
  const settled: SettledInput[] = [];
  for (const input of inputs) settled.push(await settleInput(store, input, options.web));
  const prepared = performance.now();
  const results = await settleEach(store, settled);
  const seconds = (ms: number): number => Math.round(ms) / 1000;
  const outcome: JobOutcome = {
    settled: 0, stored: 0, newVersions: 0, unchanged: 0, failed: 0, storingSeconds: seconds(performance.now() - prepared), preparingSeconds: seconds(prepared - started),
  };
  settled.forEach((input, i) => {
    const saved = results[i];
    if (!saved) return; // settled by an earlier delivery of the job
    outcome.settled++;
    outcome.failed += input.failures.length;
    for (const r of saved) {
      if (r.outcome === 'stored') outcome.stored++;
      else if (r.outcome === 'new-version') outcome.newVersions++;
      else outcome.unchanged++;
    }
  });
  return outcome;
}

/**
 * Settles the job's inputs in one transaction. When the store refuses one of them for good (not
 * a lost connection: that fails the job, to be tried again), each is settled on its own and the
 * refused one as failed with the reason: a job that could never succeed must not hold up its run.
 */
async function settleEach(store: Store, settled: readonly SettledInput[]): Promise<(SaveResult[] | null)[]> {
  try {
    return await store.settleQueuedInputs(settled);
  } catch (error) {
    if (isConnectionFailure(error)) throw error;
  }
  const results: (SaveResult[] | null)[] = [];
  for (const input of settled) {
    try {
      results.push(...(await store.settleQueuedInputs([input])));
    } catch (error) {
      if (isConnectionFailure(error)) throw error;
      const origin = input.articles[0]?.document.origin ?? `queued input ${input.inputId}`;
      const refused = { ...input, articles: [], failures: [...input.failures, { origin, reason: `not stored: ${(error as Error).message}` }] };
      results.push(...(await store.settleQueuedInputs([refused])));
    }
  }
  return results;
}

async function settleInput(store: Store, input: QueuedInput, web: Omit<WebSourceOptions, 'storedUrls'> | undefined): Promise<SettledInput> {
  const result: SettledInput & { articles: SettledInput['articles'][number][]; failures: SettledInput['failures'][number][] } = {
    inputId: input.id, articles: [], failures: [], skipped: 0,
  };
  if (input.kind === 'document') {
    const prepared = prepareDocument(input.document, input.siteChrome ? knownSiteChrome(input.siteChrome) : undefined);
    if ('reason' in prepared) result.failures.push(prepared);
    else result.articles.push(prepared);
    return result;
  }
  if (!web) {
    result.failures.push({ origin: input.url, reason: 'this worker does not fetch URLs' });
    return result;
  }
  // A watched feed's item is fetched as its article page; any other URL may be a feed, a sitemap or a site.
  const events = input.feedItem
    ? fetchArticlePages([{ url: input.url, feedItem: input.feedItem }], { ...web, concurrency: 1 })
    : readWebSources([input.url], { ...web, storedUrls: (urls) => store.storedUrls(urls) });
  const handled: HandledFeedItem[] = [];
  let released = false;
  for await (const event of events) {
    if (event.kind !== 'document' && event.feedItemDone) handled.push({ ...event.feedItemDone, reason: event.reason });
    // A page that failed only for now: its item goes back to the feed, to be queued at the next poll.
    if (event.kind === 'failure' && !event.feedItemDone && input.feedItem) released = true;
    if (event.kind === 'document') {
      const prepared = prepareDocument(event.document);
      if ('reason' in prepared) result.failures.push(prepared);
      else result.articles.push(event.feedItem ? { ...prepared, feedItem: event.feedItem } : prepared);
    } else if (event.kind === 'failure') {
      result.failures.push({ origin: event.origin, reason: event.reason });
    } else {
      result.skipped++;
    }
  }
  return {
    ...result,
    ...(handled.length > 0 ? { handledFeedItems: handled } : {}),
    ...(released && input.feedItem ? { releasedFeedItems: [input.feedItem] } : {}),
  };
}

/** A lost or refused database connection (the server restarting or unreachable), as pg reports it. */
export function isConnectionFailure(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const code = (reason as { code?: unknown }).code;
  // SQLSTATE class 08 (connection exception) and 57P01-57P03 (shutdown, crash, cannot connect now).
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[123]$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(reason.message);
}
