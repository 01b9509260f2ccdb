import type { z } from 'zod';
import type { pageSchema, EntitySummarySchema, ErrorSchema, StoredQuoteSchema, StorySummarySchema } from './schemas.js';
import type { ArticlePlacementSchema, ArticleWithAnnotationsSchema } from './routes/articles.js';
import type { EntityDetailSchema } from './routes/entities.js';
import type { IngestAcceptedSchema, IngestJobSchema, IngestSummarySchema, TallySchema, UrlsBodySchema, listJobs } from './routes/ingest.js';
import type { LanguageSummarySchema, listLanguages } from './routes/languages.js';
import type { OutletSummarySchema } from './routes/outlets.js';
import type { SearchHitSchema, health, search } from './routes/search.js';
import type { StoryArticleSchema, StoryDetailSchema, ThreadSummarySchema } from './routes/stories.js';

/**
 * The shapes the API answers with, as types only: read from the routes' own schemas (and, for the
 * story report, the query layer's types the route returns), so a client compiled against them —
 * the web app — cannot drift from the server. Nothing here exists at run time: importing it adds
 * no server code to a bundle.
 */

/** The JSON body a route answers with at `status`, as its OpenAPI description declares it. */
type JsonBody<Route, Status extends number = 200> = Route extends {
  responses: { [S in Status]: { content: { 'application/json': { schema: infer Schema extends z.ZodType } } } };
} ? z.infer<Schema> : never;

/** A page of a list route: its items and the offset of the next page (null on the last). */
type PageOf<Item extends z.ZodType> = z.infer<ReturnType<typeof pageSchema<Item>>>;

export type ErrorBody = z.infer<typeof ErrorSchema>;

// Stories and threads.
export type StorySummary = z.infer<typeof StorySummarySchema>;
export type StoryPage = PageOf<typeof StorySummarySchema>;
export type StoryArticle = z.infer<typeof StoryArticleSchema>;
export type StoryDetail = z.infer<typeof StoryDetailSchema>;
export type ThreadSummary = z.infer<typeof ThreadSummarySchema>;
export type ThreadPage = PageOf<typeof ThreadSummarySchema>;

// The story report: the route returns the query layer's result as it is.
export type { StoryReport } from '../query/story-report.js';
export type { Delay, StoryTimeline, TimelineCopy, TimelineEntry } from '../query/story-timeline.js';
export type { ArticleSources, CitedSource, FollowUp, SharedSource, SourceEdge, SourceKind, StorySources } from '../query/story-sources.js';
export type { QuoteCarrier, QuoteVariant, SpeakerQuotes, StoryQuote } from '../query/story-quotes.js';
export type { Claim, ClaimAlignment, ClaimFigure, ClaimSentence, OutletClaims } from '../query/claim-alignment.js';
export type { StoryWording } from '../query/story-claims.js';
export type { DistinctiveTerm, OutletWording } from '../query/distinctive-wording.js';
export type { FlagEvidence, FlagKind, ReportFlag } from '../query/story-flags.js';

// Articles.
export type Article = z.infer<typeof ArticleWithAnnotationsSchema>;
export type ArticlePlacement = z.infer<typeof ArticlePlacementSchema>;
export type { Annotations } from '../model/annotations.js';

// Entities, quotes, outlets, languages.
export type EntitySummary = z.infer<typeof EntitySummarySchema>;
export type EntityPage = PageOf<typeof EntitySummarySchema>;
export type EntityDetail = z.infer<typeof EntityDetailSchema>;
/** A quote with the article that carried it (the OpenAPI document's `Quote`). */
export type StoredQuote = z.infer<typeof StoredQuoteSchema>;
export type QuotePage = PageOf<typeof StoredQuoteSchema>;
export type OutletSummary = z.infer<typeof OutletSummarySchema>;
export type OutletPage = PageOf<typeof OutletSummarySchema>;
export type LanguageSummary = z.infer<typeof LanguageSummarySchema>;
export type LanguageList = JsonBody<typeof listLanguages>;

// Search and health.
export type SearchHit = z.infer<typeof SearchHitSchema>;
export type SearchResults = JsonBody<typeof search>;
export type Health = JsonBody<typeof health>;

// Ingest.
export type IngestUrls = z.infer<typeof UrlsBodySchema>;
export type IngestTally = z.infer<typeof TallySchema>;
export type IngestSummary = z.infer<typeof IngestSummarySchema>;
export type IngestJob = z.infer<typeof IngestJobSchema>;
export type IngestJobList = JsonBody<typeof listJobs>;
export type IngestAccepted = z.infer<typeof IngestAcceptedSchema>;
/** The server-sent events of GET /api/ingest/{id}/events, named as they are sent, with their JSON data. */
export type { IngestEvent } from './ingest-jobs.js';
