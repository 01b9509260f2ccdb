import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { documentOf, type Document } from '../src/model/document.js';
import { placeStoredArticles, prepareDocument } from '../src/pipeline.js';
import { openStore, type ArticleToSave, type Store } from '../src/store/index.js';
import { SEEDS } from './helpers/paths.js';
import { storeBackends, type StoreBackend } from './helpers/store-backends.js';

/** The ledger workers settle ingest runs through, and the linker lease, on both databases. */

const SEED_FILES = fs.readdirSync(SEEDS).filter((name) => name.endsWith('.txt')).sort().map((name) => path.join(SEEDS, name));

function seedDocument(file: string): Document {
  return documentOf({ bytes: new Uint8Array(fs.readFileSync(file)), origin: file, url: null, fetchedAt: '2026-11-22T10:00:00Z', contentType: 'text/plain', declaredCharset: null });
}

function prepared(document: Document): ArticleToSave {
  const result = prepareDocument(document);
  if ('reason' in result) throw new Error(result.reason);
  return result;
}

const backends = await storeBackends();
const openStores: Store[] = [];

async function freshStore(backend: StoreBackend): Promise<Store> {
  const store = await openStore(await backend.newLocation('queue'));
  openStores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of openStores.splice(0)) await store.close();
});

function ledgerTests(backend: StoreBackend): void {
  it('keeps queued inputs in the order given, bytes and site chrome intact, until they are settled', async () => {
    const store = await freshStore(backend);
    const run = await store.startIngestRun('seeds');
    const documents = SEED_FILES.map(seedDocument);
    const ids = await store.queueInputs(run, [
      { kind: 'document', document: documents[0]!, siteChrome: ['subscribe to our newsletter'] },
      { kind: 'document', document: documents[1]! },
      { kind: 'url', url: 'https://news.example/feed.xml' },
      { kind: 'failed', origin: 'broken.html.gz', reason: 'not gzip' },
      { kind: 'skipped', origin: 'notes.pdf', reason: 'unsupported type' },
    ]);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const queued = await store.queuedInputs(ids);
    // The failed and skipped inputs were settled as they were queued.
    expect(queued.map((q) => q.id)).toEqual(ids.slice(0, 3));
    const [first, second, url] = queued;
    expect(first).toMatchObject({ kind: 'document', runId: run, siteChrome: ['subscribe to our newsletter'] });
    expect(first?.kind === 'document' && Buffer.from(first.document.bytes).equals(Buffer.from(documents[0]!.bytes))).toBe(true);
    expect(first?.kind === 'document' && first.document.contentHash).toBe(documents[0]!.contentHash);
    expect(second).toMatchObject({ kind: 'document', siteChrome: null });
    expect(url).toMatchObject({ kind: 'url', url: 'https://news.example/feed.xml' });

    const progress = await store.ingestRunProgress(run);
    expect(progress).toMatchObject({ queued: 5, settled: 2, failed: 1, skipped: 1, stored: 0, enqueueFinished: false, linkedAt: null });
    expect(progress?.failures).toEqual([{ origin: 'broken.html.gz', reason: 'not gzip' }]);
    expect(await store.ingestRunProgress(run + 100)).toBeNull();
  });

  it('settles each input once: a job delivered twice stores nothing twice', async () => {
    const store = await freshStore(backend);
    const run = await store.startIngestRun('seeds');
    const documents = SEED_FILES.map(seedDocument);
    const ids = await store.queueInputs(run, documents.map((document) => ({ kind: 'document' as const, document })));
    await store.finishQueueing(run);
    const settled = documents.map((document, i) => ({ inputId: ids[i]!, articles: [prepared(document)], failures: [], skipped: 0 }));
    expect(await store.nextRunToLink()).toBeNull();

    const first = await store.settleQueuedInputs(settled);
    expect(first.map((r) => r?.map((s) => s.outcome))).toEqual(documents.map(() => ['stored']));
    const again = await store.settleQueuedInputs(settled);
    expect(again).toEqual(documents.map(() => null));
    expect((await store.counts()).articles).toBe(documents.length);
    expect(await store.queuedInputs(ids)).toEqual([]);
    expect(await store.ingestRunProgress(run)).toMatchObject({ queued: documents.length, settled: documents.length, stored: documents.length, unchanged: 0, enqueueFinished: true });
    expect(await store.nextRunToLink()).toEqual({ runId: run });
  });

  it('places undated articles in ledger order, whatever order workers stored them in', async () => {
    const inOrder = await freshStore(backend);
    const reversed = await freshStore(backend);
    const documents = SEED_FILES.map(seedDocument);
    const undated = documents.map((document) => {
      const item = prepared(document);
      return { ...item, article: { ...item.article, published: null } };
    });
    for (const store of [inOrder, reversed]) {
      const run = await store.startIngestRun('seeds');
      const ids = await store.queueInputs(run, documents.map((document) => ({ kind: 'document' as const, document })));
      await store.finishQueueing(run);
      const settled = undated.map((item, i) => ({ inputId: ids[i]!, articles: [item], failures: [], skipped: 0 }));
      // One worker took the jobs in order; on the other store the last job was settled first.
      if (store === inOrder) await store.settleQueuedInputs(settled);
      else for (const one of [...settled].reverse()) await store.settleQueuedInputs([one]);
    }
    const order = async (store: Store): Promise<string[]> => {
      const ids: string[] = [];
      for await (const article of store.unlinkedArticles()) ids.push(article.id);
      return ids;
    };
    const expected = await order(inOrder);
    expect(expected).toHaveLength(documents.length);
    expect(await order(reversed)).toEqual(expected);
  });

  it('links the runs queued in full in the order they began, each once all its inputs are settled', async () => {
    const store = await freshStore(backend);
    const documents = SEED_FILES.map(seedDocument);
    const early = await store.startIngestRun('first');
    const late = await store.startIngestRun('second');
    const abandoned = await store.startIngestRun('its enqueuer died');
    const [a] = await store.queueInputs(early, [{ kind: 'document', document: documents[0]! }]);
    const [b] = await store.queueInputs(late, [{ kind: 'document', document: documents[1]! }]);
    await store.queueInputs(abandoned, [{ kind: 'document', document: documents[2]! }]);
    await store.finishQueueing(early);
    await store.finishQueueing(late);
    await store.settleQueuedInputs([{ inputId: b!, articles: [prepared(documents[1]!)], failures: [], skipped: 0 }]);
    // The first run's input is not settled yet: the second waits for it.
    expect(await store.nextRunToLink()).toBeNull();
    await store.settleQueuedInputs([{ inputId: a!, articles: [prepared(documents[0]!)], failures: [], skipped: 0 }]);
    expect(await store.nextRunToLink()).toEqual({ runId: early });
    const upToEarly: string[] = [];
    for await (const article of store.unlinkedArticles({ runsUpTo: early })) upToEarly.push(article.id);
    expect(upToEarly).toHaveLength(1);
    await store.markRunLinked(early, 1, 1);
    expect(await store.nextRunToLink()).toEqual({ runId: late });
    await store.markRunLinked(late, 1, 1);
    // The run whose queuing never finished holds up nothing, and is not linked half-queued.
    expect(await store.nextRunToLink()).toBeNull();
    expect(await store.ingestRunProgress(early)).toMatchObject({ linked: 1, newStories: 1 });
  });

  it('stores a batch of new articles as it stores them one by one: same rows, ids, totals and order', async () => {
    const batched = await freshStore(backend);
    const oneByOne = await freshStore(backend);
    const items = SEED_FILES.map((file) => prepared(seedDocument(file)));
    await batched.saveArticles(items);
    for (const item of items) await oneByOne.saveArticles([item]);
    const look = async (store: Store) => {
      const documents: unknown[] = [];
      for await (const d of store.documents()) documents.push({ ...d, document: { ...d.document, bytes: d.document.bytes.byteLength } });
      const unlinked: string[] = [];
      for await (const a of store.unlinkedArticles()) unlinked.push(a.id);
      return {
        counts: await store.counts(),
        articles: (await store.listArticles()).map(({ storedAt: _storedAt, ...rest }) => rest),
        documents,
        entities: await store.listEntities({ limit: 500 }),
        quotes: await store.listQuotes({ limit: 500 }),
        search: (await store.searchArticles('Gaza', 50)).map((h) => h.id),
        unlinked,
      };
    };
    const expected = await look(oneByOne);
    expect(expected.entities.length).toBeGreaterThan(10);
    expect(expected.quotes.length).toBeGreaterThan(3);
    expect(await look(batched)).toEqual(expected);
  });

  it('lets one linker hold the lease at a time', async () => {
    const store = await freshStore(backend);
    const lease = await store.acquireLinkerLease();
    expect(lease).not.toBeNull();
    expect(await store.acquireLinkerLease()).toBeNull();
    await lease!.release();
    const next = await store.acquireLinkerLease();
    expect(next).not.toBeNull();
    await next!.release();
  });
}

