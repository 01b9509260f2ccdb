import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { Linker, type Placement } from '../link/index.js';
import { parsePublished, publishedSortKey } from '../text/dates.js';
import { EXIT_INPUT_FAILED, UserError } from './errors.js';

/** One article as `storyline cluster` reads it. */
const ClusterInputSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string().nullish(),
  text: z.string(),
  date: z.string().nullish(),
  source: z.string().nullish(),
  url: z.string().nullish(),
  /** ISO 639-1, when the stream knows it (`lang` in the stories datasets). */
  lang: z.string().nullish(),
  language: z.string().nullish(),
});

export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .description('group a stream of articles into copies, stories and threads; stateless, stores nothing')
    .argument('<file>', 'a JSONL file of {id, title, text, date?, source?, url?, lang?}, or - for standard input')
    .option('--jsonl', 'print one line per article: {id, story, thread, copyOf, copyKind}')
    .addHelpText('after', `
Articles are placed one by one in the order given, as a live stream would place them: each joins
the story it most likely belongs to or starts a new one; copies (exact, near, containment,
syndicated) join their original's story. Story and thread ids are stable for the same input.
A bad line prints {line, error} (with --jsonl) and the exit code is 1.

Examples:
  $ storyline cluster --jsonl articles.jsonl > placements.jsonl
  $ zcat news.jsonl.gz | storyline cluster --jsonl -`)
    .action(async (file: string, opts: { jsonl?: boolean }) => {
      const input = file === '-' ? process.stdin : createReadStream(file);
      const opened = new Promise<void>((resolve, reject) => {
        if (file === '-') return resolve();
        input.once('open', () => resolve());
        input.once('error', (e: NodeJS.ErrnoException) => reject(new UserError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`)));
      });
      await opened;
      const linker = new Linker();
      const placements: (Placement & { title: string | null })[] = [];
      let lineNo = 0;
      let failed = 0;
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        lineNo++;
        if (!line.trim()) continue;
        let record: z.infer<typeof ClusterInputSchema>;
        try {
          const parsed = ClusterInputSchema.safeParse(JSON.parse(line));
          if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; '));
          record = parsed.data;
        } catch (e) {
          failed++;
          const error = e instanceof SyntaxError ? `invalid JSON: ${e.message}` : (e as Error).message;
          if (opts.jsonl) process.stdout.write(`${JSON.stringify({ line: lineNo, error })}\n`);
          console.error(`failed: ${file}:${lineNo}: ${error}`);
          continue;
        }
        const published = record.date ? parsePublished(record.date) : null;
        const placement = linker.link({
          id: record.id, title: record.title ?? null, text: record.text,
          published: published ? publishedSortKey(published) : null, outlet: record.source ?? null,
          language: record.language ?? record.lang ?? null,
        });
        if (opts.jsonl) process.stdout.write(`${JSON.stringify(placement)}\n`);
        else placements.push({ ...placement, title: record.title ?? null });
      }
      if (!opts.jsonl) printStories(placements);
      if (failed > 0) process.exitCode = EXIT_INPUT_FAILED;
    });
}

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
