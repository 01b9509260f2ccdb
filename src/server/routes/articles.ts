import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AnnotationsSchema } from '../../model/annotations.js';
import { ArticleSchema } from '../../model/article.js';
import { CopyKindSchema } from '../../model/story.js';
import type { Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { fullArticleId } from '../lookup.js';
import { ERROR_RESPONSES, IdParamSchema, NOT_FOUND_RESPONSE } from '../schemas.js';

/** One article: what extraction made of it and who says what in it. */

export const ArticlePlacementSchema = z.object({
  storyId: z.string(),
  threadId: z.string(),
  copyOf: z.string().nullable().openapi({ description: 'the original this article copies (the earliest, most complete copy), or null' }),
  copyKind: CopyKindSchema.nullable(),
  copies: z.array(z.object({ articleId: z.string(), copyKind: CopyKindSchema.nullable() })).openapi({ description: 'articles that copy this one' }),
}).openapi('ArticlePlacement');

export const ArticleWithAnnotationsSchema = ArticleSchema.extend({
  annotations: AnnotationsSchema.nullable().openapi({ description: 'entities, quotes and citations, with offsets into the standfirst and body; null when not analysed' }),
  placement: ArticlePlacementSchema.nullable().openapi({ description: 'its story, thread and copies; null until linking has placed it' }),
}).openapi('Article');

const getArticle = createRoute({
  method: 'get',
  path: '/api/articles/{id}',
  summary: 'One article with its annotations, story and copies',
  description: 'The current version of an article, as `storyline show ID --json` prints it. Titles and texts are untrusted: escape them when rendering.',
  request: { params: IdParamSchema },
  responses: {
    200: { description: 'the article', content: { 'application/json': { schema: ArticleWithAnnotationsSchema } } },
    ...NOT_FOUND_RESPONSE,
    ...ERROR_RESPONSES,
  },
});

export function articleRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(getArticle, async (c) => {
    const { id } = c.req.valid('param');
    const full = await fullArticleId(store, id);
    const article = full ? await store.getArticle(full) : null;
    if (!article) throw new ApiError(404, `no article with id ${id}: find one with GET /api/search?q=… or in a story`);
    const [annotations, placement] = await Promise.all([store.getAnnotations(article.id), store.articlePlacement(article.id)]);
    return c.json({ ...article, annotations, placement }, 200);
  });
}
