/**
 * The API's shapes as the app reads them (see /api/openapi.json). Everything the app does not
 * strictly need is optional: a server without a newer field shows less, it does not break.
 */

export interface Page<T> {
  items: T[];
  next: number | null;
}

export interface CoverageDay {
  day: string;
  articles: number;
}

export interface StorySummary {
  id: string;
  threadId?: string;
  headline: string | null;
  articles: number;
  independentArticles?: number;
  outlets: string[];
  firstPublished: string | null;
  lastPublished: string | null;
  languages?: string[];
  coverage?: CoverageDay[];
}

export type CopyKind = 'exact' | 'near' | 'containment' | 'syndicated';

export interface StoryArticle {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
  copyOf: string | null;
  copyKind: CopyKind | null;
}

export interface StoryDetail extends StorySummary {
  articleList?: StoryArticle[];
  thread?: StorySummary[];
}

export interface Delay {
  minutes: number;
  precision: 'minute' | 'day';
}

export interface TimelineCopy {
  articleId: string;
  outlet: string;
  title: string | null;
  published: string | null;
  copyKind: string | null;
  after: Delay | null;
}

export interface TimelineEntry {
  articleId: string;
  outlet: string;
  title: string | null;
  published: string | null;
  url: string | null;
  after: Delay | null;
  copies?: TimelineCopy[];
}

export interface CitedSource {
  name: string;
  kind: string;
  asWritten?: string[];
  cues?: string[];
  mentions?: number;
}

export interface ArticleSources {
  articleId: string;
  outlet: string;
  copyOf: string | null;
  named?: CitedSource[];
  anonymous?: CitedSource[];
}

export interface SourceEdge {
  outlet: string;
  source: string;
  kind: string;
  articleIds: string[];
}

export interface StoryQuoteCarrier {
  articleId: string;
  outlet: string;
  variant?: string;
  text?: string;
}

export interface StoryQuote {
  text: string;
  firstArticleId?: string;
  carriers?: StoryQuoteCarrier[];
  outlets?: string[];
  variant?: boolean;
}

export interface SpeakerQuotes {
  speaker: string | null;
  quotes?: StoryQuote[];
}

export interface Claim {
  id: number;
  representative?: { text: string; articleId?: string; outlet?: string };
  outlets?: string[];
  independentReports?: number;
  figuresDiffer?: boolean;
  cohesion?: number | null;
}

export interface ClaimAlignment {
  outlets?: string[];
  claims?: Claim[];
  coverage?: number[][];
  byOutlet?: { outlet: string; onlyHere?: number[]; omits?: number[] }[];
}

export interface OutletWording {
  outlet: string;
  articles?: number;
  terms?: { term: string; z?: number; count?: number; othersCount?: number }[];
}

export interface ReportFlag {
  kind: string;
  articleId: string | null;
  outlet: string | null;
  message: string;
  evidence?: { articleId: string; text: string }[];
}

export interface StoryReport {
  story?: StorySummary;
  timeline?: { first?: string[]; dated?: TimelineEntry[]; undated?: TimelineEntry[] };
  sources?: { articles?: ArticleSources[]; edges?: SourceEdge[]; shared?: { name: string; kind: string; outlets?: string[] }[] };
  quotes?: SpeakerQuotes[];
  claims?: ClaimAlignment;
  wording?: OutletWording[];
  flags?: ReportFlag[];
}

export interface EntityMention {
  text: string;
  type: string;
  start: number;
  end: number;
  canonical: string;
}

export interface QuoteMention {
  text: string;
  speaker: string | null;
  speakerText: string | null;
  start: number;
  end: number;
}

export interface CitationMention {
  source: string;
  sourceText: string;
  cue: string;
  start: number;
  end: number;
  kind: string;
}

export interface Annotations {
  entities?: EntityMention[];
  quotes?: QuoteMention[];
  citations?: CitationMention[];
}

export interface ArticleDetail {
  id: string;
  version?: number;
  url: string | null;
  canonicalUrl?: string | null;
  outlet?: { name: string | null; domain: string | null };
  title: string | null;
  standfirst: string | null;
  byline?: string[];
  published?: { value: string; precision: string; hasTimeZone?: boolean } | null;
  language?: string | null;
  blocks?: { kind: string; text: string }[];
  tags?: string[];
  citedSources?: { name: string; line: string }[];
  extraction?: { method: string; confidence: number; notes?: string[] };
  origin?: string;
  annotations?: Annotations | null;
  placement?: {
    storyId: string;
    threadId: string;
    copyOf: string | null;
    copyKind: string | null;
    copies?: { articleId: string; copyKind: string | null }[];
  } | null;
}

export interface QuoteItem {
  articleId: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  storyId: string | null;
  speaker: string | null;
  speakerText: string | null;
  text: string;
}

export interface EntityDetail {
  name: string;
  type?: string;
  aliases?: string[];
  articles?: number;
  mentions?: number;
  mentionsByDay?: { day: string; mentions: number }[];
  stories?: StorySummary[];
  quotesBy?: QuoteItem[];
  quotesAbout?: QuoteItem[];
}

export interface EntitySummary {
  name: string;
  type: string;
  articles: number;
  mentions: number;
}

export interface OutletSummary {
  name: string | null;
  domain: string | null;
  articles: number;
}

export interface SearchHit {
  id: string;
  title: string | null;
  outletName: string | null;
  outletDomain: string | null;
  published: string | null;
  excerpt: string;
}

export interface IngestTally {
  read: number;
  stored: number;
  newVersions: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export interface IngestJob {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  inputs?: string[];
  tally?: Partial<IngestTally>;
  current?: string | null;
  summary?: { failures?: { origin: string; reason: string }[]; linked?: number; newStories?: number } | null;
  error?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}
