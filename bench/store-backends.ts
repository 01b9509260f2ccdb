/**
 * The two stores side by side, as users run them (the built program: `npm run build` first):
 * `storyline ingest` of the AllSides/NeuS dev file (1,957 articles: extraction, analysis, storing,
 * linking) into a new SQLite file and into a new PostgreSQL database, then `storyline copy-store`
 * of the SQLite store into another new PostgreSQL database. PostgreSQL is the server in
 * STORYLINE_BENCH_POSTGRES (else STORYLINE_TEST_POSTGRES, else the test default); its role must
 * be allowed to create databases. The databases made here are dropped at the end. Prints one JSON
 * line; `postgres` is null, with the reason, when no server is reachable.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { STORIES_DEV } from './lib/story-datasets.js';

const PROGRAM = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'bin', 'storyline.js');
const INPUT = path.join(STORIES_DEV, 'allsides_neus_baly.dev.jsonl');
const SERVER = process.env.STORYLINE_BENCH_POSTGRES ?? process.env.STORYLINE_TEST_POSTGRES ?? 'postgres://storyline:storyline@127.0.0.1:5432/storyline_test';

/** Runs the program; its wall time in seconds and what its --json summary said. */
function timed(args: string[]): { seconds: number; summary: Record<string, unknown> } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [PROGRAM, ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`storyline ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().slice(0, 500)}`);
  // ingest prints JSON lines, the summary last; copy-store prints one JSON document.
  const out = r.stdout.trim();
  const last = out.slice(out.lastIndexOf('\n') + 1);
  return { seconds, summary: JSON.parse(last.startsWith('{') && last.endsWith('}') && last !== '}' ? last : out) as Record<string, unknown> };
}

/** A URL for a new database on the server, or the reason none can be made. */
async function newDatabase(admin: pg.Client, name: string): Promise<string> {
  await admin.query(`create database ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const dir = mkdtempSync(path.join(os.tmpdir(), 'storyline-bench-stores-'));
const sqliteStore = path.join(dir, 'dev.db');
const sqlite = timed(['ingest', '--db', sqliteStore, INPUT]);
const articles = Number(sqlite.summary.stored);

let postgres: { ingestSeconds: number; articlesPerSecond: number; copyStoreSeconds: number } | null = null;
let postgresUnavailable: string | null = null;
const admin = new pg.Client({ connectionString: SERVER });
const made: string[] = [];
try {
  await admin.connect();
  const suffix = randomBytes(4).toString('hex');
  const ingestUrl = await newDatabase(admin, `storyline_bench_ingest_${suffix}`);
  made.push(`storyline_bench_ingest_${suffix}`);
  const copyUrl = await newDatabase(admin, `storyline_bench_copy_${suffix}`);
  made.push(`storyline_bench_copy_${suffix}`);
  const ingest = timed(['ingest', '--db', ingestUrl, INPUT]);
  const copy = timed(['copy-store', '--from', sqliteStore, '--to', copyUrl]);
  postgres = { ingestSeconds: round(ingest.seconds), articlesPerSecond: round(articles / ingest.seconds), copyStoreSeconds: round(copy.seconds) };
} catch (e) {
  if (made.length === 0) postgresUnavailable = (e as Error).message;
  else throw e;
} finally {
  for (const name of made) await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}

console.log(JSON.stringify({
  bench: 'store-backends',
  input: path.basename(INPUT),
  articles,
  sqlite: { ingestSeconds: round(sqlite.seconds), articlesPerSecond: round(articles / sqlite.seconds) },
  postgres,
  ...(postgresUnavailable ? { postgresUnavailable } : {}),
}));
