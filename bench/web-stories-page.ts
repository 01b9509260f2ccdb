/**
 * How fast the web app's stories page shows a 10,000-article store: from navigation start to the
 * first 50 story rows in the page, in Debian's Chromium with an empty cache each time. The store is
 * the dev stream news-10k ingested with the built CLI, cached in the temp folder between runs.
 * Prints one JSON line. `npm run bench:web` (needs `npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/index.js';
import { defaultWebRoot } from '../src/server/web-app.js';
import { chromiumAvailable, CHROMIUM, launchChromium, startWebServer } from '../test/helpers/browser.js';

const RUNS = 5;
const ROWS = 50;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUT = path.resolve(REPO, '..', 'shared', 'datasets', 'stories-dev', 'news-10k.jsonl.gz');
const CACHE = path.join(os.tmpdir(), 'storyline-bench-web');
const DB = path.join(CACHE, 'news-10k.db');
/** Written once the ingest finished: names the input and the build it came from, so a change rebuilds. */
const DONE = `${DB}.done`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Runs in the page (whose CSP forbids evaluating strings): when `rows` story rows are there, the time since navigation start. */
function rowsShownAt(rows: number): number | false {
  const page = globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number } } };
  return page.document.querySelectorAll('.story-row').length >= rows ? performance.now() : false;
}

function fail(message: string): never {
  console.error(`bench web-stories-page: ${message}`);
  process.exit(1);
}

if (!existsSync(path.join(REPO, 'dist', 'cli', 'main.js')) || !existsSync(path.join(defaultWebRoot(), 'index.html'))) fail('run `npm run build` first');
if (!chromiumAvailable()) fail(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);

// The cached store is reused while the input and the built store schema are the ones it was made with.
const MIGRATIONS = path.join(REPO, 'dist', 'store', 'migrations');
const schema = createHash('sha256');
for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.js')).sort()) schema.update(readFileSync(path.join(MIGRATIONS, file)));
const stamp = JSON.stringify({ input: INPUT, size: statSync(INPUT).size, schema: schema.digest('hex').slice(0, 16) });
if (!existsSync(DONE) || readFileSync(DONE, 'utf8') !== stamp) {
  mkdirSync(CACHE, { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '.done']) rmSync(`${DB}${suffix}`, { force: true });
  console.error(`bench web-stories-page: ingesting ${path.basename(INPUT)} into ${DB} (once; reused afterwards)…`);
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'storyline.js'), 'ingest', '--db', DB, INPUT], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) fail(`ingest exited with ${r.status}`);
  writeFileSync(DONE, stamp);
}

const store = await openStore(DB);
const server = await startWebServer(store);
const browser = await launchChromium();
try {
  const renders: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh context each run: no cached assets or API answers.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`, { waitUntil: 'commit' });
    // performance.now() counts from navigation start; checked every animation frame.
    const at = await page.waitForFunction(rowsShownAt, ROWS, { polling: 'raf', timeout: 30_000 });
    renders.push(Number(await at.jsonValue()));
    await context.close();
  }
  const apiTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/stories?limit=${ROWS}`);
    await response.json();
    apiTimes.push(performance.now() - started);
  }
  const [counts, stories] = await Promise.all([store.counts(), store.listStories({ limit: 1_000_000 })]);
  console.log(JSON.stringify({
    bench: 'web-stories-page',
    articles: counts.articles,
    stories: stories.length,
    renderMs: Math.round(median(renders)),
    apiMs: Math.round(median(apiTimes)),
    rendersMs: renders.map(Math.round),
    targetMs: 1000,
  }));
} finally {
  await browser.close();
  await server.close();
  await store.close();
}
