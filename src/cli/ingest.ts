import { InvalidArgumentError, type Command } from 'commander';
import { ingestInputs, type IngestSummary } from '../pipeline.js';
import type { FetchEvent } from '../sources/web-fetcher.js';
import { isWebUrl } from '../sources/web-sources.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { isPostgresLocation, shownLocation } from '../store/index.js';
import { followIngestRun, queueIngestRun } from '../workers/queued-ingest.js';
import { DEFAULT_JOB_TIMEOUT_SECONDS, openWorkQueue } from '../workers/work-queue.js';
import { EXIT_INPUT_FAILED, UserError } from './errors.js';
import { instant } from './list-options.js';
import { StatusLine, displayOrigin } from './output.js';
import { stopOnSignals } from './stop-signals.js';
import { HostProgress, archiveFor, fetcherFor, webOptions, type WebCommandOptions } from './web-options.js';

/** Fetched pages wait at most this long in a batch before they are written. */
const WEB_BATCH_DELAY_MS = 2000;

interface IngestOptions extends WebCommandOptions {
  db: string;
  json?: boolean;
  batchSize: number;
  since?: string;
  maxArticles?: number;
  refetch?: boolean;
  wait: boolean;
  jobTimeout: number;
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1) throw new InvalidArgumentError('give a number of seconds ≥ 1');
  return n;
}

