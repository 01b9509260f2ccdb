import { documentOf } from '../model/document.js';
import { decodeBytes } from '../extract/decode.js';
import { instantOf } from '../text/dates.js';
import { FeedError, feedLinksInPage, parseFeed, type Feed } from './feeds.js';
import { SitemapError, parseSitemap, type SitemapEntry } from './sitemaps.js';
import { pageContentType, type FeedItemRef, type SourceEvent } from './source-events.js';
import type { WarcArchive } from './warc-archive.js';
import { FetchError, type FetchedResource, type WebFetcher } from './web-fetcher.js';
import { webResourceKind } from './web-resource-kind.js';

/**
 * URLs → Documents. Each URL given is fetched once and looked at: an article page is a document;
 * a feed or a sitemap is followed to the article pages it lists (a sitemap index to its
 * sitemaps); a site's front page to the feeds it advertises, else to its robots.txt sitemaps. Pages already stored are not fetched again. Every failure becomes an event naming
 * the URL; the crawl goes on.
 */

/** Article pages fetched at once across hosts (the fetcher still keeps one request per host). */
const DEFAULT_CONCURRENCY = 4;
/** Sitemap indexes nest; past this depth a loop or a runaway generator is more likely than news. */
const MAX_SITEMAP_DEPTH = 3;
/** Sitemaps followed from one index at most. */
const MAX_SITEMAPS_PER_INDEX = 1000;

export interface WebSourceOptions {
  fetcher: WebFetcher;
  /** Which of these URLs already have a stored document: they are not fetched again unless `refetch`. */
  storedUrls?: (urls: readonly string[]) => Promise<Set<string>>;
  refetch?: boolean;
  /** At most this many articles from each feed or sitemap (the newest, where entries are dated). */
  maxArticles?: number;
  /** Only feed items and sitemap entries dated at or after this instant (ms); undated ones are kept. */
  since?: number;
  /** Every fetched article page is also written here. */
  archive?: WarcArchive;
  /** Article pages in flight at once. */
  concurrency?: number;
  /** Once aborted, no new page is fetched; pages in flight finish. */
  signal?: AbortSignal;
  /** A feed or sitemap that was read only in part (broken XML, too many entries): why. */
  onWarning?: (url: string, message: string) => void;
  /** Tells what a URL turned out to be and how many article links it gave. */
  onDiscovered?: (url: string, kind: 'page' | 'feed' | 'sitemap' | 'site', count: number) => void;
}

/** A page to fetch as an article, and where it was listed. */
export interface ArticleTarget {
  url: string;
  feedItem?: FeedItemRef;
}

const HTTP_URL = /^https?:\/\//i;

/** True when an input names a web resource rather than a file. */
export function isWebUrl(input: string): boolean {
  return HTTP_URL.test(input);
}

/** Reads each URL and what it leads to, as source events. */
export async function* readWebSources(urls: readonly string[], options: WebSourceOptions): AsyncIterable<SourceEvent> {
  for (const url of urls) {
    if (options.signal?.aborted) return;
    yield* readWebSource(url, options, 0);
  }
}

