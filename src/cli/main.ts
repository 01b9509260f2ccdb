import { Command, CommanderError } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerArticles } from './articles.js';
import { registerCluster } from './cluster.js';
import { EXIT_FATAL, UserError } from './errors.js';
import { registerEntities } from './entities.js';
import { registerExtract } from './extract.js';
import { registerFeeds } from './feeds.js';
import { registerIngest } from './ingest.js';
import { registerQuotes } from './quotes.js';
import { registerReextract } from './reextract.js';
import { registerSearch } from './search.js';
import { registerShow } from './show.js';
import { registerStories } from './stories.js';
import { registerStory } from './story.js';
import { registerThreads } from './threads.js';
import { registerWatch } from './watch.js';

const program = new Command()
  .name('storyline')
  .description('Turn a pile of news (pages, feeds, sitemaps, text dumps, JSON, archives) into articles and stories.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerIngest(program);
registerWatch(program);
registerFeeds(program);
registerExtract(program);
registerArticles(program);
registerShow(program);
registerSearch(program);
registerReextract(program);
registerAnalyze(program);
registerCluster(program);
registerStories(program);
registerStory(program);
registerThreads(program);
registerQuotes(program);
registerEntities(program);

program.addHelpText('after', `
The store is ./storyline.db unless --db or STORYLINE_DB says otherwise.

Example:
  $ storyline ingest examples/corpus/ && storyline articles`);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_FATAL;
  } else if (e instanceof UserError) {
    console.error(`storyline: ${e.message}`);
    process.exitCode = EXIT_FATAL;
  } else {
    console.error(`storyline: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = EXIT_FATAL;
  }
}
