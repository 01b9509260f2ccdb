import type { Command } from 'commander';
import { isPostgresLocation, shownLocation } from '../store/index.js';
import type { FetchEvent } from '../sources/web-fetcher.js';
import { isConnectionFailure, settleInputs } from '../workers/input-jobs.js';
import { runStandingLinker, type LinkerEvent } from '../workers/standing-linker.js';
import { openWorkQueue } from '../workers/work-queue.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { UserError } from './errors.js';
import { StatusLine } from './output.js';
import { stopOnSignals } from './stop-signals.js';
import { archiveFor, fetcherFor, webOptions, type WebCommandOptions } from './web-options.js';

interface WorkerOptions extends WebCommandOptions {
  db: string;
  json?: boolean;
  jobs: boolean;
  link: boolean;
}

export function registerWorker(program: Command): void {
  webOptions(program
    .command('worker')
    .description('take ingest jobs from a PostgreSQL store\'s queue: fetch, extract, analyse and store; one worker at a time also places articles into stories')
    .addOption(databaseOption())
    .option('--json', 'print one JSON line per job and linker event')
    .option('--no-jobs', 'take no ingest jobs: only stand by to place articles')
    .option('--no-link', 'never place articles into stories: only take jobs'))
    .addHelpText('after', `
Run any number of workers, on any machines that reach the database; \`storyline ingest --db postgres://…\`
puts its inputs in the store's queue for them and follows their progress. Each job is a few
documents (or one URL, followed to its articles when it is a feed or sitemap). A job whose worker
dies is given to another worker once its time is up (\`ingest --job-timeout\`, default 300 s); nothing is
stored twice. When the database restarts, workers reconnect and carry on.

Placing articles into stories needs one ordered writer: exactly one worker is the linker at a time
(a PostgreSQL advisory lock). It places each ingest once all its inputs are settled, in the order the
ingests began, as ingest on one machine would. When it stops or dies, another worker takes over from
what is stored.

Ctrl-C (SIGTERM) finishes the job in hand, then stops.

Examples:
  $ storyline worker --db postgres://storyline@db.example/news
  $ storyline worker --db postgres://storyline@db.example/news --no-link --json`)
    .action(async (opts: WorkerOptions) => {
      if (!isPostgresLocation(opts.db)) {
        throw new UserError(`workers need a PostgreSQL store (--db postgres://…), not ${opts.db}: on SQLite, \`storyline ingest\` does the work itself`);
      }
      if (!opts.jobs && !opts.link) throw new UserError('--no-jobs and --no-link together leave the worker nothing to do');
      const shown = shownLocation(opts.db);
      const store = await openStoreAt(opts.db);
      const status = new StatusLine();
      const tally = { jobs: 0, stored: 0, newVersions: 0, unchanged: 0, failed: 0, linked: 0 };
      let role = opts.link ? 'standing by to link' : 'not linking';
      const show = (): void => status.update(`${shown}: ${tally.jobs} jobs · stored ${tally.stored} · unchanged ${tally.unchanged} · failed ${tally.failed} · placed ${tally.linked} · ${role}`);
      const log = (event: Record<string, unknown>, text: string): void => {
        if (opts.json) console.log(JSON.stringify({ ...event, at: new Date().toISOString() }));
        else {
          status.clear();
          console.error(text);
          show();
        }
      };
      const onFetch = (event: FetchEvent): void => {
        if (opts.json && event.kind === 'failed') console.log(JSON.stringify({ event: 'fetch-failed', url: event.url, reason: event.reason }));
      };
      const fetcher = opts.jobs ? fetcherFor(opts, onFetch) : null;
      const archive = opts.jobs ? archiveFor(opts) : undefined;
      const stop = stopOnSignals(() => status.clear());

      let lastError = '';
      // pg-boss 10 reports a job's outcome without waiting for it: with the database restarting,
      // that report fails outside any caller. The job then stays taken until its timeout and is
      // given out again, which the ledger makes harmless, so the worker carries on.
      const onStrayRejection = (reason: unknown): void => {
        if (!isConnectionFailure(reason)) {
          console.error(`storyline worker: ${(reason as Error)?.stack ?? String(reason)}`);
          process.exit(2);
        }
        log({ event: 'queue-error', message: (reason as Error).message }, `queue: ${(reason as Error).message} (the job will be given out again)`);
      };
      process.on('unhandledRejection', onStrayRejection);
      const queue = opts.jobs ? await openWorkQueue(opts.db, {
        onError: (error) => {
          // pg-boss keeps polling through a database restart: say so once, not every half second.
          if (error.message === lastError) return;
          lastError = error.message;
          log({ event: 'queue-error', message: error.message }, `queue: ${error.message} (retrying)`);
        },
      }).catch(async (error: Error) => {
        await store.close();
        throw new UserError(error.message);
      }) : null;

      const onLinker = (event: LinkerEvent): void => {
        if (event.kind === 'lease-taken') role = 'the linker';
        if (event.kind === 'lease-lost') role = 'standing by to link';
        if (event.kind === 'linked') tally.linked += event.linked;
        const text = event.kind === 'lease-taken' ? 'linker: this worker is now the linker'
          : event.kind === 'linking' ? `linker: placing ingest run ${event.runId}`
            : event.kind === 'linked' ? `linker: run ${event.runId}: placed ${event.linked} articles (${event.newStories} new stories) in ${event.seconds.toFixed(1)} s`
              : `linker: lost the lease: ${event.reason}`;
        log({ event: `linker-${event.kind}`, ...event, kind: undefined }, text);
      };

      log({ event: 'started', pid: process.pid, jobs: opts.jobs, link: opts.link }, `worker ${process.pid} on ${shown}: ${opts.jobs ? 'taking jobs' : 'no jobs'}, ${opts.link ? 'linking when it holds the lease' : 'not linking'}`);
      show();
      try {
        if (queue) {
          await queue.work(async (job) => {
            const started = Date.now();
            const outcome = await settleInputs(store, job.inputs, fetcher ? { web: { fetcher, ...(archive ? { archive } : {}) } } : {});
            lastError = '';
            tally.jobs++;
            tally.stored += outcome.stored;
            tally.newVersions += outcome.newVersions;
            tally.unchanged += outcome.unchanged;
            tally.failed += outcome.failed;
            if (opts.json) console.log(JSON.stringify({ event: 'job', inputs: job.inputs.length, ...outcome, seconds: (Date.now() - started) / 1000, at: new Date().toISOString() }));
            else show();
          });
        }
        if (opts.link) await runStandingLinker(store, { signal: stop.signal, onEvent: onLinker });
        else await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      } finally {
        await queue?.stop().catch(() => undefined);
        process.off('unhandledRejection', onStrayRejection);
        status.clear();
        stop.dispose();
        await fetcher?.close();
        await archive?.close();
        await store.close();
      }
      log({ event: 'stopped', ...tally }, `stopped after ${tally.jobs} jobs: stored ${tally.stored}, new versions ${tally.newVersions}, unchanged ${tally.unchanged}, failed ${tally.failed}; placed ${tally.linked}`);
    });
}

