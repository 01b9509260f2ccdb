import { annotationsOf } from './analyze/annotations.js';
import { corpusEntityAliases } from './analyze/corpus-entities.js';
import { analyzeArticle } from './analyze/index.js';
import { extractArticle, type SiteChrome } from './extract/index.js';
import { chromeContext, extractDocument, learnSiteChrome, type InputFailure } from './document-extraction.js';
import { Linker, storyLinkOf } from './link/index.js';
import type { StoryLink } from './model/story.js';
import type { Annotations } from './model/annotations.js';
import { articleKey, articleText, type ExtractedArticle } from './model/article.js';
import type { Document } from './model/document.js';
import { readFileSources, type FileSourceOptions } from './sources/files.js';
import type { SourceEvent } from './sources/source-events.js';
import { readWebSources, type WebSourceOptions } from './sources/web-sources.js';
import type { ArticleToSave, LinkerLease, SaveResult, Store } from './store/store.js';

/**
 * Documents in, stored articles out. Sources are read as a stream; each document is extracted
 * (pure) and written in batches, one transaction per batch, so a crash loses at most the batch in
 * flight and re-running the same input stores nothing twice.
 */

/** Documents per write transaction: large enough to amortise commits, small enough to lose little. */
export const DEFAULT_BATCH_SIZE = 100;

export interface IngestTally {
  /** Documents read from the inputs (records, pages). */
  read: number;
  /** New articles stored. */
  stored: number;
  /** Known articles whose document changed: stored as a new version. */
  newVersions: number;
  /** Documents already stored exactly as they are. */
  unchanged: number;
  failed: number;
  /** Files or records passed over on purpose (unsupported type, non-article WARC record). */
  skipped: number;
}

export interface IngestSummary extends IngestTally {
  failures: InputFailure[];
  /** Articles placed into stories by this run (new articles, and any left unplaced by an interrupted run). */
  linked: number;
  /** Stories this run started. */
  newStories: number;
  /** Another process (a worker's linker) holds the linker lease: it places this run's articles. */
  handedToLinker: boolean;
}

export interface IngestOptions {
  batchSize?: number;
  /**
   * Longest a read document waits in a batch before it is written. Web sources deliver a page
   * every second or so: this keeps what was fetched safe without waiting for a full batch.
   */
  maxBatchDelayMs?: number;
  /** Called after every document and at the end; `current` names the input being read. */
  onProgress?: (tally: Readonly<IngestTally>, current: string | null) => void;
  /**
   * At the end, place the new articles into stories and resolve entity names across the corpus
   * (default true). A caller running many small ingests (watch) does both once per round instead.
   */
  link?: boolean;
  /** Each site's repeated lines, learned beforehand from its plain-text page dumps. */
  siteChrome?: SiteChrome;
  /**
   * A long-running caller (the server) keeps the linker here between ingests, so the store's
   * placements are replayed once per process instead of once per ingest.
   */
  linkerHolder?: { kept: KeptLinker | null };
  /** Called when reading is done and placing the new articles into stories begins (it can take a while on a large store). */
  onLinking?: () => void;
  /** Called with each batch's outcomes (which article each document became, and how). */
  onSaved?: (results: readonly SaveResult[]) => void;
}

/** Ingests files and directories into the store. Never throws for bad input: it is counted and reported. */
export async function ingestFiles(paths: readonly string[], store: Store, options: IngestOptions & FileSourceOptions = {}): Promise<IngestSummary> {
  const siteChrome = options.siteChrome ?? (await learnSiteChrome(readFileSources(paths, { ...options, only: ['text'] })));
  return ingestSources(readFileSources(paths, options), store, { ...options, siteChrome });
}