for (const backend of backends) {
  describe.skipIf(backend.skipReason !== null)(`ingest ledger on ${backend.name}${backend.skipReason === null ? '' : ` (skipped: ${backend.skipReason})`}`, () => ledgerTests(backend));
}

const postgres = backends.find((b) => b.name === 'PostgreSQL')!;

describe.skipIf(postgres.skipReason !== null)('linker lease on PostgreSQL', () => {
  it('is held across connections of other stores, and freed when its holder\'s connection dies', async () => {
    const location = await postgres.newLocation('lease');
    const holder = await openStore(location);
    const other = await openStore(location);
    openStores.push(holder, other);
    const lease = await holder.acquireLinkerLease();
    expect(lease).not.toBeNull();
    expect(await other.acquireLinkerLease()).toBeNull();
    // Articles ingested meanwhile by a process without the lease are handed to the holder as a run to link.
    const placing = await placeStoredArticles(other, { entitiesChanged: false });
    expect(placing.handedToLinker).toBe(true);
    expect(await other.nextRunToLink()).not.toBeNull();

    // The holder's session ends (as when its process is killed): the lease is lost and free again.
    await postgres.rawQuery(location, "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and objid = hashtext(current_schema())::oid and granted and pid <> pg_backend_pid()");
    const lost = await Promise.race([lease!.lost.then((e) => e.message), new Promise<string>((resolve) => setTimeout(() => resolve('not lost'), 10_000))]);
    expect(lost).not.toBe('not lost');
    const taken = await other.acquireLinkerLease();
    expect(taken).not.toBeNull();
    await taken!.release();
  });
});
