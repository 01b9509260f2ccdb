import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { COPY_KNOBS, CopyDetector } from '../src/link/copy-detector.js';
import { Linker, type Placement } from '../src/link/linker.js';
import { profileArticle } from '../src/link/article-profile.js';
import { STORY_KNOBS, StoryClusterer } from '../src/link/story-clusterer.js';
import { DATASETS } from './helpers/paths.js';

/** Memory follows the time window: what the linker holds stays bounded on a stream years long. */

interface StreamArticle { id: string; title: string; text: string; published: number | null; outlet: string | null }

/** The first `limit` dated articles of the real news stream, in its (date) order. */
async function datedStream(limit: number): Promise<StreamArticle[]> {
  const lines = createInterface({ input: createReadStream(path.join(DATASETS, 'stories-dev', 'news-10k.jsonl.gz')).pipe(createGunzip()), crlfDelay: Infinity });
  const out: StreamArticle[] = [];
  for await (const line of lines) {
    if (out.length >= limit) break;
    const r = JSON.parse(line) as { id: string; title: string; text: string; date?: string; source?: string };
    const published = r.date ? Date.parse(r.date) : NaN;
    if (Number.isNaN(published)) continue;
    out.push({ id: r.id, title: r.title, text: r.text, published, outlet: r.source ?? null });
  }
  return out;
}

/** Story partition as sets of member ids, comparable across runs. */
function partition(placements: Placement[]): string[] {
  const byStory = new Map<string, string[]>();
  for (const p of placements) byStory.set(p.story, [...(byStory.get(p.story) ?? []), p.id]);
  return [...byStory.values()].map((ids) => ids.sort().join(' ')).sort();
}

describe('linking memory on a long stream', () => {
  let articles: StreamArticle[] = [];
  beforeAll(async () => {
    articles = await datedStream(1500);
  });

  it('forgets the longest quiet archived stories and places every article as a linker that never forgets does', () => {
    expect(articles.length).toBe(1500);
    const spanDays = (articles.at(-1)!.published! - articles[0]!.published!) / 86_400_000;
    expect(spanDays).toBeGreaterThan(8 * STORY_KNOBS.retainDays);

    const archivedStories = 150;
    const forgetting = new Linker({ ...STORY_KNOBS, archivedStories });
    const keeping = new Linker({ ...STORY_KNOBS, archivedStories: Infinity });
    const kept: Placement[] = [];
    const forgot: Placement[] = [];
    let mostHeld = 0;
    for (const a of articles) {
      forgot.push(forgetting.link(a));
      kept.push(keeping.link(a));
      const held = forgetting.remembered;
      mostHeld = Math.max(mostHeld, held.liveStories + held.archivedStories);
    }
    // A date-ordered stream of dated articles never reaches back past the thread window, so
    // forgetting (and the table compaction it triggers) must not move a single article.
    expect(partition(forgot)).toEqual(partition(kept));
    expect(forgot.map((p) => p.thread)).toEqual(kept.map((p) => p.thread));

    const stories = new Set(kept.map((p) => p.story)).size;
    const remembered = keeping.remembered;
    expect(remembered.liveStories + remembered.archivedStories).toBe(stories);
    expect(remembered.articles).toBe(articles.length);
    // The forgetting linker holds the live stories of the time window and a bounded archive, not the corpus's stories.
    const held = forgetting.remembered;
    expect(held.archivedStories).toBeLessThanOrEqual(archivedStories);
    expect(held.liveStories + held.archivedStories).toBeLessThan(stories / 2);
    expect(mostHeld).toBeLessThan(stories / 2);
    expect(held.articles).toBeLessThan(articles.length / 2);

    // Every story still held is found again under its id: a copy of a recent article joins it.
    for (const p of forgot.slice(-60)) {
      const a = articles.find((x) => x.id === p.id)!;
      const copy = forgetting.link({ ...a, id: `${a.id}-copy`, outlet: 'Another Outlet' });
      expect(copy.copyOf).toBe(p.copyOf ?? p.id);
      expect(copy.story).toBe(p.story);
    }
  });

  it('the clusterer finds every story it still holds under its id after compacting its table', () => {
    const clusterer = new StoryClusterer({ ...STORY_KNOBS, archivedStories: 100 });
    const placed = new Set<string>();
    const forgotten = new Set<string>();
    for (const a of articles.slice(0, 1000)) {
      placed.add(clusterer.place(profileArticle(a)).story);
      for (const f of clusterer.takeForgotten()) forgotten.add(f.id);
    }
    expect(forgotten.size).toBeGreaterThan(300);
    for (const id of placed) {
      if (forgotten.has(id)) expect(clusterer.story(id)).toBeUndefined();
      else expect(clusterer.story(id)?.id).toBe(id);
    }
  });

  it('a linker keeps placing articles after forgetting: a copy of a recent article still joins its story', () => {
    const linker = new Linker({ ...STORY_KNOBS, archivedStories: 100 });
    for (const a of articles.slice(0, 1000)) linker.link(a);
    const recent = articles[999]!;
    const copy = linker.link({ ...recent, id: `${recent.id}-copy`, outlet: 'Another Outlet' });
    expect(copy.copyOf).toBe(recent.id);
    expect(copy.copyKind).toBe('syndicated');
    expect(copy.story).toBe(linker.link({ ...recent, id: `${recent.id}-copy2` }).story);
  });
});

describe('copy fingerprints follow the time window', () => {
  const words = (seed: number): string[] => Array.from({ length: 60 }, (_, i) => `w${(seed * 7919 + i * 104_729) % 100_003}`);

  it('forgets fingerprints older than its horizon and still finds recent copies', () => {
    const copies = new CopyDetector({ ...COPY_KNOBS, forgetDays: 30 });
    for (let day = 0; day < 100; day++) copies.add(`a${day}`, 'Outlet', words(day), day);
    // About 30 days' worth are kept, not 100.
    expect(copies.size).toBeLessThanOrEqual(32);
    expect(copies.add('copy-of-recent', 'Outlet', words(95), 100)?.original).toBe('a95');
    expect(copies.add('copy-of-old', 'Outlet', words(10), 100)).toBeNull();
  });

  it('undated articles take the stream date they arrive at, even before any date is seen', () => {
    const copies = new CopyDetector({ ...COPY_KNOBS, forgetDays: 30 });
    copies.add('undated-first', null, words(1), null);
    for (let day = 0; day < 100; day++) copies.add(`a${day}`, null, words(1000 + day), day);
    expect(copies.size).toBeLessThanOrEqual(32);
    expect(copies.add('late-copy', null, words(1), 100)).toBeNull();
  });
});
