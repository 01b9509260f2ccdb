import type { Command } from 'commander';
import { reextractStore } from '../pipeline.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { EXIT_INPUT_FAILED } from './errors.js';
import { StatusLine, displayOrigin } from './output.js';

export function registerReextract(program: Command): void {
  program
    .command('reextract')
    .description('run extraction again over every stored document (after upgrading Storyline)')
    .addOption(databaseOption())
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `
The raw documents are kept in the store, so nothing needs to be fetched or read again.

Example:
  $ storyline reextract --db news.db`)
    .action(async (opts: { db: string; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      const status = new StatusLine();
      try {
        const summary = await reextractStore(store, { onProgress: (n) => status.update(`re-extracted ${n} documents`) });
        status.clear();
        if (opts.json) console.log(JSON.stringify(summary));
        else {
          console.log(`documents ${summary.documents}, updated ${summary.updated}, failed ${summary.failed}`);
          for (const f of summary.failures) console.error(`failed: ${displayOrigin(f.origin)}: ${f.reason}`);
        }
        if (summary.failed > 0) process.exitCode = EXIT_INPUT_FAILED;
      } finally {
        await store.close();
      }
    });
}
