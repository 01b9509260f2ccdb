import type { Command } from 'commander';
import { listOptions } from './list-options.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { printJson, printTable } from './output.js';

export function registerArticles(program: Command): void {
  listOptions(program
    .command('articles')
    .description('list stored articles, newest published first')
    .addOption(databaseOption())
    .option('--outlet <name>', 'only articles from this outlet (name or domain)'))
    .addHelpText('after', `
Examples:
  $ storyline articles
  $ storyline articles --outlet "Harbour Gazette" --json`)
    .action(async (opts: { db: string; outlet?: string; limit: number; offset: number; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        const rows = await store.listArticles({ outlet: opts.outlet, limit: opts.limit, offset: opts.offset });
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return console.log('no articles stored yet: try `storyline ingest PATH`');
        printTable(
          ['ID', 'PUBLISHED', 'OUTLET', 'WORDS', 'TITLE'],
          rows.map((r) => [r.id.slice(0, 10), r.published?.replace('T', ' ').slice(0, 16) ?? 'undated', r.outletName ?? r.outletDomain ?? '?', String(r.wordCount), r.title ?? '(untitled)']),
        );
        const { articles } = await store.counts();
        if (articles > opts.offset + rows.length) console.log(`… ${articles - opts.offset - rows.length} more (--offset, --limit)`);
      } finally {
        await store.close();
      }
    });
}
