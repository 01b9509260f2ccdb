import type { Command } from 'commander';
import { listOptions } from './list-options.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { shownLocation } from '../store/index.js';
import { UserError } from './errors.js';
import { printJson } from './output.js';

export function registerQuotes(program: Command): void {
  listOptions(program
    .command('quotes')
    .description('direct quotes with their speakers, and the articles that carried them')
    .addOption(databaseOption())
    .option('--speaker <name>', 'only quotes by this speaker (every word must match: "blinken" finds Antony Blinken)')
    .option('--story <id>', 'only quotes carried by articles of this story'))
    .addHelpText('after', `
Examples:
  $ storyline quotes --speaker Blinken
  $ storyline quotes --story 3fa9c2e1b0 --json`)
    .action(async (opts: { db: string; speaker?: string; story?: string; limit: number; offset: number; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        let storyId = opts.story;
        if (storyId !== undefined && storyId.length < 16) {
          storyId = (await store.getArticle(storyId))?.id;
          if (!storyId) throw new UserError(`no story with id ${opts.story} in ${shownLocation(opts.db)}`);
        }
        const quotes = await store.listQuotes({ speaker: opts.speaker, storyId, limit: opts.limit, offset: opts.offset });
        if (opts.json) return printJson(quotes);
        if (quotes.length === 0) return console.log('no quotes found');
        for (const q of quotes) {
          console.log(`“${q.text}”`);
          const who = q.speaker ?? 'unattributed';
          const written = q.speakerText && q.speakerText !== q.speaker ? ` (“${q.speakerText}”)` : '';
          console.log(`    — ${who}${written} · ${q.outlet ?? '?'}, ${q.published?.slice(0, 10) ?? 'undated'} · ${q.title ?? ''} [${q.articleId.slice(0, 10)}]\n`);
        }
      } finally {
        await store.close();
      }
    });
}
