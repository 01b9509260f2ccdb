import { Command, CommanderError } from 'commander';
import { ArticleIdPrefixError } from '../store/store.js';
import { EXIT_FATAL, UserError } from './errors.js';

// Output piped into `head` or a pager that quits early: stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command()
  .name('storyline')
  .description('Turn a pile of news (pages, feeds, sitemaps, text dumps, JSON, archives) into articles and stories.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

/**
 * Each command's module, loaded when needed: a run loads only the command it runs (extraction
 * alone need not carry the analysis lexicons, the linker and the database), help loads them all.
 */
type Register = (program: Command) => void;
const COMMANDS: [string, () => Promise<Register>][] = [
  ['ingest', async () => (await import('./ingest.js')).registerIngest],
  ['watch', async () => (await import('./watch.js')).registerWatch],
  ['feeds', async () => (await import('./feeds.js')).registerFeeds],
  ['extract', async () => (await import('./extract.js')).registerExtract],
  ['articles', async () => (await import('./articles.js')).registerArticles],
  ['show', async () => (await import('./show.js')).registerShow],
  ['search', async () => (await import('./search.js')).registerSearch],
  ['reextract', async () => (await import('./reextract.js')).registerReextract],
  ['analyze', async () => (await import('./analyze.js')).registerAnalyze],
  ['cluster', async () => (await import('./cluster.js')).registerCluster],
  ['stories', async () => (await import('./stories.js')).registerStories],
  ['story', async () => (await import('./story.js')).registerStory],
  ['threads', async () => (await import('./threads.js')).registerThreads],
  ['quotes', async () => (await import('./quotes.js')).registerQuotes],
  ['entities', async () => (await import('./entities.js')).registerEntities],
  ['serve', async () => (await import('./serve.js')).registerServe],
  ['copy-store', async () => (await import('./copy-store.js')).registerCopyStore],
  ['worker', async () => (await import('./worker.js')).registerWorker],
];
const asked = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const only = COMMANDS.some(([name]) => name === asked) && !process.argv.includes('--help') && !process.argv.includes('-h') ? asked : null;
for (const [name, load] of COMMANDS) if (only === null || name === only) (await load())(program);

program.addHelpText('after', `
The store is ./storyline.db unless --db or STORYLINE_DB says otherwise (a SQLite file, or a postgres:// URL).

Example:
  $ storyline ingest examples/corpus/ && storyline articles`);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_FATAL;
  } else if (e instanceof UserError || e instanceof ArticleIdPrefixError) {
    console.error(`storyline: ${e.message}`);
    process.exitCode = EXIT_FATAL;
  } else {
    console.error(`storyline: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = EXIT_FATAL;
  }
}
