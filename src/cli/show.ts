import type { Command } from 'commander';
import { articleText } from '../model/article.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { shownLocation } from '../store/index.js';
import { UserError } from './errors.js';
import { displayOrigin, formatPublished, printJson } from './output.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show one stored article: metadata and text')
    .argument('<id>', 'article id, or a unique prefix of at least 6 characters')
    .addOption(databaseOption())
    .option('--json', 'print the whole article as JSON')
    .addHelpText('after', `
Example:
  $ storyline show 3fa9c2e1b0`)
    .action(async (id: string, opts: { db: string; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        const a = await store.getArticle(id);
        if (!a) throw new UserError(`no article with id ${id} in ${shownLocation(opts.db)}`);
        const annotations = await store.getAnnotations(a.id);
        if (opts.json) return printJson({ ...a, annotations });
        console.log(a.title ?? '(untitled)');
        console.log('');
        console.log(`id:        ${a.id} (version ${a.version})`);
        console.log(`outlet:    ${a.outlet.name ?? '?'}${a.outlet.domain ? ` (${a.outlet.domain})` : ''}`);
        if (a.byline.length) console.log(`byline:    ${a.byline.join(', ')}`);
        console.log(`published: ${formatPublished(a.published)}`);
        console.log(`url:       ${a.url ?? displayOrigin(a.origin)}`);
        if (a.tags.length) console.log(`tags:      ${a.tags.join(', ')}`);
        if (a.citedSources.length) console.log(`sources:   ${a.citedSources.map((c) => c.name).join(', ')}`);
        console.log(`extracted: ${a.extraction.method}, confidence ${a.extraction.confidence.toFixed(2)}`);
        console.log('');
        console.log(articleText(a));
        if (annotations?.quotes.length) {
          console.log('\nquotes:');
          for (const q of annotations.quotes) console.log(`  “${q.text.length > 100 ? `${q.text.slice(0, 99)}…` : q.text}” — ${q.speaker ?? 'unattributed'}`);
        }
        if (annotations?.citations.length) {
          const cited = [...new Set(annotations.citations.filter((c) => c.kind !== 'pronoun').map((c) => `${c.source} (${c.kind})`))];
          console.log(`\ncites: ${cited.join('; ')}`);
        }
      } finally {
        await store.close();
      }
    });
}
