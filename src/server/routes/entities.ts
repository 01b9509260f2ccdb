import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EntityTypeSchema } from '../../model/annotations.js';
import type { Store } from '../../store/store.js';
import { ERROR_RESPONSES, PageQuerySchema, nextOffset, pageSchema } from '../schemas.js';

/** The people, organisations and places the articles name, names merged across the corpus. */

const EntitySummarySchema = z.object({
  name: z.string(),
  type: z.string().openapi({ description: EntityTypeSchema.options.join(', '), example: 'person' }),
  articles: z.number().int().openapi({ description: 'articles (current versions) that name it' }),
  mentions: z.number().int(),
  aliases: z.array(z.string()).optional().openapi({ description: 'other names articles used for it, when the corpus merged them' }),
}).openapi('EntitySummary');

const listEntities = createRoute({
  method: 'get',
  path: '/api/entities',
  summary: 'Entities, most widely named first',
  request: {
    query: PageQuerySchema.extend({
      type: z.enum(EntityTypeSchema.options, { error: `one of ${EntityTypeSchema.options.join(', ')}` }).optional().openapi({ description: 'only one type' }),
    }),
  },
  responses: {
    200: { description: 'a page of entities', content: { 'application/json': { schema: pageSchema('EntityPage', EntitySummarySchema) } } },
    ...ERROR_RESPONSES,
  },
});

export function entityRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listEntities, async (c) => {
    const q = c.req.valid('query');
    const entities = await store.listEntities(q);
    return c.json({ items: entities, next: nextOffset(entities.length, q) }, 200);
  });
}
