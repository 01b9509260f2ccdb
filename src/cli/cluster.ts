import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import type { ArticleLine, PreparedLine } from '../link/article-lines.js';
import { ArticlePreparation } from '../link/article-preparation.js';
import { Linker, type Placement } from '../link/index.js';
import { EXIT_INPUT_FAILED, UserError } from './errors.js';

export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .description('group a stream of articles into copies, stories and threads; stateless, stores nothing')
    .argument('<file>', 'a JSONL file of {id, title, text, date?, source?, url?, lang?}, or - for standard input')
    .option('--jsonl', 'print one line per article: {id, story, thread, copyOf, copyKind}')
    .option('--threads <n>', 'threads preparing articles beside the one placing them (default: processors - 1; 0: none)', threadCount)
    .addHelpText('after', `
Articles are placed one by one in the order given, as a live stream would place them: each joins
the story it most likely belongs to or starts a new one; copies (exact, near, containment,
syndicated) join their original's story. The original is the earliest copy, or, when the dates
cannot tell, the one holding most of the text: an article that supersedes earlier ones carries
"repointed": [{id, copyOf, copyKind}] for them. Story and thread ids are stable for the same input.
A bad line prints {line, error} (with --jsonl) and the exit code is 1.

Examples:
  $ storyline cluster --jsonl articles.jsonl > placements.jsonl
  $ zcat news.jsonl.gz | storyline cluster --jsonl -`)
    .action(async (file: string, opts: { jsonl?: boolean; threads?: number }) => {
      const input = file === '-' ? process.stdin : createReadStream(file);
      const opened = new Promise<void>((resolve, reject) => {
        if (file === '-') return resolve();
        input.once('open', () => resolve());
        input.once('error', (e: NodeJS.ErrnoException) => reject(new UserError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`)));
      });
      await opened;
      const linker = new Linker();
      const placements: (Placement & { title: string | null })[] = [];
      let failed = 0;
      // Lines are read and prepared in batches on other threads while the linker places earlier ones in order.
      const preparation = new ArticlePreparation(opts.threads);
      const inFlight: Promise<PreparedLine[]>[] = [];
      const placeBatch = async (): Promise<void> => {
        for (const line of await inFlight.shift()!) {
          if ('error' in line) {
            failed++;
            if (opts.jsonl) process.stdout.write(`${JSON.stringify({ line: line.lineNo, error: line.error })}\n`);
            console.error(`failed: ${file}:${line.lineNo}: ${line.error}`);
            continue;
          }
          const placement = linker.linkPrepared(line.article);
          if (opts.jsonl) process.stdout.write(`${JSON.stringify(placement)}\n`);
          else placements.push({ ...placement, title: line.title });
        }
      };
      const send = (lines: ArticleLine[]): void => {
        const prepared = preparation.prepare(lines);
        // Awaited in turn; a failure before then must not surface as an unhandled rejection.
        prepared.catch(() => undefined);
        inFlight.push(prepared);
      };
      try {
        let lineNo = 0;
        let batch: ArticleLine[] = [];
        for await (const text of createInterface({ input, crlfDelay: Infinity })) {
          lineNo++;
          if (!text.trim()) continue;
          batch.push({ lineNo, text });
          if (batch.length < BATCH_LINES) continue;
          send(batch);
          batch = [];
          if (inFlight.length >= BATCHES_IN_FLIGHT) await placeBatch();
        }
        if (batch.length) send(batch);
        while (inFlight.length) await placeBatch();
      } finally {
        await preparation.close();
      }
      if (!opts.jsonl) printStories(placements);
      if (failed > 0) process.exitCode = EXIT_INPUT_FAILED;
    });
}

function threadCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('expected a whole number from 0 to 64');
  return n;
}

/** Lines sent to a preparation thread at once, and batches under way: enough to keep every thread busy. */
const BATCH_LINES = 32;
const BATCHES_IN_FLIGHT = 8;

function printStories(placements: (Placement & { title: string | null })[]): void {
  const byStory = new Map<string, (Placement & { title: string | null })[]>();
  for (const p of placements) byStory.set(p.story, [...(byStory.get(p.story) ?? []), p]);
  const stories = [...byStory.values()].sort((a, b) => b.length - a.length);
  console.log(`${placements.length} articles, ${stories.length} stories, ${new Set(placements.map((p) => p.thread)).size} threads`);
  for (const members of stories) {
    const [first] = members;
    console.log(`\n${first!.story} (thread ${first!.thread}, ${members.length} article${members.length === 1 ? '' : 's'})`);
    for (const m of members) console.log(`  ${m.id}${m.copyOf ? ` [${m.copyKind} copy of ${m.copyOf}]` : ''}  ${m.title ?? ''}`);
  }
}
