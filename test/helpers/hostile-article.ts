import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A headline that runs script if anything renders it as HTML instead of text. */
export const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';

/** Writes an ordinary article record with the hostile headline into `dir`; returns its path. */
export function writeHostileArticle(dir: string): string {
  const file = path.join(dir, 'hostile.json');
  writeFileSync(file, JSON.stringify({
    id: 'hostile-1',
    title: HOSTILE_TITLE,
    date: '2026-03-02',
    source: 'Test Wire',
    text: 'The harbour authority reopened the northern quay on Monday after a week of repairs. Ferry services resumed in the afternoon, officials said.',
  }));
  return file;
}
