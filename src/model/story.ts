import { z } from 'zod';

/** How an article copies another: byte-for-byte text, small edits, inside a longer text, or under another outlet. */
export const CopyKindSchema = z.enum(['exact', 'near', 'containment', 'syndicated']);

/** Where linking placed one article. Story ids are founding article ids; thread ids are first-story ids. */
export const StoryLinkSchema = z.object({
  articleId: z.string(),
  storyId: z.string(),
  threadId: z.string(),
  copyOf: z.string().nullable(),
  copyKind: CopyKindSchema.nullable(),
});
export type StoryLink = z.infer<typeof StoryLinkSchema>;

/** An article as linking reads it back from the store. */
export interface ArticleForLinking {
  id: string;
  title: string | null;
  text: string;
  /** Publication time, ms since the epoch (zone-less values read as UTC), or null. */
  published: number | null;
  outlet: string | null;
  language: string | null;
}

/** A row of the story list. */
export interface StorySummary {
  id: string;
  threadId: string;
  /** The founding article's headline. */
  headline: string | null;
  /** Articles in the story, copies included. */
  articles: number;
  /** Articles that are not copies: independent coverage. */
  independentArticles: number;
  outlets: string[];
  /** Earliest and latest publication among its dated articles (Published.value), or null. */
  firstPublished: string | null;
  lastPublished: string | null;
  /** Languages of its articles (ISO 639-1), most used first. */
  languages: string[];
  /** Dated articles per day (the day the page gives), ascending: coverage over time. */
  coverage: StoryDay[];
}

/** How many of a story's dated articles appeared on one day. */
export interface StoryDay {
  /** YYYY-MM-DD. */
  day: string;
  articles: number;
}

/** One article of a story, as the story view lists it. */
export interface StoryArticle {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
  copyOf: string | null;
  copyKind: z.infer<typeof CopyKindSchema> | null;
}

export interface StoryDetail extends StorySummary {
  /** In time order (undated last), copies placed right after their originals. */
  articleList: StoryArticle[];
  /** The other stories of its thread, oldest first. */
  thread: StorySummary[];
}

export interface ThreadSummary {
  id: string;
  stories: number;
  articles: number;
  /** The headline of its first story. */
  headline: string | null;
  firstPublished: string | null;
  lastPublished: string | null;
}
