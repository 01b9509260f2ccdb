import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ClaimAlignment } from '../../query/claim-alignment.js';
import type { StoryWording } from '../../query/story-claims.js';
import type { ReportFlag } from '../../query/story-flags.js';
import type { SpeakerQuotes } from '../../query/story-quotes.js';
import { storyReport } from '../../query/story-report.js';
import type { StorySources } from '../../query/story-sources.js';
import type { StoryTimeline } from '../../query/story-timeline.js';
import { STORY_SORTS, type Store } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { fullArticleId } from '../lookup.js';
import {
  ERROR_RESPONSES, EntitySummarySchema, IdParamSchema, NOT_FOUND_RESPONSE, PageQuerySchema, StorySummarySchema, dateParameter, instantParameter, nextOffset, pageSchema,
} from '../schemas.js';

/** Stories (one event, any outlets), one story with its articles, its report, and threads. */

/** Entities listed with a story. */
const STORY_ENTITIES = 50;

export const StoryArticleSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  outlet: z.string().nullable(),
  published: z.string().nullable(),
  url: z.string().nullable(),
  copyOf: z.string().nullable().openapi({ description: 'the article this one copies, or null for an independent report' }),
  copyKind: z.enum(['exact', 'near', 'containment', 'syndicated']).nullable(),
}).openapi('StoryArticle');

export const StoryDetailSchema = StorySummarySchema.extend({
  articleList: z.array(StoryArticleSchema).openapi({ description: 'in time order (undated last), copies right after their originals' }),
  thread: z.array(StorySummarySchema).openapi({ description: 'the other stories of its thread, oldest first' }),
  entities: z.array(EntitySummarySchema).openapi({ description: `the people, organisations and places its articles name, those in most of its articles first (at most ${STORY_ENTITIES}); articles and mentions count within the story` }),
}).openapi('StoryDetail');

/** A report section: typed by the query layer, documented here as an object (its fields are described there). */
const section = <T>(description: string) => z.custom<T>((v) => typeof v === 'object' && v !== null).openapi({ type: 'object', description });

const StoryReportSchema = z.object({
  story: StorySummarySchema,
  timeline: section<StoryTimeline>('who reported when: dated and undated articles, the first, each delay'),
  sources: section<StorySources>('per article its named and anonymous sources; primary sources shared by independent reports; follow-ups'),
  quotes: z.array(section<SpeakerQuotes>('one speaker with their quotes and the outlets carrying each')),
  claims: section<ClaimAlignment>('claims aligned across outlets: the claim × outlet matrix, claims only one outlet carries or omits'),
  wording: section<StoryWording>("per outlet, the words and phrases it uses for this story more than the others"),
  flags: z.array(section<ReportFlag>('a warning about an article (no attributable source, no corroboration, contradiction) with its evidence')),
}).openapi('StoryReport');

export const ThreadSummarySchema = z.object({
  id: z.string(),
  stories: z.number().int(),
  articles: z.number().int(),
  headline: z.string().nullable().openapi({ description: 'the headline of its first story' }),
  firstPublished: z.string().nullable(),
  lastPublished: z.string().nullable(),
}).openapi('ThreadSummary');

const listStories = createRoute({
  method: 'get',
  path: '/api/stories',
  summary: 'Stories, newest or largest first',
  description: 'Stories by their latest article, newest first (undated last), or most articles first; filtered as `storyline stories` filters them.',
  request: {
    query: PageQuerySchema.extend({
      since: dateParameter('only stories with an article published on or after this date'),
      until: dateParameter('only stories with an article published on or before this date (a bare day includes the whole day)'),
      outlet: z.string().min(1).optional().openapi({ description: 'only stories an outlet covered (name or domain, case-insensitive)' }),
      query: z.string().min(1).optional().openapi({ description: 'only stories with an article matching these words (all must match)' }),
      entity: z.string().trim().min(1, { error: 'an entity name' }).optional()
        .openapi({ description: 'only stories with an article naming this entity (case-insensitive; any of its names, as the corpus merged them)', example: 'Antony Blinken' }),
      language: z.string().regex(/^[a-zA-Z]{2,3}$/, { error: 'a language code such as en' }).optional()
        .openapi({ description: 'only stories with an article in this language (ISO 639-1)', example: 'en' }),
      sort: z.enum(STORY_SORTS, { error: `one of ${STORY_SORTS.join(', ')}` }).default('newest')
        .openapi({ description: 'newest: by latest article, undated last; largest: most articles first, then newest' }),
    }),
  },
  responses: {
    200: { description: 'a page of stories', content: { 'application/json': { schema: pageSchema('StoryPage', StorySummarySchema) } } },
    ...ERROR_RESPONSES,
  },
});

const getStory = createRoute({
  method: 'get',
  path: '/api/stories/{id}',
  summary: 'One story with its articles and thread',
  request: { params: IdParamSchema },
  responses: {
    200: { description: 'the story', content: { 'application/json': { schema: StoryDetailSchema } } },
    ...NOT_FOUND_RESPONSE,
    ...ERROR_RESPONSES,
  },
});

const getStoryReport = createRoute({
  method: 'get',
  path: '/api/stories/{id}/report',
  summary: 'How each outlet covered a story',
  description: 'The story report, as `storyline story ID --report --json` prints it: timeline, sources, quotes, claims, wording and flags.',
  request: { params: IdParamSchema },
  responses: {
    200: { description: 'the report', content: { 'application/json': { schema: StoryReportSchema } } },
    ...NOT_FOUND_RESPONSE,
    ...ERROR_RESPONSES,
  },
});

const listThreads = createRoute({
  method: 'get',
  path: '/api/threads',
  summary: 'Threads: stories that continue one another, newest first',
  request: { query: PageQuerySchema },
  responses: {
    200: { description: 'a page of threads', content: { 'application/json': { schema: pageSchema('ThreadPage', ThreadSummarySchema) } } },
    ...ERROR_RESPONSES,
  },
});

const noStory = (id: string): ApiError => new ApiError(404, `no story with id ${id}: list stories with GET /api/stories`);

export function storyRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listStories, async (c) => {
    const q = c.req.valid('query');
    const stories = await store.listStories({ ...q, since: instantParameter(q.since), until: instantParameter(q.until, true) });
    return c.json({ items: stories, next: nextOffset(stories.length, q) }, 200);
  });

  app.openapi(getStory, async (c) => {
    const { id } = c.req.valid('param');
    const full = await fullArticleId(store, id);
    const story = full ? await store.getStory(full) : null;
    if (!story) throw noStory(id);
    return c.json({ ...story, entities: await store.storyEntities(story.id, STORY_ENTITIES) }, 200);
  });

  app.openapi(getStoryReport, async (c) => {
    const { id } = c.req.valid('param');
    const full = await fullArticleId(store, id);
    const texts = full ? await store.getStoryTexts(full) : null;
    if (!texts) throw noStory(id);
    return c.json(storyReport(texts), 200);
  });

  app.openapi(listThreads, async (c) => {
    const q = c.req.valid('query');
    const threads = await store.listThreads(q);
    return c.json({ items: threads, next: nextOffset(threads.length, q) }, 200);
  });
}
