import { knownSiteChrome } from '../document-extraction.js';
import { prepareDocument } from '../pipeline.js';
import { readWebSources, type WebSourceOptions } from '../sources/web-sources.js';
import type { QueuedInput, SettledInput, Store } from '../store/index.js';

/** What settling one job did, for the worker's log. */
export interface JobOutcome {
  /** Inputs settled by this job (an input settled before, by an earlier delivery of the job, is not counted). */
  settled: number;
  stored: number;
  newVersions: number;
  unchanged: number;
  failed: number;
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
  const inputs = await store.queuedInputs(ids);
  const settled: SettledInput[] = [];
  for (const input of inputs) settled.push(await settleInput(store, input, options.web));
  const results = await store.settleQueuedInputs(settled);
  const outcome: JobOutcome = { settled: 0, stored: 0, newVersions: 0, unchanged: 0, failed: 0 };
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
  for await (const event of readWebSources([input.url], { ...web, storedUrls: (urls) => store.storedUrls(urls) })) {
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
  return result;
}
