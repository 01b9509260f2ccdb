import type { Command } from 'commander';
import { ingestFiles } from '../pipeline.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { EXIT_INPUT_FAILED } from './errors.js';
import { StatusLine, displayOrigin } from './output.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read files and directories (.html .htm .txt .json .jsonl .warc, optionally .gz) and store their articles')
    .argument('<paths...>', 'files or directories, walked recursively')
    .addOption(databaseOption())
    .option('--json', 'print the summary as JSON instead of text')
    .option('--max-size <MB>', 'refuse single documents larger than this', (v) => Number(v), 16)
    .option('--batch-size <n>', 'documents per write transaction', (v) => Number(v), 100)
    .addHelpText('after', `
Storing is idempotent: a document already stored is counted as unchanged; a changed document at
the same URL (or file path) becomes a new version of its article. Bad inputs are reported and
skipped; the exit code is 1 when any input failed.

Examples:
  $ storyline ingest examples/
  $ storyline ingest --db news.db crawl.warc.gz feed-dump.jsonl`)
    .action(async (paths: string[], opts: { db: string; json?: boolean; maxSize: number; batchSize: number }) => {
      const store = await openStoreAt(opts.db);
      const status = new StatusLine();
      try {
        const summary = await ingestFiles(paths, store, {
          batchSize: opts.batchSize > 0 ? opts.batchSize : 100,
          maxDocumentBytes: Math.max(1, opts.maxSize) * 1024 * 1024,
          onProgress: (t, current) =>
            status.update(`read ${t.read} · stored ${t.stored} · new versions ${t.newVersions} · unchanged ${t.unchanged} · failed ${t.failed}${current ? ` · ${displayOrigin(current)}` : ''}`),
        });
        status.clear();
        if (opts.json) {
          console.log(JSON.stringify({ ...summary, failures: summary.failures.map((f) => ({ ...f, origin: displayOrigin(f.origin) })) }));
        } else {
          console.log(`read ${summary.read}, stored ${summary.stored}, new versions ${summary.newVersions}, unchanged ${summary.unchanged}, failed ${summary.failed}${summary.skipped ? `, skipped ${summary.skipped}` : ''} → ${opts.db}`);
          if (summary.linked) console.log(`placed ${summary.linked} articles into stories (${summary.newStories} new stories)`);
          for (const f of summary.failures) console.error(`failed: ${displayOrigin(f.origin)}: ${f.reason}`);
        }
        if (summary.failed > 0) process.exitCode = EXIT_INPUT_FAILED;
      } finally {
        status.clear();
        await store.close();
      }
    });
}
