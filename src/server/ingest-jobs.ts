import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DEFAULT_WEB_FETCH_SETTINGS, archiveFor, fetcherFor, type WebFetchSettings } from '../sources/web-fetch-settings.js';
import { DEFAULT_BATCH_SIZE, ingestInputs, type IngestSummary, type IngestTally, type KeptLinker } from '../pipeline.js';
import type { WebFetcher } from '../sources/web-fetcher.js';
import type { SaveResult, Store } from '../store/store.js';

/**
 * Ingest jobs started over HTTP, run one at a time: linking places articles in one order and the
 * store has one writer, so a second ingest waits for the first. Each job is read exactly as
 * `storyline ingest` reads its inputs (site chrome learned from the uploaded text dumps, then files
 * and URLs through the same pipeline, linking and corpus entities at the end). Progress fans out
 * to subscribers (the SSE streams), throttled.
 */

/** Finished jobs kept for GET /api/ingest; older ones are forgotten. */
const KEPT_FINISHED_JOBS = 50;
/** Jobs waiting at most: each may hold uploaded files on disk. */
const MAX_QUEUED_JOBS = 16;
/** Progress reaches subscribers at most this often (10 a second). */
const PROGRESS_INTERVAL_MS = 100;
/** Fetched pages wait at most this long in a batch before they are written (as `storyline ingest`). */
const WEB_BATCH_DELAY_MS = 2000;
/** Warnings, failures and article ids kept per job: a runaway feed must not grow a job without bound. */
const MAX_WARNINGS = 100;
const MAX_LISTED_FAILURES = 500;
const MAX_LISTED_ARTICLES = 1000;
/** At shutdown, pages already being fetched get this long to arrive before their requests are cancelled. */
const SHUTDOWN_GRACE_MS = 5000;
/** Uploaded files are stored under this origin (`upload/NAME`), not their temporary path, so re-uploading a file finds it stored. */
export const UPLOAD_ORIGIN = 'upload/';
/** Each part of a sanitised upload name stays this short (extension included). */
const MAX_UPLOAD_NAME = 120;
/** Folders kept from an uploaded folder's relative paths (the innermost ones). */
const MAX_UPLOAD_FOLDERS = 3;

export type IngestState = 'queued' | 'running' | 'done' | 'failed';

export interface IngestJobSummary extends IngestSummary {
  /** The articles this job read, with what storing them did (at most MAX_LISTED_ARTICLES). */
  articles: { id: string; outcome: SaveResult['outcome'] }[];
  /** True when the server was stopping: what was read before is stored, the rest was not read. */
  stopped: boolean;
}

export interface IngestJobSnapshot {
  id: string;
  state: IngestState;
  /** The URLs and uploaded file names, as the job reads them. */
  inputs: string[];
  tally: IngestTally;
  /** The input being read now. */
  current: string | null;
  /** What a running job is doing: reading its inputs, then placing the new articles into stories. */
  stage: 'reading' | 'linking' | null;
  warnings: { url: string; message: string }[];
  summary: IngestJobSummary | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What a subscriber hears, named as the SSE events are. */
export type IngestEvent =
  | { event: 'progress'; data: IngestJobSnapshot }
  | { event: 'warning'; data: { url: string; message: string } }
  | { event: 'done'; data: IngestJobSnapshot }
  | { event: 'failed'; data: { message: string } };

/** An uploaded file: its sanitised name and its content. */
export interface Upload {
  name: string;
  content: Blob;
}

export interface IngestJobsOptions {
  /** Fetch politeness and limits, as `storyline ingest` takes them; commander's defaults when absent. */
  web?: WebFetchSettings;
  /** Where unexpected failures are reported. */
  logError?: (error: unknown) => void;
}

/** Thrown by `submit` when the request cannot become a job now; `status` is the HTTP status to answer. */
export class IngestRefused extends Error {
  constructor(readonly status: 400 | 429 | 503, message: string) {
    super(message);
    this.name = 'IngestRefused';
  }
}

/** A job as the queue holds it: what callers see of it, and how it runs. */
interface Job extends IngestJobSnapshot {
  urls: string[];
  /** The private directory holding the uploads, removed when the job ends. */
  dir: string | null;
  files: string[];
  abort: AbortController;
  fetcher: WebFetcher | null;
  listeners: Set<(event: IngestEvent) => void>;
  progressTimer: NodeJS.Timeout | null;
  lastProgressAt: number;
}

/** One part of a path: no control characters or characters a shell or a file system reads specially, never `.` or `..`. */
function safePart(part: string): string {
  return part
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '');
}

