import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/store.js';
import { ERROR_RESPONSES, PageQuerySchema, nextOffset, pageSchema } from '../schemas.js';

/** The outlets the stored articles come from. */

export const OutletSummarySchema = z.object({
  name: z.string().nullable().openapi({ description: 'as extraction found it (byline or site name); null when only the domain is known' }),
  domain: z.string().nullable(),
  articles: z.number().int().openapi({ description: 'articles (current versions) from it' }),
  firstPublished: z.string().nullable().openapi({ description: 'earliest publication among its dated articles, as precise as the page gave it' }),
  lastPublished: z.string().nullable(),
}).openapi('OutletSummary');

const listOutlets = createRoute({
  method: 'get',
  path: '/api/outlets',
  summary: 'Outlets, those with most articles first',
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'a page of outlets', content: { 'application/json': { schema: pageSchema('OutletPage', OutletSummarySchema) } } },
    ...ERROR_RESPONSES,
  },
});

export function outletRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listOutlets, async (c) => {
    const q = c.req.valid('query');
    const outlets = await store.listOutlets(q);
    return c.json({ items: outlets, next: nextOffset(outlets.length, q) }, 200);
  });
}