async function* readWebSource(url: string, options: WebSourceOptions, depth: number): AsyncIterable<SourceEvent> {
  let resource: FetchedResource;
  try {
    resource = await options.fetcher.fetch(url);
  } catch (e) {
    yield { kind: 'failure', origin: url, reason: fetchFailureReason(e) };
    return;
  }
  const kind = webResourceKind(resource.body, resource.contentType, resource.url);
  if (kind === 'page') {
    if (depth === 0 && isSiteRoot(resource.url)) {
      // A site's front page is not an article: what the user wants is its news.
      const leads = await siteNewsSources(resource, options);
      if (leads.length > 0) {
        options.onDiscovered?.(url, 'site', leads.length);
        for (const lead of leads) {
          if (options.signal?.aborted) return;
          yield* readWebSource(lead, options, depth + 1);
        }
        return;
      }
    }
    options.onDiscovered?.(url, 'page', 1);
    yield await pageEvent(url, resource, options);
    return;
  }
  if (kind === 'feed') {
    let feed: Feed;
    try {
      feed = parseFeed(resource.body, resource.url, resource.charset);
    } catch (e) {
      yield { kind: 'failure', origin: url, reason: e instanceof FeedError ? e.message : `unreadable feed: ${(e as Error).message}` };
      return;
    }
    if (feed.warning) options.onWarning?.(url, feed.warning);
    const { fresh, stored } = await newTargets(feedTargets(feed, url, options), options);
    options.onDiscovered?.(url, 'feed', fresh.length);
    yield* alreadyStored(stored);
    yield* fetchArticlePages(fresh, options);
    return;
  }
  if (kind === 'sitemap') {
    let sitemap: ReturnType<typeof parseSitemap>;
    try {
      sitemap = parseSitemap(resource.body, resource.url);
    } catch (e) {
      yield { kind: 'failure', origin: url, reason: e instanceof SitemapError ? e.message : `unreadable sitemap: ${(e as Error).message}` };
      return;
    }
    if (sitemap.warning) options.onWarning?.(url, sitemap.warning);
    if (sitemap.truncated) options.onWarning?.(url, 'more entries than a sitemap may hold: the rest were not read');
    if (sitemap.kind === 'index') {
      if (depth >= MAX_SITEMAP_DEPTH) {
        yield { kind: 'failure', origin: url, reason: `sitemap index nested more than ${MAX_SITEMAP_DEPTH} deep: not followed` };
        return;
      }
      const children = newestFirst(sitemap.entries, options.since).slice(0, MAX_SITEMAPS_PER_INDEX);
      options.onDiscovered?.(url, 'sitemap', 0);
      for (const child of children) {
        if (options.signal?.aborted) return;
        yield* readWebSource(child.url, options, depth + 1);
      }
      return;
    }
    const entries = newestFirst(sitemap.entries, options.since);
    const { fresh, stored } = await newTargets(entries.map((e) => ({ url: e.url })), options);
    options.onDiscovered?.(url, 'sitemap', fresh.length);
    yield* alreadyStored(stored);
    yield* fetchArticlePages(fresh, options);
    return;
  }
  yield {
    kind: 'failure',
    origin: url,
    reason: `not an article page, feed or sitemap (served as ${resource.contentType ?? 'no content type'})`,
  };
}

function isSiteRoot(url: string): boolean {
  const { pathname, search } = new URL(url);
  return (pathname === '/' || pathname === '') && search === '';
}

/** The feeds a front page advertises, else the sitemaps its robots.txt lists. */
async function siteNewsSources(page: FetchedResource, options: WebSourceOptions): Promise<string[]> {
  const html = decodeBytes(page.body, { declaredCharset: page.charset, html: true }).text;
  const feeds = feedLinksInPage(html, page.url);
  if (feeds.length > 0) return feeds;
  return options.fetcher.sitemapsFor(page.url);
}

/** A feed's items as article targets, in feed order, dated ones before `since` left out. */
export function feedTargets(feed: Feed, feedUrl: string, options: Pick<WebSourceOptions, 'since'> = {}): { url: string | null; itemId: string; feedItem: FeedItemRef }[] {
  return feed.items
    .filter((item) => options.since === undefined || !item.published || !((instantOf(item.published) ?? NaN) < options.since))
    .map((item) => ({ url: item.url, itemId: item.id, feedItem: { feedUrl, itemId: item.id } }));
}

/** Targets with a URL not yet stored (all of them with `refetch`), each URL once, capped at `maxArticles`; and the stored ones. */
async function newTargets(targets: readonly { url: string | null; feedItem?: FeedItemRef }[], options: WebSourceOptions): Promise<{ fresh: ArticleTarget[]; stored: string[] }> {
  const seen = new Set<string>();
  const unique: ArticleTarget[] = [];
  for (const t of targets) {
    if (t.url === null || !HTTP_URL.test(t.url) || seen.has(t.url)) continue;
    seen.add(t.url);
    unique.push({ url: t.url, ...(t.feedItem ? { feedItem: t.feedItem } : {}) });
  }
  const stored = options.refetch || !options.storedUrls ? new Set<string>() : await options.storedUrls(unique.map((t) => t.url));
  const fresh = unique.filter((t) => !stored.has(t.url));
  return { fresh: options.maxArticles !== undefined ? fresh.slice(0, options.maxArticles) : fresh, stored: [...stored] };
}

function* alreadyStored(urls: readonly string[]): Iterable<SourceEvent> {
  for (const url of urls) yield { kind: 'skipped', origin: url, reason: 'already stored (--refetch fetches it again)' };
}

