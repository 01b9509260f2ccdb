import type { Command } from 'commander';
import { ingestInputs, type IngestSummary } from '../pipeline.js';
import type { FetchEvent } from '../sources/web-fetcher.js';
import { isWebUrl } from '../sources/web-sources.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { shownLocation } from '../store/index.js';
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
    .option('--refetch', 'fetch article pages again even when the store already has them'))
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