/** What `ingestInputs` reads: files and directories, and web URLs through a fetcher. */
export interface InputsToIngest {
  paths: readonly string[];
  urls: readonly string[];
  /** Largest single file document. */
  maxDocumentBytes: number;
  /** How each file is recorded (its origin): by default its path. The server names uploads by their upload name. */
  fileOrigin?: (path: string) => string;
  /** For the URLs: the fetcher and how pages are followed (storedUrls defaults to the store's). */
  web?: Omit<WebSourceOptions, 'signal' | 'storedUrls'>;
  /** Once aborted no further input is read: what was read is stored and linked. */
  signal?: AbortSignal;
}

/**
 * Ingests files and web URLs as `storyline ingest` and the server's ingest jobs both do: the text
 * dumps' site chrome is learned first, then files are read, then URLs fetched, all into one ingest.
 */
export async function ingestInputs(inputs: InputsToIngest, store: Store, options: IngestOptions = {}): Promise<IngestSummary> {
  const { urls, web, signal } = inputs;
  const files = await readInputFiles(inputs);
  async function* events(): AsyncIterable<SourceEvent> {
    yield* files.events;
    if (web && urls.length > 0) yield* readWebSources(urls, { ...web, storedUrls: (u) => store.storedUrls(u), ...(signal ? { signal } : {}) });
  }
  return ingestSources(events(), store, { ...options, ...(files.siteChrome ? { siteChrome: files.siteChrome } : {}) });
}

/**
 * The files and directories of an ingest as source events (none once `signal` is aborted), and the
 * site chrome learned from their text dumps beforehand (none without files).
 */
export async function readInputFiles(
  inputs: Pick<InputsToIngest, 'paths' | 'maxDocumentBytes' | 'fileOrigin' | 'signal'>,
): Promise<{ events: AsyncIterable<SourceEvent>; siteChrome?: SiteChrome }> {
  const { paths, maxDocumentBytes, fileOrigin, signal } = inputs;
  const files = (only?: ['text']): AsyncIterable<SourceEvent> => {
    const events = readFileSources(paths, { maxDocumentBytes, ...(only ? { only } : {}) });
    return fileOrigin ? withOrigins(events, fileOrigin) : events;
  };
  async function* events(): AsyncIterable<SourceEvent> {
    if (paths.length === 0) return;
    for await (const event of files()) {
      if (signal?.aborted) return;
      yield event;
    }
  }
  if (paths.length === 0) return { events: events() };
  return { events: events(), siteChrome: await learnSiteChrome(files(['text'])) };
}

/** Source events with their origins renamed. */
async function* withOrigins(events: AsyncIterable<SourceEvent>, originOf: (origin: string) => string): AsyncIterable<SourceEvent> {
  for await (const event of events) {
    if (event.kind === 'document') yield { ...event, document: { ...event.document, origin: originOf(event.document.origin) } };
    else yield { ...event, origin: originOf(event.origin) };
  }
}

/**
 * Ingests a stream of source events: each document is extracted and analysed (pure) and written in
 * batches, one transaction each; feed items are recorded as handled with their article, or alone
 * when they end without one. Then the new articles are placed into stories.
 */
