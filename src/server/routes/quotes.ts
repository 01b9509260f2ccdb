import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { fullArticleId } from '../lookup.js';
import { ERROR_RESPONSES, NOT_FOUND_RESPONSE, PageQuerySchema, StoredQuoteSchema, nextOffset, pageSchema } from '../schemas.js';

/** Direct quotes with their speakers and the articles that carried them. */

const listQuotes = createRoute({
  method: 'get',
  path: '/api/quotes',
  summary: 'Direct quotes, newest articles first',
  request: {
    query: PageQuerySchema.extend({
      speaker: z.string().min(1).optional().openapi({ description: 'only quotes by this speaker (every word must match: "blinken" finds Antony Blinken)' }),
      story: z.string().regex(/^[0-9a-fA-F]{6,16}$/, { error: 'a story id, or a prefix of at least 6 of its characters' }).optional()
        .openapi({ description: 'only quotes carried by articles of this story' }),
    }),
  },
  responses: {
    200: { description: 'a page of quotes', content: { 'application/json': { schema: pageSchema('QuotePage', StoredQuoteSchema) } } },
    ...NOT_FOUND_RESPONSE,
    ...ERROR_RESPONSES,
  },
});

export function quoteRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listQuotes, async (c) => {
    const { story, ...q } = c.req.valid('query');
    const storyId = story === undefined ? undefined : await fullArticleId(store, story);
    if (storyId === null) throw new ApiError(404, `no story with id ${story}: list stories with GET /api/stories`);
    const quotes = await store.listQuotes({ ...q, storyId });
    return c.json({ items: quotes, next: nextOffset(quotes.length, q) }, 200);
  });
}