/** A part cut to MAX_UPLOAD_NAME characters, keeping its extension (`.html.gz`). */
function shortened(part: string, fallback: string): string {
  const extension = /(\.[a-z0-9]{1,8})?(\.gz)?$/i.exec(part)?.[0] ?? '';
  const stem = part.slice(0, part.length - extension.length) || fallback;
  return stem.slice(0, Math.max(1, MAX_UPLOAD_NAME - extension.length)) + extension;
}

/**
 * A relative path safe to create inside the job's directory, from the name the client gave. A
 * browser uploading a folder names each file by its path in it (`outlet/page.txt`): the innermost
 * folders are kept, each part cleaned, because text dumps teach site chrome per folder, as on the
 * command line. `..`, absolute paths, NUL and overlong names come out harmless; never empty.
 */
export function sanitiseUploadName(clientName: string): string {
  const parts = clientName.split(/[/\\]/).map(safePart).filter(Boolean);
  const file = shortened(parts.pop() ?? '', 'upload');
  const folders = parts.slice(-MAX_UPLOAD_FOLDERS).map((p) => shortened(p, 'folder'));
  return [...folders, file].join('/');
}

export class IngestJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly web: WebFetchSettings;
  private readonly logError: (error: unknown) => void;
  private active: Promise<void> | null = null;
  private closed = false;
  /** The linker kept between jobs: the store's placements are replayed once per server, not once per ingest. */
  private readonly linkerHolder: { kept: KeptLinker | null } = { kept: null };

  constructor(private readonly store: Store, options: IngestJobsOptions = {}) {
    this.web = options.web ?? { ...DEFAULT_WEB_FETCH_SETTINGS };
    this.logError = options.logError ?? ((e: unknown) => console.error(e));
  }

  /**
   * Queues an ingest of these URLs and uploads (names already sanitised and checked). The uploads
   * are written to a private temporary directory first; the job starts when no other runs.
   */
  async submit(request: { urls: readonly string[]; uploads: readonly Upload[] }): Promise<IngestJobSnapshot> {
    if (this.closed) throw new IngestRefused(503, 'the server is stopping: start the ingest again once it is back');
    const waiting = [...this.jobs.values()].filter((j) => j.state === 'queued').length;
    if (waiting >= MAX_QUEUED_JOBS) {
      throw new IngestRefused(429, `${waiting} ingests are already waiting: try again when one has finished (GET /api/ingest lists them)`);
    }
    const dir = request.uploads.length > 0 ? await mkdtemp(path.join(os.tmpdir(), 'storyline-upload-')) : null;
    const files: string[] = [];
    try {
      for (const [i, upload] of request.uploads.entries()) {
        const file = path.join(dir!, ...uniqueName(upload.name, files, dir!).split('/'));
        try {
          await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
          // 'wx': never through an existing file or link; 0600: the upload is the user's alone.
          await pipeline(Readable.fromWeb(upload.content.stream() as WebReadableStream<Uint8Array>), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
            throw new IngestRefused(400, `files[${i}]: ${JSON.stringify(upload.name)} has the name of a folder or file another upload of this request uses: rename one`);
          }
          throw e;
        }
        files.push(file);
      }
    } catch (e) {
      if (dir) await rm(dir, { recursive: true, force: true });
      throw e;
    }
    const job: Job = {
      id: randomBytes(8).toString('hex'),
      state: 'queued',
      inputs: [...files.map((f) => UPLOAD_ORIGIN + path.relative(dir!, f).split(path.sep).join('/')), ...request.urls],
      urls: [...request.urls],
      dir,
      files,
      tally: { read: 0, stored: 0, newVersions: 0, unchanged: 0, failed: 0, skipped: 0 },
      current: null,
      stage: null,
      warnings: [],
      summary: null,
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      abort: new AbortController(),
      fetcher: null,
      listeners: new Set(),
      progressTimer: null,
      lastProgressAt: 0,
    };
    this.jobs.set(job.id, job);
    this.pump();
    return snapshotOf(job);
  }

  get(id: string): IngestJobSnapshot | null {
    const job = this.jobs.get(id);
    return job ? snapshotOf(job) : null;
  }

  /** Every kept job, newest first. */
  list(): IngestJobSnapshot[] {
    return [...this.jobs.values()].reverse().map(snapshotOf);
  }

  /**
   * Calls `listener` with the job's events until it ends; returns the unsubscribe function, or null
   * for an unknown job. The caller reads the current snapshot with `get` first.
   */
  subscribe(id: string, listener: (event: IngestEvent) => void): (() => void) | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /**
   * Stops taking jobs: the waiting ones fail without reading anything, the running one stops fetching
   * (pages in flight get a grace period), stores what it read and links it. Resolves once it has.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.values()) {
      if (job.state !== 'queued') continue;
      await this.finish(job, null, 'the server stopped before this ingest started: nothing from it was read');
    }
    const running = [...this.jobs.values()].find((j) => j.state === 'running');
    if (running) {
      running.abort.abort();
      const grace = setTimeout(() => void running.fetcher?.close(), SHUTDOWN_GRACE_MS);
      try {
        await this.active;
      } finally {
        clearTimeout(grace);
      }
    }
  }

  private pump(): void {
    if (this.active || this.closed) return;
    const next = [...this.jobs.values()].find((j) => j.state === 'queued');
    if (!next) return;
    this.active = this.run(next).finally(() => {
      this.active = null;
      this.pump();
    });
  }

  private async run(job: Job): Promise<void> {
    job.state = 'running';
    job.stage = 'reading';
    job.startedAt = new Date().toISOString();
    this.emit(job, { event: 'progress', data: snapshotOf(job) });
    const signal = job.abort.signal;
    const fetcher = job.urls.length > 0 ? fetcherFor(this.web) : null;
    job.fetcher = fetcher;
    const archive = job.urls.length > 0 ? archiveFor(this.web) : undefined;
    const maxDocumentBytes = Math.round(this.web.maxSize * 1024 * 1024);
    const uploadOrigin = (origin: string): string => (job.dir && origin.startsWith(job.dir + path.sep) ? UPLOAD_ORIGIN + origin.slice(job.dir.length + 1).split(path.sep).join('/') : origin);
    const articles: IngestJobSummary['articles'] = [];
    const web = this.web;
    const warn = (url: string, message: string): void => {
      if (job.warnings.length < MAX_WARNINGS) job.warnings.push({ url, message });
      this.emit(job, { event: 'warning', data: { url, message } });
    };
    let summary: IngestSummary | null = null;
    let error: string | null = null;
    try {
      summary = await ingestInputs({
        paths: job.files,
        urls: job.urls,
        maxDocumentBytes,
        fileOrigin: uploadOrigin,
        ...(fetcher ? { web: { fetcher, ...(archive ? { archive } : {}), onWarning: warn } } : {}),
        signal,
      }, this.store, {
        batchSize: DEFAULT_BATCH_SIZE,
        linkerHolder: this.linkerHolder,
        onSaved: (results) => {
          for (const r of results) if (articles.length < MAX_LISTED_ARTICLES) articles.push({ id: r.articleId, outcome: r.outcome });
        },
        ...(fetcher ? { maxBatchDelayMs: WEB_BATCH_DELAY_MS } : {}),
        onLinking: () => {
          job.stage = 'linking';
          job.current = null;
          // At once, not throttled: a watcher learns the job has moved on even if linking is quick.
          this.emit(job, { event: 'progress', data: snapshotOf(job) });
        },
        onProgress: (tally, current) => {
          job.tally = { read: tally.read, stored: tally.stored, newVersions: tally.newVersions, unchanged: tally.unchanged, failed: tally.failed, skipped: tally.skipped };
          job.current = current;
          this.scheduleProgress(job);
        },
      });
    } catch (e) {
      // The kept linker may hold placements that were never saved: the next job rebuilds it from the store.
      this.linkerHolder.kept = null;
      this.logError(e);
      const message = job.dir ? String((e as Error).message ?? e).split(job.dir + path.sep).join(UPLOAD_ORIGIN) : String((e as Error).message ?? e);
      error = `the ingest failed: ${message}. What earlier batches stored is kept; the server's log has the details`;
    } finally {
      await fetcher?.close();
      await archive?.close().catch((e: unknown) => warn(web.archive ?? 'archive', `could not finish the WARC archive: ${(e as Error).message}`));
    }
    await this.finish(job, summary && {
      ...summary,
      failures: summary.failures.slice(0, MAX_LISTED_FAILURES),
      articles,
      stopped: signal.aborted,
    }, error);
  }

  /** Ends a job: its uploads are removed, its subscribers hear the outcome, old jobs are forgotten. */
  private async finish(job: Job, summary: IngestJobSummary | null, error: string | null): Promise<void> {
    if (job.dir) await rm(job.dir, { recursive: true, force: true }).catch((e: unknown) => this.logError(e));
    if (job.progressTimer) clearTimeout(job.progressTimer);
    job.progressTimer = null;
    job.fetcher = null;
    job.current = null;
    job.stage = null;
    job.finishedAt = new Date().toISOString();
    if (summary) {
      job.state = 'done';
      job.summary = summary;
      job.tally = { read: summary.read, stored: summary.stored, newVersions: summary.newVersions, unchanged: summary.unchanged, failed: summary.failed, skipped: summary.skipped };
      this.emit(job, { event: 'done', data: snapshotOf(job) });
    } else {
      job.state = 'failed';
      job.error = error ?? 'the ingest failed';
      this.emit(job, { event: 'failed', data: { message: job.error } });
    }
    job.listeners.clear();
    this.forgetOldJobs();
  }

  /** A progress event now if none went out in the last interval, else once the interval is over. */
  private scheduleProgress(job: Job): void {
    if (job.progressTimer) return;
    const wait = Math.max(0, job.lastProgressAt + PROGRESS_INTERVAL_MS - Date.now());
    job.progressTimer = setTimeout(() => {
      job.progressTimer = null;
      job.lastProgressAt = Date.now();
      this.emit(job, { event: 'progress', data: snapshotOf(job) });
    }, wait);
  }

  private emit(job: Job, event: IngestEvent): void {
    for (const listener of [...job.listeners]) {
      try {
        listener(event);
      } catch (e) {
        this.logError(e);
      }
    }
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED_JOBS))) this.jobs.delete(job.id);
  }
}

/** `name`, or `name-2.ext`… when an earlier upload of the same request took it. */
function uniqueName(name: string, taken: readonly string[], dir: string): string {
  const used = new Set(taken.map((f) => path.relative(dir, f).split(path.sep).join('/').toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  const extension = /(\.[a-z0-9]{1,8})?(\.gz)?$/i.exec(name)?.[0] ?? '';
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${extension}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}


function snapshotOf(job: Job): IngestJobSnapshot {
  return {
    id: job.id,
    state: job.state,
    inputs: [...job.inputs],
    tally: { ...job.tally },
    current: job.current,
    stage: job.stage,
    warnings: [...job.warnings],
    summary: job.summary,
    error: job.error,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}