export async function ingestSources(events: AsyncIterable<SourceEvent>, store: Store, options: IngestOptions = {}): Promise<IngestSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxDelay = options.maxBatchDelayMs ?? Infinity;
  const summary: IngestSummary = { read: 0, stored: 0, newVersions: 0, unchanged: 0, failed: 0, skipped: 0, failures: [], linked: 0, newStories: 0, handedToLinker: false };
  let batch: ArticleToSave[] = [];
  let batchStartedAt = 0;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const results = await store.saveArticles(batch);
    batch = [];
    options.onSaved?.(results);
    for (const r of results) {
      if (r.outcome === 'stored') summary.stored++;
      else if (r.outcome === 'new-version') summary.newVersions++;
      else summary.unchanged++;
    }
  };

  for await (const event of events) {
    if (event.kind === 'document') {
      summary.read++;
      const prepared = prepareDocument(event.document, options.siteChrome);
      if ('reason' in prepared) {
        summary.failed++;
        summary.failures.push(prepared);
        // Fetched but not an article: fetching it again would not change that.
        if (event.feedItem) await store.recordFeedItems([{ ...event.feedItem, articleUrl: event.document.origin, outcome: 'failed', reason: prepared.reason }]);
      } else {
        if (batch.length === 0) batchStartedAt = Date.now();
        batch.push(event.feedItem ? { ...prepared, feedItem: event.feedItem } : prepared);
        if (batch.length >= batchSize || Date.now() - batchStartedAt >= maxDelay) await flush();
      }
      options.onProgress?.(summary, event.document.origin);
    } else {
      if (event.kind === 'failure') {
        summary.failed++;
        summary.failures.push({ origin: event.origin, reason: event.reason });
      } else {
        summary.skipped++;
      }
      if (event.feedItemDone) await store.recordFeedItems([{ ...event.feedItemDone, reason: event.reason }]);
      options.onProgress?.(summary, event.origin);
    }
  }
  await flush();
  if (options.link ?? true) {
    options.onLinking?.();
    const placing = await placeStoredArticles(store, { kept: options.linkerHolder?.kept ?? null, entitiesChanged: summary.stored + summary.newVersions > 0 });
    if (options.linkerHolder) options.linkerHolder.kept = placing.kept;
    summary.linked = placing.linked;
    summary.newStories = placing.newStories;
    summary.handedToLinker = placing.handedToLinker;
  }
  options.onProgress?.(summary, null);
  return summary;
}

/**
 * Places the stored articles not yet in stories and, when entities changed, resolves names across
 * the corpus, under the linker lease. When another process holds the lease (a worker's standing
 * linker on PostgreSQL), the placing is handed to it as an empty ingest run, which it links next.
 */
export async function placeStoredArticles(
  store: Store,
  options: { kept?: KeptLinker | null; entitiesChanged: boolean },
): Promise<{ linked: number; newStories: number; kept: KeptLinker | null; handedToLinker: boolean }> {
  const lease = await store.acquireLinkerLease();
  if (!lease) {
    const runId = await store.startIngestRun('articles stored without workers');
    await store.finishQueueing(runId);
    return { linked: 0, newStories: 0, kept: options.kept ?? null, handedToLinker: true };
  }
  try {
    const linking = await linkStoredArticles(store, { kept: options.kept ?? null, lease });
    if (options.entitiesChanged) await resolveCorpusEntities(store);
    return { ...linking, handedToLinker: false };
  } finally {
    await lease.release();
  }
}

/** Re-derives which entity names are aliases of which across the whole store ("Blinken" → "Antony Blinken"). */
export async function resolveCorpusEntities(store: Store): Promise<number> {
  const aliases = corpusEntityAliases(await store.entityNames());
  await store.replaceEntityAliases(aliases);
  return aliases.length;
}

/** A linker that knows every placement already stored, replayed in placing order. */
export async function rebuildLinker(store: Store): Promise<Linker> {
  const linker = new Linker();
  for await (const { article, link } of store.linkedArticles()) linker.restore(article, link);
  return linker;
}

/** A linker kept between linking runs, with the number of placements it has seen. */
export interface KeptLinker {
  linker: Linker;
  placements: number;
}

/**
 * Places every stored article that has no story yet, in publication order, and
 * records the placements in batches. Safe to interrupt: what was recorded stays, the rest is
 * placed next time. A long-running caller (watch) passes back the linker it was given, so the
 * store's placements are replayed once per process rather than once per round; it is rebuilt
 * when another process placed articles meanwhile.
 */
