import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StoryDetail, StorySummary, ThreadSummary } from '../src/model/story.js';
import { runCli } from './helpers/cli.js';
import { EXAMPLES, seedPath, tempDir } from './helpers/paths.js';

const SEEDS = ['000', '001', '002', '003', '004'];

function copySeeds(dir: string, which: string[]): string {
  mkdirSync(dir, { recursive: true });
  for (const s of which) copyFileSync(seedPath(s), path.join(dir, path.basename(seedPath(s))));
  return dir;
}

/** Story, thread and copy of each seed, read from the store file (the CLI shows the same; this is faster). */
function placements(db: string): Map<string, { story: string; thread: string; copyOf: string | null }> {
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare(`select d.origin, l.article_id, l.story_id, s.thread_id, l.copy_of from article_links l
      join stories s on s.id = l.story_id join articles a on a.id = l.article_id
      join article_versions v on v.article_id = a.id and v.version = a.current_version
      join documents d on d.id = v.document_id`).all() as { origin: string; article_id: string; story_id: string; thread_id: string; copy_of: string | null }[];
    // Ids derive from where the files were; name stories, threads and originals by their seed instead.
    const seedOf = new Map(rows.map((r) => [r.article_id, path.basename(r.origin).slice(0, 3)]));
    const name = (id: string | null) => (id === null ? null : (seedOf.get(id) ?? id));
    return new Map(rows.map((r) => [seedOf.get(r.article_id)!, { story: name(r.story_id)!, thread: name(r.thread_id)!, copyOf: name(r.copy_of) }]));
  } finally {
    conn.close();
  }
}

function linkCount(db: string): number {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare('select count(*) as n from article_links').get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

describe('stories in the store', () => {
  it('re-points a stored original as a copy when a more complete copy of it is ingested later', () => {
    const dir = tempDir();
    const db = path.join(dir, 'news.db');
    expect(runCli(['ingest', '--db', db, copySeeds(path.join(dir, 'first'), ['001'])]).status).toBe(0);
    expect(placements(db).get('001')!.copyOf).toBeNull();
    expect(runCli(['ingest', '--db', db, copySeeds(path.join(dir, 'later'), ['000', '002'])]).status).toBe(0);
    const p = placements(db);
    expect(p.get('001')).toMatchObject({ copyOf: '000', story: '001' });
    expect(p.get('000')).toMatchObject({ copyOf: null, story: '001' });
    expect(p.get('002')!.story).toBe('001');
    // Rebuilt from the store, the linker agrees: ingesting again changes nothing.
    const again = runCli(['ingest', '--json', '--db', db, path.join(dir, 'later'), path.join(dir, 'first')]);
    expect(JSON.parse(again.stdout)).toMatchObject({ stored: 0 });
    expect(placements(db)).toEqual(p);
  });

  it('groups the seeds as EXPECTED.md says, and shows them with stories, story and threads', () => {
    const dir = tempDir();
    const db = path.join(dir, 'news.db');
    const r = runCli(['ingest', '--db', db, copySeeds(path.join(dir, 'seeds'), SEEDS)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/placed 5 articles into stories \(3 new stories\)/);
    const p = placements(db);
    expect(p.get('001')!.story).toBe(p.get('000')!.story);
    expect(p.get('002')!.story).toBe(p.get('000')!.story);
    expect(new Set([p.get('000')!.story, p.get('003')!.story, p.get('004')!.story]).size).toBe(3);
    expect(p.get('003')!.thread).toBe(p.get('000')!.thread);
    // One article, two copies: 001 (dated, placed first) is superseded by 000, which holds more of
    // the text while the dates cannot tell which came first.
    expect(p.get('001')!.copyOf).toBe('000');
    expect(p.get('000')!.copyOf).toBeNull();

    const stories = JSON.parse(runCli(['stories', '--json', '--db', db]).stdout) as StorySummary[];
    expect(stories.map((s) => s.articles).sort()).toEqual([1, 1, 3]);
    const biggest = stories.find((s) => s.articles === 3)!;
    const detail = JSON.parse(runCli(['story', biggest.id.slice(0, 10), '--json', '--db', db]).stdout) as StoryDetail;
    expect(detail).toMatchObject({ articles: 3, independentArticles: 2 });
    const threads = JSON.parse(runCli(['threads', '--json', '--db', db]).stdout) as ThreadSummary[];
    const thread = threads.find((t) => t.id === biggest.threadId)!;
    expect(thread.stories).toBeGreaterThanOrEqual(2);
    expect(detail.thread.length).toBe(thread.stories - 1);
    expect(runCli(['stories', '--db', db]).stdout).toMatch(/STORY +FIRST SEEN +ARTICLES/);
    expect(runCli(['story', 'ffffffffffff', '--db', db]).status).toBe(2);
  });

  it('rebuilds the linker from the store: two runs place articles exactly as one run does, and re-runs change nothing', () => {
    const dir = tempDir();
    const single = path.join(dir, 'single.db');
    expect(runCli(['ingest', '--db', single, copySeeds(path.join(dir, 'all'), SEEDS)]).status).toBe(0);
    // One run places the dated seeds (001, 002) first, then the undated ones: split there.
    const split = path.join(dir, 'split.db');
    expect(runCli(['ingest', '--db', split, copySeeds(path.join(dir, 'dated'), ['001', '002'])]).status).toBe(0);
    expect(runCli(['ingest', '--db', split, copySeeds(path.join(dir, 'undated'), ['000', '003', '004'])]).status).toBe(0);
    expect(placements(split)).toEqual(placements(single));
    const again = runCli(['ingest', '--json', '--db', split, path.join(dir, 'dated'), path.join(dir, 'undated')]);
    expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: 5, linked: 0 });
    expect(linkCount(split)).toBe(5);
  });

  it('filters stories by outlet, words and dates', () => {
    const dir = tempDir();
    const db = path.join(dir, 'demo.db');
    expect(runCli(['ingest', '--db', db, path.join(EXAMPLES, 'corpus')]).status).toBe(0);
    const all = JSON.parse(runCli(['stories', '--json', '--db', db]).stdout) as StorySummary[];
    const byOutlet = JSON.parse(runCli(['stories', '--json', '--outlet', 'harbourgazette.example', '--db', db]).stdout) as StorySummary[];
    expect(byOutlet.length).toBeGreaterThan(0);
    expect(byOutlet.length).toBeLessThan(all.length);
    expect(byOutlet.every((s) => s.outlets.includes('Harbour Gazette'))).toBe(true);
    const fire = JSON.parse(runCli(['stories', '--json', '--query', 'stadium fire', '--db', db]).stdout) as StorySummary[];
    expect(fire.length).toBeGreaterThanOrEqual(1);
    expect(fire[0]!.headline).toMatch(/Kestrel Park/);
    const march10 = JSON.parse(runCli(['stories', '--json', '--since', '2026-03-10', '--until', '2026-03-11', '--db', db]).stdout) as StorySummary[];
    expect(march10.length).toBeGreaterThan(0);
    expect(march10.every((s) => s.lastPublished! >= '2026-03-10' && s.firstPublished! <= '2026-03-11T23:59')).toBe(true);
    const bad = runCli(['stories', '--since', 'yesterday-ish', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--since needs a date/);
  });
});
