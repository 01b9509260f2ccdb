/**
 * Linking speed and memory on a long stream: news-10k repeated with shifted dates to 37,000
 * articles (each pass about 14 years later than the one before, so earlier passes fall out of the
 * time window), read line by line as `storyline cluster` reads its input, copies included.
 * Prints one JSON line: articles/s, seconds, peak RSS, and the heap after each pass (flat when
 * memory follows the time window rather than the corpus).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Linker } from '../src/link/index.js';
import { STORIES_DEV, type StoryRow } from './lib/story-datasets.js';

const ARTICLES = 37_000;
const SHIFT_MS = 5000 * 86_400_000;

const linker = new Linker();
const heapAfterPassMB: number[] = [];
let placed = 0;
let copies = 0;
const started = performance.now();
for (let pass = 0; placed < ARTICLES; pass++) {
  const lines = createInterface({ input: createReadStream(path.join(STORIES_DEV, 'news-10k.jsonl.gz')).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (placed >= ARTICLES) break;
    if (!line.trim()) continue;
    const r = JSON.parse(line) as StoryRow;
    const date = r.date ? Date.parse(r.date) : NaN;
    const placement = linker.link({
      id: `${pass}-${r.id}`, title: r.title, text: r.text,
      published: Number.isNaN(date) ? null : date + pass * SHIFT_MS, outlet: r.source,
    });
    if (placement.copyOf) copies++;
    placed++;
  }
  heapAfterPassMB.push(Math.round(process.memoryUsage().heapUsed / 1e6));
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  bench: 'cluster-speed', articles: placed, copies, seconds: Math.round(seconds * 10) / 10,
  articlesPerSecond: Math.round(placed / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), heapAfterPassMB,
}));
