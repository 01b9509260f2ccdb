import { Option, type Command } from 'commander';
import { STORY_SORTS, type StorySort } from '../store/index.js';
import { instant, listOptions } from './list-options.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { printJson, printTable } from './output.js';

export function registerStories(program: Command): void {
  listOptions(program
    .command('stories')
    .description('list stories (articles about one event from any outlets), newest or largest first')
    .addOption(databaseOption())
    .option('--since <date>', 'only stories with an article published on or after this date')
    .option('--until <date>', 'only stories with an article published on or before this date')
    .option('--outlet <name>', 'only stories an outlet covered (name or domain)')
    .option('--query <words>', 'only stories with an article matching these words')
    .option('--entity <name>', 'only stories with an article naming this person, organisation or place (any of its names)')
    .option('--language <code>', 'only stories with an article in this language (ISO 639-1, e.g. en)')
    .addOption(new Option('--sort <order>', 'newest: by latest article; largest: most articles first').choices(STORY_SORTS).default('newest')))
    .addHelpText('after', `
ARTICLES counts every article; copies (exact, near, syndicated) are folded into it but are not
independent coverage: INDEP counts the articles that are not copies.

Examples:
  $ storyline stories
  $ storyline stories --since 2026-03-01 --outlet "Harbour Gazette" --json
  $ storyline stories --entity "Antony Blinken" --sort largest`)
    .action(async (opts: {
      db: string; since?: string; until?: string; outlet?: string; query?: string; entity?: string; language?: string; sort: StorySort;
      limit: number; offset: number; json?: boolean;
    }) => {
      const since = instant('--since', opts.since);
      // --until names a day: the whole day counts.
      const until = instant('--until', opts.until, true);
      const store = await openStoreAt(opts.db);
      try {
        const stories = await store.listStories({
          since, until, outlet: opts.outlet, query: opts.query, entity: opts.entity, language: opts.language, sort: opts.sort, limit: opts.limit, offset: opts.offset,
        });
        if (opts.json) return printJson(stories);
        if (stories.length === 0) return console.log('no stories: ingest articles first (storyline ingest PATH), or widen the filters');
        printTable(
          ['STORY', 'FIRST SEEN', 'ARTICLES', 'INDEP', 'OUTLETS', 'HEADLINE'],
          stories.map((s) => [s.id.slice(0, 10), s.firstPublished?.replace('T', ' ').slice(0, 16) ?? 'undated', String(s.articles), String(s.independentArticles), String(s.outlets.length), s.headline ?? '(untitled)']),
        );
      } finally {
        await store.close();
      }
    });
}
