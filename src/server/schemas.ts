import { z } from '@hono/zod-openapi';
import { EntityTypeSchema } from '../model/annotations.js';
import { ARTICLE_ID_LENGTH } from '../model/article.js';
import { instantOf, parsePublished } from '../text/dates.js';

/** The request and response shapes the routes share, each declared once and documented in the OpenAPI document. */

/** Page sizes: a caller asking for more gets a 400 that says the ceiling, not a silently shorter page. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** A whole number from a query string ("50"), with a message naming what is expected. */
export function wholeNumber(min: number, max: number | null, fallback: number, description: string) {
  const expected = max === null ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  const bounded = z.coerce.number({ error: expected }).int({ error: expected }).min(min, { error: expected });
  return (max === null ? bounded : bounded.max(max, { error: expected }))
    .default(fallback)
    // Stated in full: the generator reads a coerced number without a maximum as nullable.
    .openapi({ type: 'integer', minimum: min, ...(max === null ? {} : { maximum: max }), default: fallback, description, example: fallback });
}

export const PageQuerySchema = z.object({
  limit: wholeNumber(1, MAX_LIMIT, DEFAULT_LIMIT, `how many to return (at most ${MAX_LIMIT})`),
  offset: wholeNumber(0, null, 0, 'skip this many first'),
});

/** A page of results: `next` is the offset of the following page, null on the last one. */
export function pageSchema<T extends z.ZodType>(name: string, item: T) {
  return z.object({
    items: z.array(item),
    next: z.number().int().nullable().openapi({ description: 'offset of the next page; null when this is the last' }),
  }).openapi(name);
}

/** The next page's offset: a full page may have a successor, a short one has none. */
export function nextOffset(returned: number, query: { limit: number; offset: number }): number | null {
  return returned === query.limit ? query.offset + query.limit : null;
}

const DATE_EXPECTED = 'a date such as 2026-03-01 or 2026-03-01T12:00';

/** A date or date-time parameter, checked here and turned into ms since the epoch by `instantParameter`. */
export function dateParameter(description: string) {
  return z.string().refine((value) => parsePublished(value) !== null, { error: DATE_EXPECTED }).optional().openapi({ description, example: '2023-11-16' });
}

/** A checked date parameter as ms since the epoch; `until` includes a bare day, as the CLI's --until does. */
export function instantParameter(value: string | undefined, until = false): number | undefined {
  return value === undefined ? undefined : (instantOf(value, until) ?? undefined);
}

/** Article and story ids: the full id, or a unique prefix of at least 6 characters. */
export const IdParamSchema = z.object({
  id: z.string().min(6, { error: 'an id of at least 6 characters' }).max(ARTICLE_ID_LENGTH, { error: `an id of at most ${ARTICLE_ID_LENGTH} characters` })
    .regex(/^[0-9a-fA-F]+$/, { error: 'an id made of hexadecimal characters' })
    .openapi({ param: { name: 'id', in: 'path' }, description: 'the full id, or a unique prefix of at least 6 characters', example: '3fa9c2e1b0' }),
});

export const ErrorSchema = z.object({
  error: z.object({
    status: z.number().int(),
    message: z.string().openapi({ example: 'limit: expected a whole number from 1 to 200, got "abc"' }),
  }),
}).openapi('Error');

/** The error responses most routes can give, for their OpenAPI description. */
export const ERROR_RESPONSES = {
  400: { description: 'a parameter is invalid: the message names it and what is expected', content: { 'application/json': { schema: ErrorSchema } } },
  500: { description: 'the server failed; the message says no more than that', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const NOT_FOUND_RESPONSE = {
  404: { description: 'nothing with that id', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const StorySummarySchema = z.object({
  id: z.string(),
  threadId: z.string(),
  headline: z.string().nullable().openapi({ description: "the founding article's headline" }),
  articles: z.number().int().openapi({ description: 'articles in the story, copies included' }),
  independentArticles: z.number().int().openapi({ description: 'articles that are not copies' }),
  outlets: z.array(z.string()),
  firstPublished: z.string().nullable(),
  lastPublished: z.string().nullable(),
  languages: z.array(z.string()).openapi({ description: 'languages of its articles (ISO 639-1), most used first', example: ['en'] }),
  coverage: z.array(z.object({
    day: z.string().openapi({ description: 'YYYY-MM-DD, the day the pages give', example: '2023-11-16' }),
    articles: z.number().int(),
  })).openapi({ description: 'dated articles per day, ascending: coverage over time' }),
}).openapi('StorySummary');

/** A quote with the article that carried it (GET /api/quotes, and an entity's quotes). */
export const StoredQuoteSchema = z.object({
  articleId: z.string(),
  title: z.string().nullable(),
  outlet: z.string().nullable(),
  published: z.string().nullable(),
  storyId: z.string().nullable(),
  speaker: z.string().nullable().openapi({ description: 'the resolved speaker, or a description ("a senior administration official")' }),
  speakerText: z.string().nullable().openapi({ description: 'the speaker as written nearest the quote' }),
  text: z.string(),
}).openapi('Quote');

export const EntitySummarySchema = z.object({
  name: z.string(),
  type: z.string().openapi({ description: EntityTypeSchema.options.join(', '), example: 'person' }),
  articles: z.number().int().openapi({ description: 'articles (current versions) that name it' }),
  mentions: z.number().int(),
  aliases: z.array(z.string()).optional().openapi({ description: 'other names articles used for it, when the corpus merged them' }),
}).openapi('EntitySummary');
