import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentOf } from '../src/model/document.js';
import { ingestFiles } from '../src/pipeline.js';
import { copyStore, type CopyStoreResult } from '../src/store/copy-store.js';
import type { Store } from '../src/store/index.js';
import { runCli } from './helpers/cli.js';
import { EXAMPLES, SEEDS, seedPath, tempDir } from './helpers/paths.js';
import { storeBackends, closedPort, withStore } from './helpers/store-backends.js';

/**
 * `copy-store` on real stores: the seeds and the demo corpus ingested into SQLite (so stories,
 * quotes, entities and aliases exist), a second version of one article, a watched feed and its
 * items; copied to PostgreSQL and to SQLite, and compared through the Store interface.
 */

const backends = await storeBackends();
const sqlite = backends.find((b) => b.name === 'SQLite')!;
const postgres = backends.find((b) => b.name === 'PostgreSQL')!;
const dir = tempDir('storyline-copy-');

/** The tables a SQLite store holds, read from the file itself (not from copy-store's own list). */
function storeTables(location: string): string[] {
  const raw = new Database(location, { readonly: true });
  try {
    return (raw.prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite\\_%' escape '\\'").pluck().all() as string[])
      .filter((name) => !name.startsWith('schema_migration') && !/^article_search_(data|idx|content|docsize|config)$/.test(name))
      .sort();
  } finally {
    raw.close();
  }
}

/** Rows per table, counted behind Storyline's back. */
async function rawCounts(location: string, tables: readonly string[]): Promise<Record<string, number>> {
  const backend = /^postgres/.test(location) ? postgres : sqlite;
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await backend.rawQuery(location, `select count(*) as n from ${table}`))[0]!.n);
  return counts;
}

function fileHash(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}


/** Words worth searching for: the longest word of each of the first stories' headlines. */
async function searchWords(store: Store): Promise<string[]> {
  const stories = await store.listStories({ limit: 8 });
  return stories.map((s) => (s.headline ?? '').split(/\W+/).sort((a, b) => b.length - a.length)[0] ?? '').filter((w) => w.length >= 5);
}

/**
 * What a store answers, through the Store interface. Search is compared by the set of articles hit
 * (the two databases rank differently) unless `exactSearch`; entities as a set sorted here (ties in
 * the store's order are broken by name, which collations order differently).
 */
async function answers(location: string, words: readonly string[], exactSearch: boolean) {
  return withStore(location, async (store) => {
    const articles = await store.listArticles();
    const stories = await store.listStories();
    const entities = await store.listEntities({ limit: 100_000 });
    const byName = (a: { type: string; name: string }, b: { type: string; name: string }): number =>
      `${a.type} ${a.name}` < `${b.type} ${b.name}` ? -1 : 1;
    return {
      counts: await store.counts(),
      articles,
      full: await Promise.all(articles.map((a) => store.getArticle(a.id))),
      annotations: await Promise.all(articles.map((a) => store.getAnnotations(a.id))),
      placements: await Promise.all(articles.map((a) => store.articlePlacement(a.id))),
      stories,
      // A story's thread lists its other stories by first publication; ties (undated ones) come in no set order.
      storyDetails: (await Promise.all(stories.map((s) => store.getStory(s.id))))
        .map((d) => d && { ...d, thread: [...d.thread].sort((a, b) => (a.id < b.id ? -1 : 1)) }),
      threads: await store.listThreads(),
      entities: [...entities].sort(byName).map((e) => ({ ...e, aliases: [...(e.aliases ?? [])].sort() })),
      topEntity: entities[0] ? await store.getEntity(entities[0].name, { type: entities[0].type }) : null,
      quotes: await store.listQuotes({ limit: 100_000 }),
      outlets: await store.listOutlets(),
      languages: await store.listLanguages(),
      feeds: await store.listFeeds(),
      searches: await Promise.all(words.map(async (w) => {
        const hits = await store.searchArticles(w, 1_000);
        return exactSearch ? hits : hits.map((h) => h.id).sort();
      })),
    };
  });
}

let source: string;
let sourceTables: string[];
let words: string[];

