import { ingestSources, placeStoredArticles, type IngestTally, type KeptLinker } from './pipeline.js';
import { FeedError, parseFeed } from './sources/feeds.js';
import type { SourceEvent } from './sources/source-events.js';
import type { WarcArchive } from './sources/warc-archive.js';
import { FetchError, type WebFetcher } from './sources/web-fetcher.js';
import { webResourceKind } from './sources/web-resource-kind.js';
import { feedTargets, fetchArticlePages, type ArticleTarget } from './sources/web-sources.js';
import type { FeedSubscription, HandledFeedItem, Store } from './store/store.js';

/**
 * Watching feeds: each watched feed is polled when due (conditional GET with the validators from
 * its last full response), its items not handled before are fetched and stored, each article in
 * the same transaction that marks its item handled. A watch killed at any moment therefore
 * fetches no stored item again and misses none: an item is handled exactly when its article is
 * stored (or it failed for good). The feed's new validators are kept only after all its items
 * were handled, so an interrupted poll is repeated in full next time.
 */

/** Default time between polls of one feed. */
export const DEFAULT_FEED_INTERVAL_SECONDS = 15 * 60;
/** Shortest interval accepted: more often than this a feed's server sees a pest, not a reader. */
export const MIN_FEED_INTERVAL_SECONDS = 60;
/** Longest wait after repeated failures (interval doubles per failure up to this). */
const MAX_BACKOFF_SECONDS = 24 * 3600;
/** How long the watcher sleeps at most before looking at the feed list again (feeds may be added meanwhile). */
const MAX_IDLE_MS = 60_000;

export type FeedPollOutcome =
  | { kind: 'not-modified' }
  | { kind: 'polled'; items: number; newItems: number; stored: number; failed: number; /** Pages handed to workers. */ queued?: number; warning?: string }
  | { kind: 'failed'; reason: string };

export type WatchEvent =
  | { kind: 'poll-start'; feed: string }
  | { kind: 'poll-end'; feed: string; outcome: FeedPollOutcome; nextCheckAt: string }
  | { kind: 'article'; feed: string; tally: Readonly<IngestTally>; current: string | null }
  | { kind: 'linked'; linked: number; newStories: number }
  | { kind: 'idle'; until: string };

export interface WatchOptions {
  fetcher: WebFetcher;
  archive?: WarcArchive;
  /** Stops the watch: the item being stored is finished, nothing new is started. */
  signal?: AbortSignal;
  /** Poll every due feed once, then return. */
  once?: boolean;
  onEvent?: (event: WatchEvent) => void;
  /**
   * On PostgreSQL with workers: new items' pages are handed to this (to queue for workers) instead
   * of being fetched here; it returns once they are queued. Workers store them and place them.
   */
  queuePages?: (pages: readonly ArticleTarget[]) => Promise<void>;
  /** Called at the end of each round in which pages were queued: the round's ingest is complete. */
  roundQueued?: () => Promise<void>;
}

export interface WatchSummary {
  polls: number;
  notModified: number;
  failedPolls: number;
  newItems: number;
  stored: number;
  failed: number;
  linked: number;
  newStories: number;
}

/** Polls the store's watched feeds until stopped (or once). */
export async function watchFeeds(store: Store, options: WatchOptions): Promise<WatchSummary> {
  const summary: WatchSummary = { polls: 0, notModified: 0, failedPolls: 0, newItems: 0, stored: 0, failed: 0, linked: 0, newStories: 0 };
  const stopped = (): boolean => options.signal?.aborted === true;
  let kept: KeptLinker | null = null;
  for (;;) {
    const now = Date.now();
    const feeds = await store.listFeeds();
    const due = feeds.filter((f) => f.nextCheckAt === null || Date.parse(f.nextCheckAt) <= now);
    let storedThisRound = 0;
    for (const feed of due) {
      if (stopped()) break;
      options.onEvent?.({ kind: 'poll-start', feed: feed.url });
      const { outcome, nextCheckAt } = await pollFeed(store, feed, options);
      summary.polls++;
      if (outcome.kind === 'not-modified') summary.notModified++;
      else if (outcome.kind === 'failed') summary.failedPolls++;
      else {
        summary.newItems += outcome.newItems;
        summary.stored += outcome.stored;
        summary.failed += outcome.failed;
        storedThisRound += outcome.stored;
      }
      options.onEvent?.({ kind: 'poll-end', feed: feed.url, outcome, nextCheckAt });
    }
    if (options.queuePages) await options.roundQueued?.();
    else if (storedThisRound > 0) {
      const linking = await placeStoredArticles(store, { kept, entitiesChanged: true });
      kept = linking.kept;
      summary.linked += linking.linked;
      summary.newStories += linking.newStories;
      if (linking.linked > 0) options.onEvent?.({ kind: 'linked', linked: linking.linked, newStories: linking.newStories });
    }
    if (options.once || stopped()) return summary;

    const after = await store.listFeeds();
    const nextDue = Math.min(...after.map((f) => (f.nextCheckAt === null ? Date.now() : Date.parse(f.nextCheckAt))), Date.now() + MAX_IDLE_MS);
    const wait = Math.max(0, nextDue - Date.now());
    options.onEvent?.({ kind: 'idle', until: new Date(Date.now() + wait).toISOString() });
    await sleep(wait, options.signal);
    if (stopped()) return summary;
  }
}

