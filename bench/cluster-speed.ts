/**
 * Linking speed and memory on a long stream, as users run it: `storyline cluster --jsonl -` (the
 * built program, `npm run build` first) fed news-10k repeated with shifted dates to 37,000
 * full-text articles (each pass about 14 years after the one before, so no pass finds the last
 * one's stories or copies; the last pass has the real dates, since dates in the future are
 * rejected as implausible). Prints one JSON line: articles/s, seconds, the program's peak resident
 * memory, and its resident memory after each pass (flat when memory follows the time window, not
 * the corpus). Peak memory is read from /proc (Linux).
 */
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { STORIES_DEV, type StoryRow } from './lib/story-datasets.js';

const ARTICLES = 37_000;
const PASS_ARTICLES = 10_000;
const SHIFT_MS = 5000 * 86_400_000;
const PASSES = Math.ceil(ARTICLES / PASS_ARTICLES);
const PROGRAM = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'bin', 'storyline.js');

/** The child's resident memory now and at its peak, in MB (null once it has exited). */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

const started = performance.now();
const child = spawn(process.execPath, [PROGRAM, 'cluster', '--jsonl', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
let peakMB = 0;
const rssAfterPassMB: number[] = [];
let placed = 0;
let copies = 0;
const sample = setInterval(() => {
  const m = memoryOf(child.pid!);
  if (m) peakMB = Math.max(peakMB, m.peak);
}, 250);
const reading = (async () => {
  for await (const line of createInterface({ input: child.stdout!, crlfDelay: Infinity })) {
    if ((JSON.parse(line) as { copyOf: string | null }).copyOf) copies++;
    if (++placed % PASS_ARTICLES === 0 || placed === ARTICLES) {
      const m = memoryOf(child.pid!);
      if (m) {
        rssAfterPassMB.push(m.rss);
        peakMB = Math.max(peakMB, m.peak);
      }
    }
  }
})();

let written = 0;
for (let pass = 0; written < ARTICLES; pass++) {
  const lines = createInterface({ input: createReadStream(path.join(STORIES_DEV, 'news-10k.jsonl.gz')).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (written >= ARTICLES) break;
    if (!line.trim()) continue;
    const r = JSON.parse(line) as StoryRow;
    const date = r.date ? Date.parse(r.date) : NaN;
    const shifted = { ...r, id: `${pass}-${r.id}`, date: Number.isNaN(date) ? null : new Date(date + (pass - PASSES + 1) * SHIFT_MS).toISOString().slice(0, 10) };
    if (!child.stdin!.write(`${JSON.stringify(shifted)}\n`)) await once(child.stdin!, 'drain');
    written++;
  }
}
child.stdin!.end();
const [code] = (await once(child, 'exit')) as [number | null];
await reading;
clearInterval(sample);
const seconds = (performance.now() - started) / 1000;
if (code !== 0 || placed !== ARTICLES) throw new Error(`storyline cluster exited with ${code} after ${placed} of ${ARTICLES} articles`);
console.log(JSON.stringify({
  bench: 'cluster-speed', articles: placed, copies, seconds: Math.round(seconds * 10) / 10,
  articlesPerSecond: Math.round(placed / seconds), peakRssMB: peakMB, rssAfterPassMB,
}));