beforeAll(async () => {
  source = await sqlite.newLocation('source');
  await withStore(source, async (store) => {
    await ingestFiles([SEEDS, path.join(EXAMPLES, 'corpus')], store);
    // The same file changed: a second version of its article (versions that are no longer current).
    const changing = path.join(dir, 'changing.txt');
    fs.copyFileSync(seedPath('002'), changing);
    await ingestFiles([changing], store);
    fs.appendFileSync(changing, '\nThe ministry published a correction on Tuesday evening.\n');
    await ingestFiles([changing], store);
    await store.addFeeds([{ url: 'https://news.example/rss.xml', intervalSeconds: 900 }]);
    await store.recordFeedItems([
      { feedUrl: 'https://news.example/rss.xml', itemId: 'item-1', articleUrl: 'https://news.example/a', outcome: 'known', reason: null },
      { feedUrl: 'https://news.example/rss.xml', itemId: 'item-2', articleUrl: null, outcome: 'skipped', reason: 'no link' },
    ]);
    // A worker ingest still in progress: a document waiting in the ledger (bytes and all) and one failed as read.
    const run = await store.startIngestRun('seed 001 and a broken file');
    const bytes = fs.readFileSync(seedPath('001'));
    await store.queueInputs(run, [
      { kind: 'document', document: documentOf({ bytes, origin: seedPath('001'), url: null, fetchedAt: '2026-11-22T10:00:00Z', contentType: 'text/plain', declaredCharset: null }) },
      { kind: 'failed', origin: 'broken.html', reason: 'not readable' },
    ]);
    await store.finishQueueing(run);
    words = await searchWords(store);
  });
  sourceTables = storeTables(source);
});

describe('the source store', () => {
  it('has rows in every table, so every table is exercised', async () => {
    const counts = await rawCounts(source, sourceTables);
    for (const [table, n] of Object.entries(counts)) expect(n, table).toBeGreaterThan(0);
    expect(counts.article_versions).toBeGreaterThan(counts.articles!);
    expect(words.length).toBeGreaterThan(2);
  });
});

