import type { StoryTexts } from '../store/store.js';
import { storyFlags, type ClaimCorroboration, type ReportFlag } from './story-flags.js';
import { storyQuotes, type SpeakerQuotes } from './story-quotes.js';
import { storySources, type StorySources } from './story-sources.js';
import { storyTimeline, type StoryTimeline } from './story-timeline.js';

/**
 * The story report: for one story, exactly what each outlet reported, from where and how —
 * timeline, sources, quotes, flags, and (wired in from their own modules) claims and wording.
 * A pure function of the story's articles as the store hands them over (`Store.getStoryTexts`);
 * the result is plain JSON, rendered by the CLI and later by the web UI.
 */

/** What the report is built from: the story, its articles in reading order, and the corpus's names for people. */
export interface StoryReportInput extends StoryTexts {
  /**
   * The claims section (claim alignment across outlets), passed through as it is built; when given
   * with `corroboration`, articles whose claims no other independent report carries are flagged.
   */
  claims?: { section: unknown; corroboration: readonly ClaimCorroboration[] };
  /** The wording section (each outlet's distinctive words), passed through as it is built. */
  wording?: unknown;
}

export interface StoryReport {
  story: {
    id: string;
    threadId: string;
    headline: string | null;
    articles: number;
    independentArticles: number;
    outlets: string[];
    firstPublished: string | null;
    lastPublished: string | null;
  };
  timeline: StoryTimeline;
  sources: StorySources;
  /** Quotes grouped by speaker, the most widely carried first. */
  quotes: SpeakerQuotes[];
  /** Claims aligned across outlets: null until the claims module is wired in. */
  claims: unknown;
  /** Each outlet's distinctive wording: null until the wording module is wired in. */
  wording: unknown;
  flags: ReportFlag[];
}

/** The report for one story. */
export function storyReport(input: StoryReportInput): StoryReport {
  const { story, articles, personAliases } = input;
  const sources = storySources(articles, personAliases);
  return {
    story: {
      id: story.id, threadId: story.threadId, headline: story.headline, articles: story.articles,
      independentArticles: story.independentArticles, outlets: story.outlets,
      firstPublished: story.firstPublished, lastPublished: story.lastPublished,
    },
    timeline: storyTimeline(articles),
    sources,
    quotes: storyQuotes(articles, personAliases),
    claims: input.claims?.section ?? null,
    wording: input.wording ?? null,
    flags: storyFlags(articles, sources, input.claims?.corroboration, personAliases),
  };
}
