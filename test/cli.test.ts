import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './helpers/cli.js';
import { DATASETS, SEEDS, SHARED, seedPath, tempDir } from './helpers/paths.js';

const jsonLines = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

function storedCounts(db: string): { articles: number; versions: number } {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const articles = (conn.prepare('select count(*) as n from articles').get() as { n: number }).n;
    const versions = (conn.prepare('select count(*) as n from article_versions').get() as { n: number }).n;
    return { articles, versions };
  } finally {
    conn.close();
  }
}

describe('storyline extract', () => {
  it('meets every extraction point of the seeds, as judged by the independent checker', () => {
    const seeds = ['000', '001', '002', '003', '004'].map(seedPath);
    const r = runCli(['extract', '--jsonl', ...seeds]);
    expect(r.status).toBe(0);
    expect(jsonLines(r.stdout)).toHaveLength(5);
    const checker = path.join(SHARED, 'hooks', 'seeds_check.py');
    const verdict = execFileSync('python3', [checker], { input: r.stdout, encoding: 'utf8' });
    expect(verdict.trim().split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(verdict).toMatch(/seeds extraction: (\d+)\/\1 checks hold/);
  });

  it('prints {input, error} for a bad input, goes on, and exits 1', () => {
    const dir = tempDir();
    const binary = path.join(dir, 'photo.html');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const r = runCli(['extract', '--jsonl', binary, seedPath('000')]);
    expect(r.status).toBe(1);
    const rows = jsonLines(r.stdout);
    expect(rows[0]).toEqual({ input: binary, error: expect.stringMatching(/binary/) });
    expect(rows[1]!.title).toBeTruthy();
    expect(r.stderr).toContain('photo.html');
  });
});

describe('storyline ingest and the store', () => {
  it('stores the seeds once, reports re-ingestion as unchanged, and versions a changed file', () => {
    const dir = tempDir();
    const db = path.join(dir, 'news.db');
    const copy = path.join(dir, 'seeds');
    mkdirSync(copy);
    for (const p of ['000', '001', '002', '003', '004']) copyFileSync(seedPath(p), path.join(copy, path.basename(seedPath(p))));

    const first = runCli(['ingest', '--json', '--db', db, copy]);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ read: 5, stored: 5, unchanged: 0, failed: 0 });

    const again = runCli(['ingest', '--json', copy], { env: { STORYLINE_DB: db } });
    expect(JSON.parse(again.stdout)).toMatchObject({ read: 5, stored: 0, unchanged: 5 });

    appendFileSync(path.join(copy, path.basename(seedPath('003'))), '\nA correction was appended to this article after publication.\n');
    const changed = runCli(['ingest', '--json', '--db', db, copy]);
    expect(JSON.parse(changed.stdout)).toMatchObject({ stored: 0, newVersions: 1, unchanged: 4 });
    expect(storedCounts(db)).toEqual({ articles: 5, versions: 6 });

    const list = JSON.parse(runCli(['articles', '--json', '--db', db]).stdout) as { id: string; title: string | null; version: number }[];
    expect(list).toHaveLength(5);
    const updated = list.find((a) => a.title?.startsWith('US-Israeli discord grows'));
    expect(updated?.version).toBe(2);

    const shown = JSON.parse(runCli(['show', updated!.id.slice(0, 8), '--json', '--db', db]).stdout) as { blocks: { text: string }[] };
    expect(shown.blocks.at(-1)?.text).toContain('correction was appended');

    const hits = JSON.parse(runCli(['search', 'buffer', 'zone', '--json', '--db', db]).stdout) as { title: string; excerpt: string }[];
    expect(hits.length).toBeGreaterThanOrEqual(3);
    expect(hits.every((h) => /buffer/i.test(h.excerpt))).toBe(true);

    const text = runCli(['articles', '--db', db]).stdout;
    expect(text).toContain('Gap between Washington');
    const missing = runCli(['show', 'ffffffffffff', '--db', db]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no article with id ffffffffffff/);
    // A prefix too short to look up is the user's to fix: a message, not a stack trace.
    const short = runCli(['show', updated!.id.slice(0, 4), '--db', db]);
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/too short: give at least 6 characters/);
    expect(short.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports every kind of bad input by name, stores the good ones, and loses nothing stored', () => {
    const dir = tempDir();
    const db = path.join(dir, 'news.db');
    expect(runCli(['ingest', '--db', db, seedPath('000'), seedPath('003')]).status).toBe(0);
    const before = storedCounts(db);

    const bad = path.join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'empty.txt'), '');
    writeFileSync(path.join(bad, 'binary.html'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(path.join(bad, 'lines.jsonl'), `{"id":"ok","title":"Port reopens","text":"The harbour authority reopened the eastern terminal on Tuesday after a week of repairs."}\nnot json\n{"id":"no-text","title":"Headline only"}\n`);
    writeFileSync(path.join(bad, 'bomb.html'), `<html><body>${'<div>'.repeat(200_000)}deep${'</div>'.repeat(200_000)}</body></html>`);
    writeFileSync(path.join(bad, 'cut.txt.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b]));
    copyFileSync(seedPath('002'), path.join(bad, 'good.txt'));

    const r = runCli(['ingest', '--json', '--db', db, bad]);
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout) as { stored: number; failed: number; failures: { origin: string; reason: string }[] };
    expect(summary.stored).toBe(2); // good.txt and the one good JSONL record
    const reasons = Object.fromEntries(summary.failures.map((f) => [path.basename(f.origin), f.reason]));
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['binary.html']).toMatch(/binary/);
    expect(reasons['lines.jsonl:2']).toMatch(/invalid JSON/);
    expect(reasons['lines.jsonl#no-text']).toMatch(/text/);
    expect(reasons['bomb.html']).toBeDefined();
    expect(reasons['cut.txt.gz']).toMatch(/gzip/);
    expect(storedCounts(db).articles).toBe(before.articles + 2);
  });

  it('refuses a file that is not a Storyline database, naming it and leaving it untouched', () => {
    const dir = tempDir();
    const notDb = path.join(dir, 'notes.db');
    writeFileSync(notDb, 'these are my notes, not a database\n'.repeat(100));
    const before = readFileSync(notDb);
    const r = runCli(['ingest', '--db', notDb, seedPath('000')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(notDb);
    expect(readFileSync(notDb).equals(before)).toBe(true);
  });

  it('stores everything exactly once when an ingest is killed mid-batch and run again', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'news.db');
    const input = path.join(DATASETS, 'stories-dev', 'allsides_neus_baly.dev.jsonl');
    const total = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim()).length;

    const child = startCli(['ingest', '--batch-size', '25', '--db', db, input]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let storedAtKill = 0;
    for (let i = 0; i < 600 && storedAtKill === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        storedAtKill = storedCounts(db).articles;
      } catch {
        // the database or its tables do not exist yet
      }
    }
    child.kill('SIGKILL');
    await exited;
    expect(storedAtKill).toBeGreaterThan(0);
    const afterKill = storedCounts(db);
    expect(afterKill.articles).toBeLessThan(total);

    const rerun = runCli(['ingest', '--json', '--db', db, input]);
    const summary = JSON.parse(rerun.stdout) as { read: number; stored: number; unchanged: number; failed: number };
    expect(summary.read).toBe(total);
    expect(summary.unchanged).toBe(afterKill.articles);
    expect(summary.failed).toBe(0); // every record of this real dataset is an article
    expect(summary.stored + summary.unchanged).toBe(total);
    const final = storedCounts(db);
    expect(final.articles).toBe(total);
    expect(final.versions).toBe(final.articles);
  }, 240_000); // ingests ~2,000 articles twice: over a minute on a loaded machine
});

