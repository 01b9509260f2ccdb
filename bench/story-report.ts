/**
 * How long a story report takes for a 50-article story: the store read (`getStoryTexts`) plus
 * `storyReport` (timeline, sources, quotes, claim alignment, wording, flags). Prints one JSON
 * line. `npm run bench:report`. Target: under 1 s. The first run is what one CLI call costs.
 *
 * The story is built from real articles: news-10k's largest natural story has about ten articles,
 * so the stream is clustered (in date order, as ingest would) and the articles of its largest
 * stories, biggest first, are taken until there are 50 — related political news of the same weeks.
 * They are ingested into a fresh SQLite store (extraction and analysis as usual) and recorded as
 * one story through `Store.saveStoryLinks`, so the report reads exactly what a real one would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profileArticle, StoryClusterer } from '../src/link/index.js';
import { ingestFiles } from '../src/pipeline.js';
import { storyReport } from '../src/query/story-report.js';
import { openStore } from '../src/store/index.js';
import { readStoryRows, type StoryRow } from './lib/story-datasets.js';

const STORY_SIZE = 50;
const TIMED_RUNS = 7;
const TARGET_MS = 1000;

function largestStories(rows: readonly StoryRow[]): StoryRow[] {
  const dated = rows.filter((r) => r.date).sort((a, b) => a.date!.localeCompare(b.date!));
  const clusterer = new StoryClusterer();
  const stories = new Map<string, StoryRow[]>();
  for (const r of dated) {
    const story = clusterer.place(profileArticle({ id: r.id, title: r.title, text: r.text, published: Date.parse(r.date!), outlet: r.source })).story;
    stories.set(story, [...(stories.get(story) ?? []), r]);
  }
  return [...stories.values()].sort((a, b) => b.length - a.length).flat().slice(0, STORY_SIZE);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'storyline-bench-report-'));
try {
  const chosen = largestStories(readStoryRows('news-10k.jsonl.gz'));
  const input = path.join(dir, 'story.jsonl');
  writeFileSync(input, chosen.map((r) => JSON.stringify({ id: r.id, url: r.url ?? undefined, title: r.title, text: r.text, date: r.date, source: r.source })).join('\n'));
  const store = await openStore(path.join(dir, 'bench.db'));
  try {
    await ingestFiles([input], store, { link: false });
    const stored = await store.listArticles({ limit: STORY_SIZE * 2 });
    const storyId = stored.at(-1)!.id;
    await store.saveStoryLinks(stored.map((a) => ({ articleId: a.id, storyId, threadId: storyId, copyOf: null, copyKind: null })));

    const runs: { readMs: number; reportMs: number }[] = [];
    let counts = { articles: 0, quotes: 0, citations: 0, speakers: 0, claims: 0, sharedClaims: 0, wordingTerms: 0, flags: 0 };
    for (let i = 0; i < TIMED_RUNS; i++) {
      const t0 = performance.now();
      const texts = (await store.getStoryTexts(storyId))!;
      const t1 = performance.now();
      const report = storyReport(texts);
      const t2 = performance.now();
      runs.push({ readMs: t1 - t0, reportMs: t2 - t1 });
      counts = {
        articles: texts.articles.length,
        quotes: texts.articles.reduce((n, a) => n + (a.annotations?.quotes.length ?? 0), 0),
        citations: texts.articles.reduce((n, a) => n + (a.annotations?.citations.length ?? 0), 0),
        speakers: report.quotes.length,
        claims: report.claims.claims.length,
        sharedClaims: report.claims.claims.filter((c) => c.outlets.length > 1).length,
        wordingTerms: report.wording.reduce((n, w) => n + w.terms.length, 0),
        flags: report.flags.length,
      };
    }
    const total = runs.map((r) => r.readMs + r.reportMs).sort((a, b) => a - b);
    const median = <T>(xs: T[]): T => xs[Math.floor(xs.length / 2)]!;
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    console.log(JSON.stringify({
      bench: 'story-report',
      ...counts,
      firstRunMs: round(runs[0]!.readMs + runs[0]!.reportMs),
      medianMs: round(median(total)),
      medianReadMs: round(median(runs.map((r) => r.readMs).sort((a, b) => a - b))),
      medianReportMs: round(median(runs.map((r) => r.reportMs).sort((a, b) => a - b))),
      maxMs: round(total.at(-1)!),
      targetMs: TARGET_MS,
      pass: total.at(-1)! < TARGET_MS,
    }));
  } finally {
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