export async function linkStoredArticles(
  store: Store,
  options: { batchSize?: number; kept?: KeptLinker | null; runsUpTo?: number; lease: LinkerLease },
): Promise<{ linked: number; newStories: number; kept: KeptLinker | null }> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let leaseLost: Error | null = null;
  void options.lease.lost.then((error) => (leaseLost = error));
  const saveLinks = async (links: readonly StoryLink[]): Promise<void> => {
    // Another linker may hold the lease by now: writing would place articles twice.
    if (leaseLost) throw new Error(`the linker lease was lost: ${(leaseLost as Error).message}`);
    await store.saveStoryLinks(links);
  };
  let kept = options.kept ?? null;
  if (kept && kept.placements !== (await store.placementCount())) kept = null;
  let batch: StoryLink[] = [];
  let linked = 0;
  let newStories = 0;
  for await (const article of store.unlinkedArticles(options.runsUpTo !== undefined ? { runsUpTo: options.runsUpTo } : {})) {
    kept ??= { linker: await rebuildLinker(store), placements: await store.placementCount() };
    const placement = kept.linker.link(article);
    const link = storyLinkOf(placement);
    if (link.storyId === link.articleId) newStories++;
    if (placement.repointed) {
      // Earlier articles that now copy this one: re-point those still in the batch, the rest in the store.
      const stored: { articleId: string; copyOf: string; copyKind: StoryLink['copyKind'] }[] = [];
      for (const r of placement.repointed) {
        const pending = batch.find((l) => l.articleId === r.id);
        if (pending) Object.assign(pending, { copyOf: r.copyOf, copyKind: r.copyKind });
        else stored.push({ articleId: r.id, copyOf: r.copyOf, copyKind: r.copyKind });
      }
      await store.repointCopies(stored);
    }
    batch.push(link);
    linked++;
    if (batch.length >= batchSize) {
      await saveLinks(batch);
      kept.placements += batch.length;
      batch = [];
    }
  }
  await saveLinks(batch);
  if (kept) kept.placements += batch.length;
  return { linked, newStories, kept };
}

/** Who says what in an extracted article. */
export function annotateArticle(article: ExtractedArticle): Annotations {
  return annotationsOf(analyzeArticle(articleText(article), article.title));
}

export { extractDocument, learnSiteChrome, type InputFailure } from './document-extraction.js';

/** Extracts and analyses one document and gives it its key, or says why it cannot be an article. */
export function prepareDocument(document: Document, siteChrome?: SiteChrome): ArticleToSave | InputFailure {
  const extracted = extractDocument(document, siteChrome);
  if ('reason' in extracted) return extracted;
  const { article } = extracted;
  try {
    return { key: articleKey(document.url, article, document.origin), document, article, annotations: annotateArticle(article) };
  } catch (e) {
    return { origin: document.origin, reason: `analysis failed: ${(e as Error).message}` };
  }
}

export interface ReextractSummary {
  documents: number;
  updated: number;
  failed: number;
  failures: InputFailure[];
}

/** Runs extraction again over every stored document (after the extractor improved). */
export async function reextractStore(store: Store, options: { batchSize?: number; onProgress?: (done: number) => void } = {}): Promise<ReextractSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const summary: ReextractSummary = { documents: 0, updated: 0, failed: 0, failures: [] };
  let batch: Parameters<Store['replaceExtractions']>[0][number][] = [];
  const siteChrome = await learnSiteChrome(storedDocuments(store));
  for await (const stored of store.documents()) {
    summary.documents++;
    try {
      const article = extractArticle(stored.document, chromeContext(stored.document, siteChrome));
      batch.push({ articleId: stored.articleId, version: stored.version, article, annotations: annotateArticle(article) });
    } catch (e) {
      summary.failed++;
      summary.failures.push({ origin: stored.document.origin, reason: (e as Error).message });
    }
    if (batch.length >= batchSize) {
      await store.replaceExtractions(batch);
      summary.updated += batch.length;
      batch = [];
    }
    options.onProgress?.(summary.documents);
  }
  if (batch.length) {
    await store.replaceExtractions(batch);
    summary.updated += batch.length;
  }
  await resolveCorpusEntities(store);
  return summary;
}

async function* storedDocuments(store: Store): AsyncIterable<Document> {
  for await (const stored of store.documents()) yield stored.document;
}
