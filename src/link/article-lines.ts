import { z } from 'zod';
import { parsePublished, publishedSortKey } from '../text/dates.js';
import { prepareForLinking, type PreparedArticle } from './linker.js';

/**
 * A stream of articles as JSON lines (`storyline cluster`'s input): each line read, checked and
 * prepared for linking on its own, so lines can be prepared on other threads.
 */

/** One article as a line holds it. */
export const ArticleLineSchema = z.object({
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

/** A line of the stream with its number (1-based). */
export interface ArticleLine {
  lineNo: number;
  text: string;
}

/** A line read: the article prepared for linking (and its headline), or why it cannot be read. */
export type PreparedLine = { lineNo: number; article: PreparedArticle; title: string | null } | { lineNo: number; error: string };

export function prepareLine({ lineNo, text }: ArticleLine): PreparedLine {
  try {
    const parsed = ArticleLineSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { lineNo, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ') };
    const record = parsed.data;
    const published = record.date ? parsePublished(record.date) : null;
    const article = prepareForLinking({
      id: record.id, title: record.title ?? null, text: record.text,
      published: published ? publishedSortKey(published) : null, outlet: record.source ?? null,
      language: record.language ?? record.lang ?? null,
    });
    return { lineNo, article, title: record.title ?? null };
  } catch (e) {
    return { lineNo, error: e instanceof SyntaxError ? `invalid JSON: ${e.message}` : (e as Error).message };
  }
}
