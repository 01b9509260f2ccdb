import type { Command } from 'commander';
import { databaseOption, openStoreAt } from './database-option.js';
import { printJson } from './output.js';

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('full-text search over stored titles and bodies')
    .argument('<query...>', 'words to find (all must match)')
    .addOption(databaseOption())
    .option('--limit <n>', 'how many hits', (v) => Number(v), 20)
    .option('--json', 'print hits as a JSON array')
    .addHelpText('after', `
Examples:
  $ storyline search buffer zone
  $ storyline search --json "port strike"`)
    .action(async (query: string[], opts: { db: string; limit: number; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        const hits = await store.searchArticles(query.join(' '), opts.limit);
        if (opts.json) return printJson(hits);
        if (hits.length === 0) return console.log('no matches');
        for (const h of hits) {
          console.log(`${h.id.slice(0, 10)}  ${h.published?.slice(0, 10) ?? 'undated   '}  ${h.outletName ?? h.outletDomain ?? '?'}  ${h.title ?? '(untitled)'}`);
          console.log(`            ${h.excerpt.replace(/\s+/g, ' ')}`);
        }
      } finally {
        await store.close();
      }
    });
}
