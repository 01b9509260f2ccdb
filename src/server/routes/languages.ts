import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/store.js';
import { ERROR_RESPONSES } from '../schemas.js';

/** The languages the stored articles are written in: what the story list's language filter offers. */

export const LanguageSummarySchema = z.object({
  language: z.string().openapi({ description: 'ISO 639-1', example: 'en' }),
  articles: z.number().int().openapi({ description: 'articles (current versions) in it' }),
}).openapi('LanguageSummary');

export const listLanguages = createRoute({
  method: 'get',
  path: '/api/languages',
  summary: 'Languages of the stored articles, most articles first',
  description: 'Articles whose language could not be told are left out.',
  responses: {
    200: { description: 'every language', content: { 'application/json': { schema: z.object({ items: z.array(LanguageSummarySchema) }).openapi('LanguageList') } } },
    ...ERROR_RESPONSES,
  },
});

export function languageRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listLanguages, async (c) => c.json({ items: await store.listLanguages() }, 200));
}
