import type { Command } from 'commander';
import { decodeDocumentText } from '../extract/decode.js';
import { explainHtmlExtraction } from '../extract/html/explain.js';
import { articleText, type ExtractedArticle } from '../model/article.js';
import { extractDocument, learnSiteChrome } from '../document-extraction.js';
import { readFileSources } from '../sources/files.js';
import { EXIT_INPUT_FAILED } from './errors.js';
import { displayOrigin, formatPublished } from './output.js';

/** The JSON line `storyline extract --jsonl` prints: the article's fields flattened for scripts and scorers. */
export function extractionRow(input: string, a: ExtractedArticle): Record<string, unknown> {
  return {
    input,
    url: a.url,
    canonicalUrl: a.canonicalUrl,
    title: a.title,
    titleOrigin: a.titleOrigin,
    standfirst: a.standfirst,
    text: articleText(a),
    byline: a.byline,
    published: a.published?.value ?? null,
    publishedPrecision: a.published?.precision ?? null,
    publishedHasTimeZone: a.published?.hasTimeZone ?? null,
    outlet: a.outlet.name,
    site: a.outlet.domain,
    lang: a.language,
    tags: a.tags,
    citedSources: a.citedSources.map((c) => c.name),
    blocks: a.blocks,
    method: a.extraction.method,
    confidence: a.extraction.confidence,
  };
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('extract articles from files and print them; stores nothing')
    .argument('<paths...>', 'files or directories (.html .htm .txt .json .jsonl .warc, optionally .gz)')
    .option('--jsonl', 'one JSON object per line: {input, url, title, text, byline, published, outlet, lang, tags, citedSources, …}')
    .option('--explain', 'for HTML pages, list each block kept and each part dropped, with the reason')
    .addHelpText('after', `
\`text\` is the article as a reader sees it: standfirst and body, blocks separated by a blank line,
without the headline. A failed input prints {input, error} in --jsonl mode and the exit code is 1.

Examples:
  $ storyline extract page.html
  $ storyline extract --jsonl pages/*.html.gz > articles.jsonl
  $ storyline extract --explain page.html`)
    .action(async (paths: string[], opts: { jsonl?: boolean; explain?: boolean }) => {
      let failed = 0;
      const fail = (origin: string, reason: string): void => {
        failed++;
        if (opts.jsonl) process.stdout.write(`${JSON.stringify({ input: origin, error: reason })}\n`);
        console.error(`failed: ${displayOrigin(origin)}: ${reason}`);
      };
      const siteChrome = await learnSiteChrome(readFileSources(paths, { only: ['text'] }));
      for await (const event of readFileSources(paths)) {
        if (event.kind === 'failure') fail(event.origin, event.reason);
        if (event.kind !== 'document') continue;
        const prepared = extractDocument(event.document, siteChrome);
        if ('reason' in prepared) {
          fail(prepared.origin, prepared.reason);
          continue;
        }
        const a = prepared.article;
        if (opts.explain && event.document.contentType === 'text/html') {
          const decisions = explainHtmlExtraction(decodeDocumentText(event.document).text);
          const { confidence, notes } = a.extraction;
          console.log(`== ${displayOrigin(event.document.origin)}`);
          console.log(`confidence ${confidence.toFixed(2)}${notes.length ? `; ${notes.join('; ')}` : ''}`);
          for (const d of decisions) console.log(`${d.verdict === 'kept' ? 'KEEP' : 'DROP'}  ${d.what}  (${d.reason})  ${d.text}`);
          console.log('');
          continue;
        }
        if (opts.jsonl) {
          process.stdout.write(`${JSON.stringify(extractionRow(event.document.origin, a))}\n`);
        } else {
          console.log(`== ${displayOrigin(event.document.origin)}`);
          console.log(`title:     ${a.title ?? '(none)'}${a.titleOrigin === 'derived' ? ' (derived)' : ''}`);
          console.log(`outlet:    ${a.outlet.name ?? '?'}${a.outlet.domain ? ` (${a.outlet.domain})` : ''}`);
          console.log(`byline:    ${a.byline.join(', ') || '(none)'}`);
          console.log(`published: ${formatPublished(a.published)}`);
          console.log(`language:  ${a.language ?? '?'}`);
          if (a.tags.length) console.log(`tags:      ${a.tags.join(', ')}`);
          if (a.citedSources.length) console.log(`sources:   ${a.citedSources.map((c) => c.name).join(', ')}`);
          console.log(`method:    ${a.extraction.method}, confidence ${a.extraction.confidence.toFixed(2)}\n`);
          console.log(`${articleText(a)}\n`);
        }
      }
      if (failed > 0) process.exitCode = EXIT_INPUT_FAILED;
    });
}
