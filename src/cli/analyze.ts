import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { annotationsOf } from '../analyze/annotations.js';
import { analyzeArticle } from '../analyze/index.js';
import { EXIT_INPUT_FAILED, UserError } from './errors.js';

/** One output line of `storyline analyze --jsonl`: the article's annotations under its id. */
export function analysisRow(id: unknown, text: string, title?: string | null): Record<string, unknown> {
  return { id, ...annotationsOf(analyzeArticle(text, title)) };
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('entities, quotes with speakers and cited sources of articles given as JSON lines; stores nothing')
    .argument('<file>', 'a .jsonl file of {id, text, title?} per line, or - for standard input')
    .option('--jsonl', 'one JSON object per line (the only output format for now)')
    .addHelpText('after', `
Each output line is {id, entities:[{text,type,start,end,canonical}],
quotes:[{text,speaker,speakerText,start,end}], citations:[{source,cue,start,end,sourceText,kind}]}.
Offsets are UTF-16 code units of \`text\`; a quote's span includes its quotation marks, its text
does not. A line that is not a JSON object with a string \`text\` prints {id?, line, error}, and
the exit code is 1.

Examples:
  $ storyline analyze --jsonl articles.jsonl > annotations.jsonl
  $ storyline extract --jsonl page.html | storyline analyze --jsonl -`)
    .action(async (file: string, _opts: { jsonl?: boolean }) => {
      const input = file === '-' ? process.stdin : createReadStream(file);
      const opened = new Promise<void>((resolve, reject) => {
        if (file === '-') return resolve();
        input.once('open', () => resolve());
        input.once('error', (e: Error) => reject(new UserError(`cannot read ${file}: ${e.message}`)));
      });
      await opened;
      let failed = 0;
      let lineNo = 0;
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        lineNo++;
        if (!line.trim()) continue;
        let id: unknown;
        try {
          const row = JSON.parse(line) as unknown;
          if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error('not a JSON object');
          const r = row as { id?: unknown; text?: unknown; title?: unknown };
          id = r.id;
          if (typeof r.text !== 'string') throw new Error('no string "text" field');
          process.stdout.write(`${JSON.stringify(analysisRow(r.id ?? null, r.text, typeof r.title === 'string' ? r.title : null))}\n`);
        } catch (e) {
          failed++;
          const error = (e as Error).message;
          process.stdout.write(`${JSON.stringify({ ...(id !== undefined ? { id } : {}), line: lineNo, error })}\n`);
          console.error(`line ${lineNo}: ${error}`);
        }
      }
      if (failed > 0) process.exitCode = EXIT_INPUT_FAILED;
    });
}
