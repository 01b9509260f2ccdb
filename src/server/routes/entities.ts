import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EntityTypeSchema } from '../../model/annotations.js';
import type { Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { ERROR_RESPONSES, EntitySummarySchema, NOT_FOUND_RESPONSE, PageQuerySchema, StoredQuoteSchema, StorySummarySchema, nextOffset, pageSchema } from '../schemas.js';

/** The people, organisations and places the articles name, names merged across the corpus. */

/** What an entity's page shows at most. */
const ENTITY_STORIES = 50;
const ENTITY_QUOTES = 100;

const entityType = () => z.enum(EntityTypeSchema.options, { error: `one of ${EntityTypeSchema.options.join(', ')}` });

export const EntityDetailSchema = z.object({
  name: z.string(),
  type: z.string().openapi({ description: EntityTypeSchema.options.join(', '), example: 'person' }),
  aliases: z.array(z.string()).openapi({ description: 'other names articles used for it, as the corpus merged them' }),
  articles: z.number().int().openapi({ description: 'articles (current versions) naming it under any of its names' }),
  mentions: z.number().int(),
  mentionsByDay: z.array(z.object({ day: z.string().openapi({ example: '2023-11-16' }), mentions: z.number().int() }))
    .openapi({ description: 'mentions in dated articles per day (the day the pages give), ascending' }),
  stories: z.array(StorySummarySchema).openapi({ description: `stories with an article naming it, newest first (at most ${ENTITY_STORIES})` }),
  quotesBy: z.array(StoredQuoteSchema).openapi({ description: `quotes it speaks, newest articles first (at most ${ENTITY_QUOTES})` }),
  quotesAbout: z.array(StoredQuoteSchema).openapi({ description: `quotes by others in articles naming it, newest articles first (at most ${ENTITY_QUOTES})` }),
}).openapi('EntityDetail');

const listEntities = createRoute({
  method: 'get',
  path: '/api/entities',
  summary: 'Entities, most widely named first',
  request: {
    query: PageQuerySchema.extend({
      type: entityType().optional().openapi({ description: 'only one type' }),
      query: z.string().trim().min(1, { error: 'some characters of a name' }).optional()
        .openapi({ description: 'only entities whose name contains this (case-insensitive)', example: 'blinken' }),
    }),
  },
  responses: {
    200: { description: 'a page of entities', content: { 'application/json': { schema: pageSchema('EntityPage', EntitySummarySchema) } } },
    ...ERROR_RESPONSES,
  },
});

const getEntity = createRoute({
  method: 'get',
  path: '/api/entities/{name}',
  summary: 'One entity: its names, mentions over time, stories and quotes',
  description: 'The entity by any of its names (URL-encoded, case-insensitive). A name several types share gives the most widely named unless `type` says which.',
  request: {
    params: z.object({
      name: z.string().trim().min(1, { error: 'an entity name' }).openapi({ param: { name: 'name', in: 'path' }, example: 'Antony Blinken' }),
    }),
    query: z.object({ type: entityType().optional().openapi({ description: 'the type, when entities of several types share the name' }) }),
  },
  responses: {
    200: { description: 'the entity', content: { 'application/json': { schema: EntityDetailSchema } } },
    ...NOT_FOUND_RESPONSE,
    ...ERROR_RESPONSES,
  },
});

export function entityRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listEntities, async (c) => {
    const q = c.req.valid('query');
    const entities = await store.listEntities(q);
    return c.json({ items: entities, next: nextOffset(entities.length, q) }, 200);
  });

  app.openapi(getEntity, async (c) => {
    const { name } = c.req.valid('param');
    const { type } = c.req.valid('query');
    const entity = await store.getEntity(name, { type, stories: ENTITY_STORIES, quotes: ENTITY_QUOTES });
    if (!entity) throw new ApiError(404, `no ${type ?? 'entity'} named ${JSON.stringify(name)}: find names with GET /api/entities?query=…`);
    return c.json(entity, 200);
  });
}
