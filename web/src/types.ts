/**
 * The API's shapes as the server declares them (src/server/api-types.ts): types only, erased when
 * the app is built, so the app and the server ship one definition and cannot drift.
 */

import type { IngestEvent } from '../../src/server/api-types.js';

export type {
  Annotations, Article, Delay, EntityDetail, EntityPage, ErrorBody, IngestAccepted, IngestJob, IngestJobList, IngestUrls, LanguageList,
  OutletPage, SearchResults, SourceEdge, SpeakerQuotes, StoredQuote, StoryArticle, StoryDetail, StoryPage, StoryReport, StorySummary,
} from '../../src/server/api-types.js';

/** The data of one named server-sent event of an ingest job. */
export type IngestEventData<Name extends IngestEvent['event']> = Extract<IngestEvent, { event: Name }>['data'];
