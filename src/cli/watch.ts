import type { Command } from 'commander';
import { watchFeeds, type WatchEvent } from '../feed-watch.js';
import type { FetchEvent } from '../sources/web-fetcher.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { isPostgresLocation, shownLocation } from '../store/index.js';
import { queueWatchRounds } from '../workers/queued-ingest.js';
import { openWorkQueue } from '../workers/work-queue.js';
import { UserError } from './errors.js';
import { feedsInFile, formatInterval, intervalOption } from './feeds.js';
import { StatusLine } from './output.js';
import { stopOnSignals } from './stop-signals.js';
import { HostProgress, archiveFor, fetcherFor, webOptions, type WebCommandOptions } from './web-options.js';

interface WatchCommandOptions extends WebCommandOptions {
  db: string;
  feeds?: string;
  interval: number;
  once?: boolean;
  json?: boolean;
}

function describe(event: WatchEvent): string | null {
  if (event.kind !== 'poll-end') return event.kind === 'linked' ? `placed ${event.linked} articles into stories (${event.newStories} new stories)` : null;
  const o = event.outcome;
  const next = `next ${event.nextCheckAt.slice(11, 16)} UTC`;
  if (o.kind === 'not-modified') return `${event.feed}: not modified · ${next}`;
  if (o.kind === 'failed') return `${event.feed}: failed: ${o.reason} · retry ${event.nextCheckAt.slice(0, 16).replace('T', ' ')} UTC`;
  const done = o.queued !== undefined ? `${o.queued} queued for workers` : `${o.stored} stored${o.failed ? `, ${o.failed} failed` : ''}`;
  return `${event.feed}: ${o.items} items, ${o.newItems} new, ${done} · ${next}${o.warning ? `\n  warning: ${o.warning}` : ''}`;
}

export function registerWatch(program: Command): void {
  webOptions(program
    .command('watch')
    .description('poll feeds on an interval and store new articles as they appear (Ctrl-C stops)')
    .addOption(databaseOption())
    .option('--feeds <file>', 'watch the feeds listed in this file too (one URL per line, optionally followed by an interval; or an OPML export)')
    .addOption(intervalOption('time between polls of a feed from --feeds: 90s, 15m, 2h, 1d'))
    .option('--once', 'poll every due feed once, then exit (for cron)')
    .option('--json', 'print JSON lines: one per poll and fetch event, then the summary'))
    .addHelpText('after', `
Feeds come from the store (\`storyline feeds add URL\`) and from --feeds FILE, which adds its feeds to
the store. The watch remembers each feed's ETag and Last-Modified and every item it handled, so a
restart (even after a crash) fetches nothing twice and misses nothing. A failing feed is retried
later and later (its interval doubled per failure, up to a day).

On PostgreSQL (--db postgres://…) the watch polls the feeds and queues their new pages for
\`storyline worker\` processes, which fetch, store and place them; each round is one ingest run.

Examples:
  $ storyline feeds add https://news.example/rss.xml --interval 10m && storyline watch
  $ storyline watch --feeds feeds.txt --archive crawl/
  $ storyline watch --once --json   # from cron`)
    .action(async (opts: WatchCommandOptions) => {
      const fromFile = opts.feeds ? await feedsInFile(opts.feeds, opts.interval) : [];
      const store = await openStoreAt(opts.db);
      const status = new StatusLine();
      const hosts = new HostProgress();
      const onFetch = (event: FetchEvent): void => {
        hosts.record(event);
        if (opts.json) console.log(JSON.stringify({ event: event.kind, ...event, kind: undefined }));
        else status.update(hosts.describe());
      };
      const fetcher = fetcherFor(opts, onFetch);
      const archive = archiveFor(opts);
      const stop = stopOnSignals(() => status.clear());
      // On PostgreSQL, new pages go to the workers' queue, one ingest run per round.
      const queue = isPostgresLocation(opts.db) ? await openWorkQueue(opts.db).catch(async (error: Error) => {
        await store.close();
        stop.dispose();
        throw new UserError(error.message);
      }) : null;
      const rounds = queue ? queueWatchRounds(store, queue) : null;
      try {
        if (fromFile.length > 0) await store.addFeeds(fromFile);
        const feeds = await store.listFeeds();
        if (feeds.length === 0) throw new UserError('no feeds to watch: add some with `storyline feeds add URL` or give --feeds FILE');
        if (!opts.json) console.log(`watching ${feeds.length} feed${feeds.length === 1 ? '' : 's'}${opts.once ? ' (one round)' : ''}; Ctrl-C stops`);
        const summary = await watchFeeds(store, {
          fetcher,
          ...(archive ? { archive } : {}),
          signal: stop.signal,
          once: opts.once === true,
          ...(rounds ? {
            queuePages: rounds.queuePages,
            roundQueued: async () => {
              const runId = await rounds.endRound();
              if (runId !== null && opts.json) console.log(JSON.stringify({ event: 'queued', runId }));
            },
          } : {}),
          onEvent: (event) => {
            if (opts.json) {
              if (event.kind !== 'article') console.log(JSON.stringify({ event: event.kind, ...event, kind: undefined }));
              return;
            }
            if (event.kind === 'article') {
              status.update(`${event.feed}: stored ${event.tally.stored}, failed ${event.tally.failed} · ${hosts.describe()}`);
              return;
            }
            if (event.kind === 'idle') {
              status.update(`idle until ${event.until.slice(11, 19)} UTC`, true);
              return;
            }
            const text = describe(event);
            if (text) {
              status.clear();
              console.log(text);
            }
          },
        });
        status.clear();
        if (opts.json) console.log(JSON.stringify({ event: 'summary', ...summary, stopped: stop.signal.aborted, archiveFiles: archive?.files ?? [] }));
        else {
          console.log(`${summary.polls} polls (${summary.notModified} not modified, ${summary.failedPolls} failed), ${summary.newItems} new items, ${summary.stored} stored, ${summary.failed} failed → ${shownLocation(opts.db)}`);
          if (!opts.once) console.log(`feeds are polled every ${formatInterval(opts.interval)} unless set otherwise; state kept in ${shownLocation(opts.db)}`);
        }
      } finally {
        await rounds?.endRound().catch(() => undefined);
        await queue?.stop().catch(() => undefined);
        status.clear();
        stop.dispose();
        await fetcher.close();
        await archive?.close();
        await store.close();
      }
    });
}
