/**
 * The two stores side by side, as users run them (the built program: `npm run build` first):
 * `storyline ingest` of the AllSides/NeuS dev file (1,957 articles: extraction, analysis, storing,
 * linking) into a new SQLite file, and into new PostgreSQL databases with 1 and then 2
 * `storyline worker` processes doing the work (ingest queues the file and follows the run until it
 * is placed), then `storyline copy-store` of the SQLite store into another new PostgreSQL database.
 * For the workers it reports the whole run, the storing part (until the last job ended) and the
 * linker's part (placing and resolving names), from the workers' own --json events. PostgreSQL is the server in
 * STORYLINE_BENCH_POSTGRES (else STORYLINE_TEST_POSTGRES, else the test default); its role must
 * be allowed to create databases. The databases made here are dropped at the end. Prints one JSON
 * line; `postgres` is null, with the reason, when no server is reachable.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/** As `timed`, without blocking this process. */
function timedAsync(args: string[]): Promise<{ seconds: number; summary: Record<string, unknown> }> {
  const started = performance.now();
  const child = spawn(process.execPath, [PROGRAM, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('exit', (status) => {
      if (status !== 0) return reject(new Error(`storyline ${args.join(' ')} exited ${status}: ${stderr.trim().slice(0, 500)}`));
      const out = stdout.trim();
      resolve({ seconds: (performance.now() - started) / 1000, summary: JSON.parse(out.slice(out.lastIndexOf('\n') + 1)) as Record<string, unknown> });
    });
  });
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

interface WorkerRun { workers: number; seconds: number; articlesPerSecond: number; storingSeconds: number; linkingSeconds: number; linkerArticlesPerSecond: number }

/** Ingest into a new database with `count` workers running; timings from the run and the workers' events. */
async function ingestWithWorkers(url: string, count: number): Promise<WorkerRun> {
  const events: Record<string, unknown>[] = [];
  const workers: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [PROGRAM, 'worker', '--db', url, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as Record<string, unknown>);
    });
    workers.push(child);
  }
  try {
    while (events.filter((e) => e.event === 'started').length < count) await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    // Not spawnSync: the workers' output must keep being read while the run goes on.
    const run = await timedAsync(['ingest', '--db', url, INPUT]);
    const lastJob = Math.max(...events.filter((e) => e.event === 'job').map((e) => Date.parse(String(e.at))));
    const linked = events.find((e) => e.event === 'linker-linked');
    const linkingSeconds = Number(linked?.seconds ?? NaN);
    return {
      workers: count, seconds: round(run.seconds), articlesPerSecond: round(Number(run.summary.stored) / run.seconds), storingSeconds: round((lastJob - started) / 1000),
      linkingSeconds: round(linkingSeconds), linkerArticlesPerSecond: round(Number(linked?.linked ?? 0) / linkingSeconds),
    };
  } finally {
    for (const child of workers) child.kill('SIGTERM');
    await Promise.all(workers.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)))));
  }
}

let postgres: { workerRuns: WorkerRun[]; copyStoreSeconds: number } | null = null;
let postgresUnavailable: string | null = null;
const admin = new pg.Client({ connectionString: SERVER });
const made: string[] = [];
try {
  await admin.connect();
  const suffix = randomBytes(4).toString('hex');
  const workerRuns: WorkerRun[] = [];
  for (const count of [1, 2]) {
    const name = `storyline_bench_workers${count}_${suffix}`;
    const url = await newDatabase(admin, name);
    made.push(name);
    workerRuns.push(await ingestWithWorkers(url, count));
  }
  const copyUrl = await newDatabase(admin, `storyline_bench_copy_${suffix}`);
  made.push(`storyline_bench_copy_${suffix}`);
  const copy = timed(['copy-store', '--from', sqliteStore, '--to', copyUrl]);
  postgres = { workerRuns, copyStoreSeconds: round(copy.seconds) };
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
