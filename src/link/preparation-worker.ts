import { parentPort } from 'node:worker_threads';
import { prepareLine, type ArticleLine, type PreparedLine } from './article-lines.js';
import type { LinkableArticle } from './article-profile.js';
import { prepareForLinking, type PreparedArticle } from './linker.js';

type Request = { batch: number; kind: 'lines'; items: ArticleLine[] } | { batch: number; kind: 'articles'; items: LinkableArticle[] };

/** A worker thread of ArticlePreparation: prepares each batch of lines or articles it is sent, in order. */
parentPort?.on('message', (request: Request) => {
  const prepared: (PreparedLine | PreparedArticle)[] = request.kind === 'lines' ? request.items.map(prepareLine) : request.items.map(prepareForLinking);
  const articles = prepared.flatMap((p) => ('profile' in p ? [p] : 'article' in p ? [p.article] : []));
  // Each buffer once: a buffer listed twice cannot be transferred.
  const transfer = new Set(articles.flatMap((a) => [a.fingerprint.signature.buffer, a.profile.quoteShingles.buffer]));
  parentPort!.postMessage({ batch: request.batch, prepared }, [...transfer] as ArrayBuffer[]);
});
