import type { Command } from 'commander';
import { databaseOption, openStoreAt } from './database-option.js';
import { UserError } from './errors.js';
import { printJson } from './output.js';

export function registerStory(program: Command): void {
  program
    .command('story')
    .description('show one story: its articles in time order, copies under their originals, and its thread')
    .argument('<id>', 'story id (as `storyline stories` shows it, or in full)')
    .addOption(databaseOption())
    .option('--json', 'print the story as JSON')
    .addHelpText('after', `
Example:
  $ storyline story 3fa9c2e1b0`)
    .action(async (id: string, opts: { db: string; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        const full = id.length >= 16 ? id : (await store.getArticle(id))?.id;
        const story = full ? await store.getStory(full) : null;
        if (!story) throw new UserError(`no story with id ${id} in ${opts.db}`);
        if (opts.json) return printJson(story);
        console.log(story.headline ?? '(untitled)');
        console.log(`story ${story.id} · ${story.articles} articles (${story.independentArticles} independent) · ${story.outlets.length} outlets · thread ${story.threadId}\n`);
        for (const a of story.articleList) {
          const when = a.published?.replace('T', ' ').slice(0, 16) ?? 'undated';
          const indent = a.copyOf ? `    └ ${a.copyKind} copy: ` : '';
          console.log(`${when.padEnd(16)}  ${indent}${a.outlet ?? '?'} — ${a.title ?? '(untitled)'}  [${a.id.slice(0, 10)}]`);
        }
        if (story.thread.length) {
          console.log('\nalso in this thread:');
          for (const s of story.thread) console.log(`  ${s.firstPublished?.slice(0, 10) ?? 'undated   '}  ${s.headline ?? '(untitled)'}  [${s.id.slice(0, 10)}]`);
        }
      } finally {
        await store.close();
      }
    });
}