describe('storyline reextract', () => {
  it('re-runs extraction over the stored raw documents and reproduces the same articles', () => {
    const dir = tempDir();
    const db = path.join(dir, 'news.db');
    expect(runCli(['ingest', '--db', db, SEEDS]).status).toBe(0);
    const before = runCli(['articles', '--json', '--db', db]).stdout;
    const ids = (JSON.parse(before) as { id: string }[]).map((a) => a.id);
    const articleBefore = runCli(['show', ids[0]!, '--json', '--db', db]).stdout;
    const r = runCli(['reextract', '--json', '--db', db]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ documents: 5, updated: 5, failed: 0 });
    expect(runCli(['show', ids[0]!, '--json', '--db', db]).stdout).toBe(articleBefore);
    const outlet = runCli(['articles', '--json', '--outlet', 'al mayadeen english', '--db', db]);
    expect((JSON.parse(outlet.stdout) as { outletName: string }[]).map((a) => a.outletName)).toEqual(['Al Mayadeen English']);
  });
});

describe('storyline extract, human-readable', () => {
  it('shows the title, outlet, date with its precision, and the text', () => {
    const r = runCli(['extract', seedPath('001')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Gap between Washington and "Israel" is widening: NBC News');
    expect(r.stdout).toMatch(/published: 2023-11-16 03:53 \(zone unknown\)/);
    expect(r.stdout).toMatch(/sources: +NBC News/);
  });
});

describe('storyline cluster', () => {
  it('places a JSONL stream into copies, stories and threads, from a file or standard input', () => {
    const dir = tempDir();
    const file = path.join(dir, 'seeds.jsonl');
    const lines = ['000', '001', '002', '003', '004'].map((seed) => {
      const row = jsonLines(runCli(['extract', '--jsonl', seedPath(seed)]).stdout)[0]!;
      return JSON.stringify({ id: seed, title: row.title, text: row.text, date: row.published ?? undefined, source: row.outlet ?? undefined });
    });
    writeFileSync(file, `${lines.join('\n')}\n`);
    const fromFile = runCli(['cluster', '--jsonl', file]);
    expect(fromFile.status).toBe(0);
    const placed = Object.fromEntries(jsonLines(fromFile.stdout).map((p) => [p.id, p]));
    expect(placed['001']).toMatchObject({ copyOf: '000', story: placed['000']!.story });
    expect(placed['002']).toMatchObject({ copyOf: null, story: placed['000']!.story });
    expect(placed['003']!.story).not.toBe(placed['000']!.story);
    expect(placed['003']!.thread).toBe(placed['000']!.thread);
    const fromStdin = runCli(['cluster', '--jsonl', '-'], { input: readFileSync(file, 'utf8') });
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const summary = runCli(['cluster', file]);
    expect(summary.stdout).toMatch(/5 articles, 3 stories, [12] threads?/);
  });

  it('reports bad lines by number, places the rest, and exits 1', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mixed.jsonl');
    writeFileSync(file, ['{"id": "a", "title": "Port reopens", "text": "The harbour reopened on Tuesday."}', '{oops', '{"id": "b", "title": "No text"}'].join('\n'));
    const r = runCli(['cluster', '--jsonl', file]);
    expect(r.status).toBe(1);
    const rows = jsonLines(r.stdout);
    expect(rows[0]).toMatchObject({ id: 'a' });
    expect(rows[1]).toMatchObject({ line: 2, error: expect.stringMatching(/invalid JSON/) });
    expect(rows[2]).toMatchObject({ line: 3, error: expect.stringMatching(/text/) });
    expect(runCli(['cluster', path.join(dir, 'missing.jsonl')]).stderr).toMatch(/cannot read .*missing\.jsonl/);
  });

  it('places a real stream the same whether articles are prepared on other threads or not, bad lines in place', () => {
    const dir = tempDir();
    const file = path.join(dir, 'roundups.jsonl');
    const rows = readFileSync(path.join(DATASETS, 'stories-dev', 'allsides_roundups_2021.dev.jsonl'), 'utf8').split('\n').filter(Boolean);
    // Bad lines inside and across the batches the threads are sent.
    rows.splice(40, 0, '{not json');
    rows.splice(300, 0, '{"id": "no-text"}');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const threaded = runCli(['cluster', '--jsonl', '--threads', '2', file]);
    const inline = runCli(['cluster', '--jsonl', '--threads', '0', file]);
    expect(threaded.status).toBe(1);
    expect(inline.status).toBe(1);
    expect(threaded.stdout).toBe(inline.stdout);
    const out = jsonLines(threaded.stdout);
    expect(out).toHaveLength(rows.length);
    expect(out[40]).toMatchObject({ line: 41, error: expect.stringMatching(/invalid JSON/) });
    expect(out[300]).toMatchObject({ line: 301, error: expect.stringMatching(/text/) });
    expect(new Set(out.filter((p) => p.story).map((p) => p.story)).size).toBeGreaterThan(100);
    expect(runCli(['cluster', '--threads', 'many', file]).stderr).toMatch(/--threads.*whole number/);
  });
});

describe('storyline --help', () => {
  it('documents every command with an example', () => {
    for (const command of ['ingest', 'extract', 'articles', 'show', 'search', 'reextract', 'cluster']) {
      const r = runCli([command, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Example/);
    }
    expect(runCli(['--help']).stdout).toMatch(/ingest/);
  });

  it('exits 2 with usage for an unknown command', () => {
    const r = runCli(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});

// The seeds directory also holds EXPECTED.md: ingesting the directory must skip it quietly.
describe('directories with other files', () => {
  it('skips files Storyline does not read without failing', () => {
    const dir = tempDir();
    const r = runCli(['ingest', '--json', '--db', path.join(dir, 's.db'), SEEDS]);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 5, failed: 0, skipped: 1 });
  });
});
