/**
 * Memory of `storyline ingest FILE.warc.gz` as the archive grows: the dev extraction pages are
 * written to a WARC once, then three times over (under new URLs), and each archive is ingested
 * into a fresh store by the built CLI. Streaming means the peak RSS of the larger run stays close
 * to the smaller one's. Prints one JSON line: records, archive MB, seconds and peak RSS per run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { WarcArchive } from '../src/sources/warc-archive.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', 'bin', 'storyline.js');
const PAGES = path.join(here, '..', '..', 'shared', 'datasets', 'extraction-dev', 'pages');
/** Prints the process's peak RSS (KiB) on stderr as it exits. */
const REPORT_PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kib '+process.resourceUsage().maxRSS+'\\n'))`;

async function buildArchive(dir: string, passes: number): Promise<{ file: string; records: number }> {
  const archive = new WarcArchive(dir);
  let records = 0;
  const files = readdirSync(PAGES).filter((f) => f.endsWith('.html.gz')).sort();
  for (let pass = 0; pass < passes; pass++) {
    for (const f of files) {
      const body = gunzipSync(readFileSync(path.join(PAGES, f)));
      await archive.write({ url: `https://pages.example/${pass}/${f.replace(/\.gz$/, '')}`, status: 200, contentType: 'text/html', charset: null, body, fetchedAt: '2026-11-01T00:00:00Z' });
      records++;
    }
  }
  await archive.close();
  return { file: archive.files[0]!, records };
}

function ingest(file: string, db: string): { seconds: number; peakRssMB: number; stored: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', REPORT_PEAK, BIN, 'ingest', '--db', db, '--json', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const peak = Number(/peak-rss-kib (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { stored?: number };
  return { seconds: Math.round(seconds * 10) / 10, peakRssMB: Math.round(peak / 1024), stored: summary.stored ?? 0 };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'storyline-warc-bench-'));
try {
  const runs = [];
  for (const passes of [1, 3]) {
    const dir = path.join(work, `archive-${passes}`);
    const { file, records } = await buildArchive(dir, passes);
    const result = ingest(file, path.join(work, `store-${passes}.db`));
    runs.push({ records, archiveMB: Math.round(statSync(file).size / 1e5) / 10, ...result });
  }
  console.log(JSON.stringify({ bench: 'warc-ingest', runs, peakGrowthMB: runs[1]!.peakRssMB - runs[0]!.peakRssMB }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