function expectMatchesSource(result: CopyStoreResult, counts: Record<string, number>): void {
  expect(result.tables.map((t) => t.table).sort()).toEqual(sourceTables);
  for (const t of result.tables) expect(t.rows, t.table).toBe(counts[t.table]);
  expect(result.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
}

describe('copy-store from SQLite to SQLite', () => {
  let copied: CopyStoreResult;
  let target: string;

  beforeAll(async () => {
    target = await sqlite.newLocation('copy');
    copied = await copyStore(source, target, { batchSize: 7 });
  });

  it('copies every table, row for row, and reports counts and checksums', async () => {
    const counts = await rawCounts(source, sourceTables);
    expectMatchesSource(copied, counts);
    expect(await rawCounts(target, sourceTables)).toEqual(counts);
    for (const t of copied.tables) expect(t.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers exactly as the source does, search included', async () => {
    expect(await answers(target, words, true)).toEqual(await answers(source, words, true));
  });

  it('a verification that finds a difference fails naming the table, and removes the file it made', async () => {
    const tampered = await sqlite.newLocation('tampered');
    let tamperedOnce = false;
    const failure = await copyStore(source, tampered, {
      onProgress: (p) => {
        if (p.phase !== 'verify' || tamperedOnce) return;
        tamperedOnce = true;
        // Behind the copy's back, between copying and verifying: one value of one row changes.
        const raw = new Database(tampered);
        raw.prepare('update entity_totals set mentions = mentions + 1 where rowid = (select min(rowid) from entity_totals)').run();
        raw.close();
      },
    }).then(() => null, (error: Error) => error);
    expect(failure?.message).toMatch(/entity_totals: checksums differ/);
    expect(failure?.message).not.toMatch(/quotes|entity_mentions/);
    expect(fs.existsSync(tampered)).toBe(false);
  });

  it('stops when aborted, removing the file it made', async () => {
    const aborted = await sqlite.newLocation('aborted');
    const controller = new AbortController();
    const failure = await copyStore(source, aborted, {
      batchSize: 3,
      signal: controller.signal,
      onProgress: (p) => { if (p.table === 'articles' && p.done > 0) controller.abort(); },
    }).then(() => null, (error: Error) => error);
    expect(failure?.message).toMatch(/interrupted.*was removed/);
    expect(fs.existsSync(aborted)).toBe(false);
  });
});

describe('copy-store refuses bad locations and touches nothing', () => {
  it('refuses a target that holds data, naming it, and leaves it unchanged', async () => {
    const target = await sqlite.newLocation('filled');
    await withStore(target, (store) => ingestFiles([seedPath('000')], store));
    const before = fileHash(target);
    await expect(copyStore(source, target)).rejects.toThrow(`target ${target} is not empty`);
    expect(fileHash(target)).toBe(before);
  });

  it('refuses a missing source without creating it', async () => {
    const missing = path.join(dir, 'no-such-store.db');
    const target = path.join(dir, 'never-made.db');
    await expect(copyStore(missing, target)).rejects.toThrow(`source ${missing} does not exist`);
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(target)).toBe(false);
  });

  it("refuses a source that is another application's database, or no database, naming it", async () => {
    const foreign = path.join(dir, 'customers.db');
    const raw = new Database(foreign);
    raw.exec("create table customers (id integer primary key, name text); insert into customers values (1, 'Ada')");
    raw.close();
    const before = fileHash(foreign);
    const target = path.join(dir, 'not-made.db');
    await expect(copyStore(foreign, target)).rejects.toThrow(`source ${foreign} is not a Storyline database`);
    expect(fileHash(foreign)).toBe(before);

    const notes = path.join(dir, 'notes.db');
    fs.writeFileSync(notes, 'not a database at all, just words\n'.repeat(200));
    await expect(copyStore(notes, target)).rejects.toThrow(`source ${notes} is not a Storyline database`);
    const empty = path.join(dir, 'empty.db');
    fs.writeFileSync(empty, '');
    await expect(copyStore(empty, target)).rejects.toThrow(`source ${empty} is not a Storyline store: it is empty`);
    expect(fs.statSync(empty).size).toBe(0);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('refuses to copy a store onto itself', async () => {
    await expect(copyStore(source, path.relative(process.cwd(), source))).rejects.toThrow(/onto itself/);
  });
});

describe.skipIf(postgres.skipReason !== null)('copy-store to and from PostgreSQL', () => {
  let copied: CopyStoreResult;
  let target: string;
  let sqliteCopy: CopyStoreResult;

  beforeAll(async () => {
    target = await postgres.newLocation('copy');
    copied = await copyStore(source, target, { batchSize: 50 });
    sqliteCopy = await copyStore(source, await sqlite.newLocation('reference'));
  });

  it('copies every table, row for row, with the same counts and checksums as a copy to SQLite', async () => {
    const counts = await rawCounts(source, sourceTables);
    expectMatchesSource(copied, counts);
    expect(await rawCounts(target, sourceTables)).toEqual(counts);
    expect(copied.tables).toEqual(sqliteCopy.tables);
  });

  it('builds the search index the PostgreSQL way', async () => {
    const [row] = await postgres.rawQuery(target, 'select count(*) as n from article_search where words is not null and length(words) > 0');
    expect(Number(row!.n)).toBe(Number((await sqlite.rawQuery(source, 'select count(*) as n from article_search'))[0]!.n));
  });

  it('answers as the source does: articles, stories, entities, quotes, feeds, and the same search hits', async () => {
    expect(await answers(target, words, false)).toEqual(await answers(source, words, false));
  });

  it('copies back to SQLite and to another PostgreSQL schema with the same checksums', async () => {
    const back = await copyStore(target, await sqlite.newLocation('back'));
    expect(back.tables).toEqual(copied.tables);
    const again = await copyStore(target, await postgres.newLocation('again'));
    expect(again.tables).toEqual(copied.tables);
  });

  it('keeps ids, and the copy stores new articles after them', async () => {
    const ids = "select (select max(id) from documents) as documents, (select max(id) from article_versions) as versions";
    const numbers = (row: Record<string, unknown> | undefined) => ({ documents: Number(row!.documents), versions: Number(row!.versions) });
    const sourceIds = numbers((await sqlite.rawQuery(source, ids))[0]);
    expect(numbers((await postgres.rawQuery(target, ids))[0])).toEqual(sourceIds);
    const extra = path.join(dir, 'extra.txt');
    fs.writeFileSync(extra, `${fs.readFileSync(seedPath('001'), 'utf8')}\nA later paragraph makes this a new article.\n`);
    const stored = await withStore(target, async (store) => (await ingestFiles([extra], store)).stored);
    expect(stored).toBe(1);
    expect(numbers((await postgres.rawQuery(target, ids))[0])).toEqual({ documents: sourceIds.documents + 1, versions: sourceIds.versions + 1 });
  });

  it('refuses a target that holds data, naming it, and leaves it unchanged', async () => {
    const filled = await postgres.newLocation('filled');
    await withStore(filled, (store) => ingestFiles([seedPath('000')], store));
    const before = await rawCounts(filled, sourceTables);
    await expect(copyStore(source, filled)).rejects.toThrow(/target postgres:\/\/.*filled_\d+.* is not empty/);
    expect(await rawCounts(filled, sourceTables)).toEqual(before);
  });

  it('refuses an empty schema as the source and creates nothing in it', async () => {
    const empty = await postgres.newLocation('empty');
    const target = path.join(dir, 'from-empty.db');
    await expect(copyStore(empty, target)).rejects.toThrow(/source postgres:\/\/.*empty_\d+.* is not a Storyline store: it is empty/);
    expect(await postgres.rawQuery(empty, 'select table_name from information_schema.tables where table_schema = current_schema()')).toEqual([]);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('a row the target cannot take fails the copy naming the table, and leaves the target empty', async () => {
    const small = await sqlite.newLocation('small');
    await withStore(small, (store) => ingestFiles([SEEDS], store));
    // SQLite keeps a NUL character in text; PostgreSQL refuses it.
    await sqlite.rawQuery(small, "update article_versions set title = 'Gaza' || char(0) || 'talks' where id = (select max(id) from article_versions)");
    const into = await postgres.newLocation('refused');
    await expect(copyStore(small, into)).rejects.toThrow(/table article_versions: .*was left empty/);
    const counts = await rawCounts(into, sourceTables);
    for (const [table, n] of Object.entries(counts)) expect(n, table).toBe(0);
    // Emptied, it takes a copy (here of a store without the bad row).
    expect((await copyStore(source, into)).rows).toBe(copied.rows);
  });
});

describe.skipIf(postgres.skipReason !== null)('storyline copy-store (the built CLI)', () => {
  it('copies a SQLite store to PostgreSQL and prints each table with its rows and checksum', async () => {
    const target = await postgres.newLocation('cli');
    const r = runCli(['copy-store', '--from', source, '--to', target, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as CopyStoreResult;
    expectMatchesSource(result, await rawCounts(source, sourceTables));
    expect(runCli(['stories', '--db', target, '--json']).stdout).toBe(runCli(['stories', '--db', source, '--json']).stdout);

    const text = runCli(['copy-store', '--from', source, '--to', path.join(dir, 'cli-copy.db')]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/article_versions\s+\d+/);
    expect(text.stdout).toMatch(/every table's count and checksum match/);
  });

  it('exits 2 with a clear message on bad input, never showing a password', async () => {
    const missing = runCli(['copy-store', '--from', path.join(dir, 'absent.db'), '--to', path.join(dir, 'unmade.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`source ${path.join(dir, 'absent.db')} does not exist`);
    expect(fs.existsSync(path.join(dir, 'unmade.db'))).toBe(false);

    const port = await closedPort();
    const unreachable = runCli(['copy-store', '--from', source, '--to', `postgres://storyline:s3cret-word@127.0.0.1:${port}/news`]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toContain(`postgres://storyline:***@127.0.0.1:${port}/news`);
    expect(unreachable.stderr).toMatch(/connection refused/);
    expect(unreachable.stderr).not.toContain('s3cret-word');

    const usage = runCli(['copy-store', '--from', source]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--to/);
  });
});