export function registerIngest(program: Command): void {
  webOptions(program
    .command('ingest')
    .description('read files, directories and URLs (article pages, feeds, sitemaps) and store their articles')
    .argument('<inputs...>', 'files or directories (walked recursively), or http(s) URLs')
    .addOption(databaseOption())
    .option('--json', 'print JSON lines: one per fetch event, then the summary')
    .option('--batch-size <n>', 'documents per write transaction', (v) => Number(v), 100)
    .option('--since <date>', 'from feeds and sitemaps, only items dated on or after this day (undated items are kept)')
    .option('--max-articles <n>', 'from each feed or sitemap, at most this many articles (the newest)', (v) => Number(v))
    .option('--refetch', 'fetch article pages again even when the store already has them')
    .option('--no-wait', 'PostgreSQL: queue the inputs for workers and return without following them')
    .option('--job-timeout <seconds>', 'PostgreSQL: a job a worker has held this long is given to another worker (its worker died)', positiveSeconds, DEFAULT_JOB_TIMEOUT_SECONDS))
    .addHelpText('after', `
Files: .html .htm .txt .json .jsonl .warc, each optionally .gz.
URLs: an article page is stored; an RSS, Atom, RDF or JSON feed, a sitemap (also gzipped, also a
Google News sitemap) or a sitemap index is followed to its article pages. Pages already stored are
not fetched again. Fetching is polite: robots.txt is honoured, one request at a time per host with a
pause between, retries back off and respect Retry-After. Private and loopback addresses are refused
unless --allow-private is given.

Storing is idempotent: a document already stored is counted as unchanged; a changed document at
the same URL (or file path) becomes a new version of its article. Bad inputs are reported and
skipped; the exit code is 1 when any input failed. Ctrl-C stops reading and fetching; what was read is stored and placed.

On PostgreSQL (--db postgres://…) ingest does not do the work itself: it reads the files into the
store's queue, in order, with the URLs to fetch, and \`storyline worker\` processes (any number, on
any machines) fetch, extract and store them; one of them places the articles into stories, as
ingest on one machine would. ingest follows their progress until the articles are placed (Ctrl-C
stops following; the workers carry on), or returns at once with --no-wait.

Examples:
  $ storyline ingest examples/
  $ storyline ingest --db news.db crawl.warc.gz feed-dump.jsonl
  $ storyline ingest https://news.example/rss.xml --archive crawl/
  $ storyline ingest https://news.example/sitemap.xml --since 2026-11-01 --max-articles 200`)
    .action(async (inputs: string[], opts: IngestOptions) => {
      const urls = inputs.filter(isWebUrl);
      const paths = inputs.filter((i) => !isWebUrl(i));
      const otherScheme = paths.find((p) => /^[a-z][a-z0-9+.-]*:\/\//i.test(p));
      if (otherScheme) throw new UserError(`${otherScheme}: only http:// and https:// URLs can be fetched (or give a file path)`);
      const since = instant('--since', opts.since);
      if (opts.maxArticles !== undefined && !(Number.isInteger(opts.maxArticles) && opts.maxArticles > 0)) {
        throw new UserError(`--max-articles needs a whole number > 0, got ${opts.maxArticles}`);
      }

      if (isPostgresLocation(opts.db)) {
        await queuedIngest(inputs, paths, urls, opts);
        return;
      }
      const store = await openStoreAt(opts.db);
      const status = new StatusLine();
      const hosts = new HostProgress();
      let line = '';
      const onFetch = (event: FetchEvent): void => {
        hosts.record(event);
        if (opts.json) console.log(JSON.stringify({ event: event.kind, ...event, kind: undefined }));
        else status.update(`${line} · ${hosts.describe()}`);
      };
      const fetcher = urls.length > 0 ? fetcherFor(opts, onFetch) : null;
      const archive = urls.length > 0 ? archiveFor(opts) : undefined;
      const stop = stopOnSignals(() => status.clear());
      const maxBytes = Math.round(opts.maxSize * 1024 * 1024);

      let summary: IngestSummary;
      try {
        summary = await ingestInputs({
          paths,
          urls,
          maxDocumentBytes: maxBytes,
          ...(fetcher ? {
            web: {
              fetcher,
              refetch: opts.refetch === true,
              ...(since !== undefined ? { since } : {}),
              ...(opts.maxArticles !== undefined ? { maxArticles: opts.maxArticles } : {}),
              ...(archive ? { archive } : {}),
              onWarning: (url: string, message: string) => {
                if (opts.json) console.log(JSON.stringify({ event: 'warning', url, message }));
                else {
                  status.clear();
                  console.error(`warning: ${url}: ${message}`);
                }
              },
            },
          } : {}),
          signal: stop.signal,
        }, store, {
          batchSize: opts.batchSize > 0 ? opts.batchSize : 100,
          ...(fetcher ? { maxBatchDelayMs: WEB_BATCH_DELAY_MS } : {}),
          onProgress: (t, current) => {
            line = `read ${t.read} · stored ${t.stored} · new versions ${t.newVersions} · unchanged ${t.unchanged} · failed ${t.failed}`;
            status.update(`${line}${current ? ` · ${displayOrigin(current)}` : ''}`);
          },
        });
      } finally {
        status.clear();
        stop.dispose();
        await fetcher?.close();
        await archive?.close();
        await store.close();
      }
      const stopped = stop.signal.aborted;
      if (opts.json) {
        console.log(JSON.stringify({
          event: 'summary',
          ...summary,
          stopped,
          archiveFiles: archive?.files ?? [],
          failures: summary.failures.map((f) => ({ ...f, origin: displayOrigin(f.origin) })),
        }));
      } else {
        if (stopped) console.log('stopped: what was read before is stored');
        console.log(`read ${summary.read}, stored ${summary.stored}, new versions ${summary.newVersions}, unchanged ${summary.unchanged}, failed ${summary.failed}${summary.skipped ? `, skipped ${summary.skipped}` : ''} → ${shownLocation(opts.db)}`);
        if (summary.linked) console.log(`placed ${summary.linked} articles into stories (${summary.newStories} new stories)`);
        if (archive && archive.files.length > 0) console.log(`archived to ${archive.files.map(displayOrigin).join(', ')}`);
        for (const f of summary.failures) console.error(`failed: ${displayOrigin(f.origin)}: ${f.reason}`);
      }
      if (summary.failed > 0) process.exitCode = EXIT_INPUT_FAILED;
    });
}

/** How long a run may show no progress before ingest says that no worker seems to be running. */
const IDLE_WARNING_MS = 15_000;

/** `ingest` on PostgreSQL: the inputs go into the queue for workers; then their progress is followed until the run is placed. */
async function queuedIngest(inputs: string[], paths: string[], urls: string[], opts: IngestOptions): Promise<void> {
  const shown = shownLocation(opts.db);
  const store = await openStoreAt(opts.db);
  const status = new StatusLine();
  const stop = stopOnSignals(() => status.clear());
  let queue;
  try {
    queue = await openWorkQueue(opts.db, { jobTimeoutSeconds: opts.jobTimeout });
  } catch (error) {
    await store.close();
    stop.dispose();
    throw new UserError((error as Error).message);
  }
  let run;
  let progress;
  try {
    run = await queueIngestRun({ paths, urls, maxDocumentBytes: Math.round(opts.maxSize * 1024 * 1024), signal: stop.signal }, store, queue, {
      description: inputs.join(' '),
      onQueued: (queued) => status.update(`queued ${queued} inputs`),
    });
    status.clear();
    if (opts.json) console.log(JSON.stringify({ event: 'queued', runId: run.runId, queued: run.queued, jobs: run.jobs }));
    else console.error(`queued ${run.queued} inputs as ingest run ${run.runId} (${run.jobs} jobs) → ${shown}`);
    if (!opts.wait || stop.signal.aborted) {
      if (!opts.json) console.error(`workers store and place them: storyline worker --db ${shown}`);
      return;
    }
    let lastSettled = -1;
    let lastChange = Date.now();
    progress = await followIngestRun(store, run.runId, {
      signal: stop.signal,
      onProgress: (p) => {
        if (p.settled !== lastSettled) {
          lastSettled = p.settled;
          lastChange = Date.now();
        }
        const idle = Date.now() - lastChange > IDLE_WARNING_MS && p.settled < p.queued ? ' · no progress: is a worker running? (storyline worker)' : '';
        const stage = p.settled < p.queued ? `settled ${p.settled}/${p.queued}` : 'placing into stories';
        status.update(`run ${p.id}: ${stage} · stored ${p.stored} · unchanged ${p.unchanged} · failed ${p.failed}${idle}`);
      },
      onUnreachable: (error) => status.update(`run ${run!.runId}: cannot reach the store (${error.message}); still trying`),
    });
  } finally {
    status.clear();
    stop.dispose();
    await queue.stop().catch(() => undefined);
    await store.close();
  }
  const placed = progress.linkedAt !== null;
  if (opts.json) {
    console.log(JSON.stringify({
      event: 'summary', runId: progress.id, queued: progress.queued, settled: progress.settled, stored: progress.stored, newVersions: progress.newVersions,
      unchanged: progress.unchanged, failed: progress.failed, skipped: progress.skipped, linked: progress.linked, newStories: progress.newStories, placed,
      stopped: stop.signal.aborted, failures: progress.failures.map((f) => ({ ...f, origin: displayOrigin(f.origin) })),
    }));
  } else {
    if (!placed) console.log(`stopped following run ${progress.id}: the workers carry on (settled ${progress.settled}/${progress.queued})`);
    console.log(`run ${progress.id}: stored ${progress.stored}, new versions ${progress.newVersions}, unchanged ${progress.unchanged}, failed ${progress.failed}${progress.skipped ? `, skipped ${progress.skipped}` : ''} → ${shown}`);
    if (placed) console.log(`placed ${progress.linked} articles into stories (${progress.newStories} new stories)`);
    for (const f of progress.failures) console.error(`failed: ${displayOrigin(f.origin)}: ${f.reason}`);
  }
  if (progress.failed > 0) process.exitCode = EXIT_INPUT_FAILED;
}