/** Polls one feed now and stores its new items. Never throws for a feed's own failures: they are its outcome. */
export async function pollFeed(store: Store, feed: FeedSubscription, options: WatchOptions): Promise<{ outcome: FeedPollOutcome; nextCheckAt: string }> {
  const checkedAt = new Date();
  const failed = async (reason: string) => {
    const backoff = Math.min(MAX_BACKOFF_SECONDS, feed.intervalSeconds * 2 ** Math.min(10, feed.consecutiveFailures + 1));
    const nextCheckAt = new Date(checkedAt.getTime() + backoff * 1000).toISOString();
    await store.recordFeedCheck(feed.url, { checkedAt: checkedAt.toISOString(), nextCheckAt, error: reason });
    return { outcome: { kind: 'failed', reason } as const, nextCheckAt };
  };
  const nextCheckAt = new Date(checkedAt.getTime() + feed.intervalSeconds * 1000).toISOString();

  let resource;
  try {
    resource = await options.fetcher.fetch({ url: feed.url, etag: feed.etag, lastModified: feed.lastModified });
  } catch (e) {
    return failed(e instanceof FetchError ? e.message : `fetch failed: ${(e as Error).message}`);
  }
  if (resource.notModified) {
    await store.recordFeedCheck(feed.url, { checkedAt: checkedAt.toISOString(), nextCheckAt, error: null });
    return { outcome: { kind: 'not-modified' }, nextCheckAt };
  }
  if (webResourceKind(resource.body, resource.contentType, resource.url) !== 'feed') {
    return failed(`${feed.url}: not a feed (served as ${resource.contentType ?? 'no content type'})`);
  }
  let parsed;
  try {
    parsed = parseFeed(resource.body, resource.url, resource.charset);
  } catch (e) {
    return failed(e instanceof FeedError ? e.message : `${feed.url}: unreadable feed: ${(e as Error).message}`);
  }

  const items = feedTargets(parsed, feed.url);
  const handled = await store.handledFeedItems(feed.url, items.map((i) => i.itemId));
  const fresh = items.filter((i) => !handled.has(i.itemId));
  const done: HandledFeedItem[] = [];
  const candidates: (ArticleTarget & { itemId: string })[] = [];
  for (const item of fresh) {
    if (item.url === null || !/^https?:\/\//i.test(item.url)) {
      done.push({ feedUrl: feed.url, itemId: item.itemId, articleUrl: item.url, outcome: 'skipped', reason: 'the item has no web link' });
    } else {
      candidates.push({ url: item.url, itemId: item.itemId, feedItem: { feedUrl: feed.url, itemId: item.itemId } });
    }
  }
  // An article another feed (or an earlier ingest) brought in is not fetched again.
  const known = await store.storedUrls(candidates.map((c) => c.url));
  const toFetch: ArticleTarget[] = [];
  const queued = new Set<string>();
  for (const c of candidates) {
    if (known.has(c.url) || queued.has(c.url)) {
      done.push({ feedUrl: feed.url, itemId: c.itemId, articleUrl: c.url, outcome: 'known', reason: null });
    } else {
      queued.add(c.url);
      toFetch.push(c);
    }
  }
  await store.recordFeedItems(done);

  if (options.queuePages) {
    await options.queuePages(toFetch);
    // Queued first, then recorded: a watcher killed in between queues the pages again next time rather than never.
    await store.recordFeedItems(toFetch.map((t) => ({ feedUrl: feed.url, itemId: t.feedItem!.itemId, articleUrl: t.url, outcome: 'queued' as const, reason: null })));
    const outcome: FeedPollOutcome = { kind: 'polled', items: items.length, newItems: fresh.length, stored: 0, failed: 0, queued: toFetch.length, ...(parsed.warning ? { warning: parsed.warning } : {}) };
    await store.recordFeedCheck(feed.url, { checkedAt: checkedAt.toISOString(), nextCheckAt, etag: resource.etag, lastModified: resource.lastModified, title: parsed.title, error: null });
    return { outcome, nextCheckAt };
  }

  let passingFailures = 0;
  const pages = countPassingFailures(fetchArticlePages(toFetch, { fetcher: options.fetcher, archive: options.archive, signal: options.signal, concurrency: 1 }), () => passingFailures++);
  const tally = await ingestSources(pages, store, {
    batchSize: 1,
    link: false,
    onProgress: (t, current) => options.onEvent?.({ kind: 'article', feed: feed.url, tally: t, current }),
  });
  const outcome: FeedPollOutcome = {
    kind: 'polled', items: items.length, newItems: fresh.length, stored: tally.stored + tally.newVersions, failed: tally.failed,
    ...(parsed.warning ? { warning: parsed.warning } : {}),
  };
  if (options.signal?.aborted || passingFailures > 0) {
    // Items are left to fetch: keep the old validators so the next poll reads the whole feed
    // again instead of hearing "not modified"; an interrupted poll is due again at once.
    const next = options.signal?.aborted ? checkedAt.toISOString() : nextCheckAt;
    await store.recordFeedCheck(feed.url, { checkedAt: checkedAt.toISOString(), nextCheckAt: next, error: null, title: parsed.title });
    return { outcome, nextCheckAt: next };
  }
  // Never sooner than the publisher says the feed changes (within a day).
  const publisherSeconds = Math.min(parsed.updateSeconds ?? 0, MAX_BACKOFF_SECONDS);
  const politeNext = publisherSeconds > feed.intervalSeconds ? new Date(checkedAt.getTime() + publisherSeconds * 1000).toISOString() : nextCheckAt;
  await store.recordFeedCheck(feed.url, {
    checkedAt: checkedAt.toISOString(),
    nextCheckAt: politeNext,
    etag: resource.etag,
    lastModified: resource.lastModified,
    title: parsed.title,
    error: null,
  });
  return { outcome, nextCheckAt: politeNext };
}

/** Passes events through, counting failures that leave their item to be tried again. */
async function* countPassingFailures(events: AsyncIterable<SourceEvent>, onPassing: () => void): AsyncIterable<SourceEvent> {
  for await (const event of events) {
    if (event.kind === 'failure' && !event.feedItemDone) onPassing();
    yield event;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
