import type { Command } from 'commander';
import { listOptions } from './list-options.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { printJson, printTable } from './output.js';

export function registerThreads(program: Command): void {
  listOptions(program
    .command('threads')
    .description('list threads: stories that continue one another over days and weeks')
    .addOption(databaseOption()))
    .addHelpText('after', `
Example:
  $ storyline threads --json`)
    .action(async (opts: { db: string; limit: number; offset: number; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        const threads = await store.listThreads({ limit: opts.limit, offset: opts.offset });
        if (opts.json) return printJson(threads);
        if (threads.length === 0) return console.log('no threads yet: ingest articles first (storyline ingest PATH)');
        printTable(
          ['THREAD', 'FROM', 'TO', 'STORIES', 'ARTICLES', 'FIRST HEADLINE'],
          threads.map((t) => [t.id.slice(0, 10), t.firstPublished?.slice(0, 10) ?? 'undated', t.lastPublished?.slice(0, 10) ?? '', String(t.stories), String(t.articles), t.headline ?? '(untitled)']),
        );
      } finally {
        await store.close();
      }
    });
}
