import { parentPort } from 'node:worker_threads';
import { prepareLine, type ArticleLine } from './article-lines.js';

/** A worker thread of ArticlePreparation: reads and prepares each batch of lines it is sent, in order. */
parentPort?.on('message', ({ batch, lines }: { batch: number; lines: ArticleLine[] }) => {
  const prepared = lines.map(prepareLine);
  // Each buffer once: a buffer listed twice cannot be transferred.
  const transfer = new Set(prepared.flatMap((p) => ('article' in p ? [p.article.fingerprint.signature.buffer, p.article.profile.quoteShingles.buffer] : [])));
  parentPort!.postMessage({ batch, prepared }, [...transfer] as ArrayBuffer[]);
});