/** Sitemap entries dated at or after `since`, newest first, undated ones after in their order. */
function newestFirst(entries: readonly SitemapEntry[], since: number | undefined): SitemapEntry[] {
  const dated: { entry: SitemapEntry; at: number }[] = [];
  const undated: SitemapEntry[] = [];
  for (const entry of entries) {
    const when = entry.newsPublished ?? entry.lastModified;
    const at = when ? (instantOf(when) ?? NaN) : NaN;
    if (Number.isNaN(at)) undated.push(entry);
    else if (since === undefined || at >= since) dated.push({ entry, at });
  }
  dated.sort((a, b) => b.at - a.at);
  return [...dated.map((d) => d.entry), ...undated];
}

/**
 * Fetches article pages, several hosts at once, yielding each as it arrives. A failure that will
 * not go away by asking again (gone, forbidden, refused) marks its feed item done; a passing one
 * (timeout, 503) leaves it to be tried on the next poll.
 */
export async function* fetchArticlePages(targets: readonly ArticleTarget[], options: WebSourceOptions): AsyncIterable<SourceEvent> {
  yield* inPool(targets, options.concurrency ?? DEFAULT_CONCURRENCY, options.signal, async (target): Promise<SourceEvent> => {
    try {
      const resource = await options.fetcher.fetch(target.url);
      const kind = webResourceKind(resource.body, resource.contentType, resource.url);
      if (kind !== 'page') {
        const reason = `expected an article page, got ${kind === 'unknown' ? `a ${resource.contentType ?? 'document of unknown type'}` : `a ${kind}`}`;
        return { kind: 'failure', origin: target.url, reason, ...doneItem(target, 'failed') };
      }
      return await pageEvent(target.url, resource, options, target.feedItem);
    } catch (e) {
      const permanent = e instanceof FetchError && isPermanent(e);
      return { kind: 'failure', origin: target.url, reason: fetchFailureReason(e), ...(permanent ? doneItem(target, 'failed') : {}) };
    }
  });
}

function doneItem(target: ArticleTarget, outcome: 'failed' | 'known' | 'skipped') {
  return target.feedItem ? { feedItemDone: { ...target.feedItem, articleUrl: target.url, outcome } } : {};
}

/** Errors that asking again later would repeat. */
function isPermanent(e: FetchError): boolean {
  if (e.kind === 'http') return e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429;
  return e.kind === 'scheme' || e.kind === 'blocked-address' || e.kind === 'robots' || e.kind === 'too-large' || e.kind === 'too-many-redirects' || e.kind === 'redirect-loop';
}

function fetchFailureReason(e: unknown): string {
  const message = (e as Error).message ?? String(e);
  return e instanceof FetchError ? message : `fetch failed: ${message}`;
}

async function pageEvent(requestedUrl: string, resource: FetchedResource, options: WebSourceOptions, feedItem?: FeedItemRef): Promise<SourceEvent> {
  if (options.archive) {
    await options.archive.write({
      url: resource.url,
      status: resource.status,
      contentType: resource.contentType,
      charset: resource.charset,
      body: resource.body,
      fetchedAt: resource.fetchedAt,
    });
  }
  const document = documentOf({
    bytes: resource.body,
    origin: requestedUrl,
    url: resource.url,
    fetchedAt: resource.fetchedAt,
    // Sniffing said it is a page; servers that call HTML octet-stream are not rare.
    contentType: pageContentType(resource.contentType) ?? 'text/html',
    declaredCharset: resource.charset,
  });
  return feedItem ? { kind: 'document', document, feedItem } : { kind: 'document', document };
}


/** Runs `work` over the items, at most `limit` at once, yielding results as they complete. `work` must not reject. */
async function* inPool<T, R>(items: readonly T[], limit: number, signal: AbortSignal | undefined, work: (item: T) => Promise<R>): AsyncIterable<R> {
  const running = new Map<number, Promise<{ slot: number; result: R }>>();
  let next = 0;
  const launch = (): void => {
    if (next >= items.length || signal?.aborted) return;
    const slot = next++;
    running.set(slot, work(items[slot]!).then((result) => ({ slot, result })));
  };
  while (running.size < Math.max(1, limit) && next < items.length && !signal?.aborted) launch();
  while (running.size > 0) {
    const { slot, result } = await Promise.race(running.values());
    running.delete(slot);
    // Launch the next only once this result was taken: with one slot, a page is stored before the
    // next is requested, so a process killed mid-fetch has fetched nothing it did not keep.
    yield result;
    launch();
  }
}
