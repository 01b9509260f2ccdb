import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/store.js';
import { ERROR_RESPONSES, MAX_LIMIT, wholeNumber } from '../schemas.js';

/** Full-text search over titles and bodies, and the store's health (what it holds). */

/** Search pages are shorter than lists: a hit carries an excerpt. */
const DEFAULT_SEARCH_LIMIT = 20;

export const SearchHitSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string().nullable(),
  outletName: z.string().nullable(),
  outletDomain: z.string().nullable(),
  published: z.string().nullable(),
  language: z.string().nullable(),
  url: z.string().nullable(),
  origin: z.string(),
  wordCount: z.number().int(),
  storedAt: z.string(),
  excerpt: z.string().openapi({ description: 'a short excerpt with the matches marked by [ and ]' }),
  rank: z.number().openapi({ description: 'lower is better (bm25)' }),
}).openapi('SearchHit');

export const search = createRoute({
  method: 'get',
  path: '/api/search',
  summary: 'Full-text search over stored articles',
  request: {
    query: z.object({
      q: z.string({ error: 'words to search for' }).trim().min(1, { error: 'words to search for' }).openapi({ description: 'words to find (all must match)', example: 'buffer zone' }),
      limit: wholeNumber(1, MAX_LIMIT, DEFAULT_SEARCH_LIMIT, `how many hits (at most ${MAX_LIMIT})`),
    }),
  },
  responses: {
    200: { description: 'the best hits first', content: { 'application/json': { schema: z.object({ items: z.array(SearchHitSchema) }).openapi('SearchResults') } } },
    ...ERROR_RESPONSES,
  },
});

export const health = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Whether the server and its store answer, and what the store holds',
  responses: {
    200: {
      description: 'the store answers',
      content: {
        'application/json': {
          schema: z.object({
            status: z.literal('ok'),
            counts: z.object({ articles: z.number().int(), versions: z.number().int(), documents: z.number().int() }),
          }).openapi('Health'),
        },
      },
    },
    ...ERROR_RESPONSES,
  },
});

export function searchRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(search, async (c) => {
    const { q, limit } = c.req.valid('query');
    return c.json({ items: await store.searchArticles(q, limit) }, 200);
  });

  app.openapi(health, async (c) => c.json({ status: 'ok' as const, counts: await store.counts() }, 200));
}
