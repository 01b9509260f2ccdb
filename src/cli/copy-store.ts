import { InvalidArgumentError, type Command } from 'commander';
import { CopyStoreError, DEFAULT_COPY_BATCH_SIZE, copyStore, type CopyProgress } from '../store/copy-store.js';
import { UserError } from './errors.js';
import { StatusLine, printJson, printTable } from './output.js';
import { stopOnSignals } from './stop-signals.js';

interface CopyStoreOptions {
  from: string;
  to: string;
  json?: boolean;
  batchSize: number;
}

function batchSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number ≥ 1');
  return n;
}

export function registerCopyStore(program: Command): void {
  program
    .command('copy-store')
    .description('copy a whole store to a new or empty one (SQLite to PostgreSQL, mostly) and verify the copy')
    .requiredOption('--from <location>', 'the store to copy: a SQLite file or a postgres:// URL')
    .requiredOption('--to <location>', 'a new SQLite file, or an empty PostgreSQL database (or schema) as a postgres:// URL')
    .option('--json', 'print the result as JSON: each table with its rows and checksum')
    .option('--batch-size <n>', 'rows per write transaction (tables of large rows use fewer)', batchSize, DEFAULT_COPY_BATCH_SIZE)
    .addHelpText('after', `
Every table is copied with its ids: documents, articles and their versions, search (rebuilt the
target's way), stories, quotes, entities and their aliases, feeds. The source is read from one
snapshot: what is written to it during the copy is not copied, so stop ingest, watch and serve
first. At the end each table is counted and checksummed on both sides; any difference is an error
naming the table. The target must hold no data; when the copy fails (or Ctrl-C stops it) the
target is left empty again, or removed if the copy created it.

Examples:
  $ storyline copy-store --from storyline.db --to postgres://storyline:secret@db.internal:5432/news
  $ storyline copy-store --from postgres://reader@db.internal/news --to backup.db
  $ storyline copy-store --from storyline.db --to 'postgres://me@localhost/news?options=-c%20search_path%3Dstoryline' --json`)
    .action(async (opts: CopyStoreOptions) => {
      const status = new StatusLine();
      const stop = stopOnSignals(() => status.clear());
      const onProgress = (p: CopyProgress): void => {
        status.update(`${p.phase === 'copy' ? 'copying' : 'verifying'} ${p.table}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} rows`, p.done === p.total);
      };
      let result;
      try {
        result = await copyStore(opts.from, opts.to, { batchSize: opts.batchSize, onProgress, signal: stop.signal });
      } catch (error) {
        if (error instanceof CopyStoreError) throw new UserError(error.message);
        throw error;
      } finally {
        status.clear();
        stop.dispose();
      }
      if (opts.json) return printJson(result);
      printTable(['TABLE', 'ROWS', 'CHECKSUM'], result.tables.map((t) => [t.table, t.rows.toLocaleString('en'), t.checksum.slice(0, 16)]));
      console.log(`copied ${result.rows.toLocaleString('en')} rows from ${result.from} to ${result.to} in ${result.seconds.toFixed(1)} s; every table's count and checksum match`);
    });
}
