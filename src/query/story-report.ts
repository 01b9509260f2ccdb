import type { StorySummary } from '../model/story.js';
import type { StoryTexts } from '../store/store.js';
import type { ClaimAlignment } from './claim-alignment.js';
import { reportOutlets, storyClaims, storyWording, type StoryWording } from './story-claims.js';
import { storyFlags, type ReportFlag } from './story-flags.js';
import { storyQuotes, type SpeakerQuotes } from './story-quotes.js';
import { storySources, type StorySources } from './story-sources.js';
import { storyTimeline, type StoryTimeline } from './story-timeline.js';

/**
 * The story report: for one story, exactly what each outlet reported, from where and how —
 * timeline, sources, quotes, claims, wording and flags.
 * A pure function of the story's articles as the store hands them over (`Store.getStoryTexts`);
 * the result is plain JSON, rendered by the CLI and later by the web UI.
 */

/** What the report is built from: the story, its articles in reading order, and the corpus's names for people. */
export type StoryReportInput = StoryTexts;

export interface StoryReport {
  story: StorySummary;
  timeline: StoryTimeline;
  sources: StorySources;
  /** Quotes grouped by speaker, the most widely carried first. */
  quotes: SpeakerQuotes[];
  /**
   * The articles' sentences aligned across outlets into claims: the coverage matrix (claim ×
   * outlet), per outlet the claims only it carries and the widely carried ones it omits, and per
   * claim its independent reports (a copy, or outlets citing one source, count once).
   */
  claims: ClaimAlignment;
  /** Per outlet (copies left out), the words and phrases it uses for this story more than the others. */
  wording: StoryWording;
  flags: ReportFlag[];
}

/** The report for one story. */
export function storyReport(input: StoryReportInput): StoryReport {
  const { story, articles, personAliases } = input;
  const sources = storySources(articles, personAliases);
  const outlets = reportOutlets(articles);
  const claims = storyClaims(articles, sources, outlets);
  return {
    story: {
      id: story.id, threadId: story.threadId, headline: story.headline, articles: story.articles,
      independentArticles: story.independentArticles, outlets: story.outlets,
      firstPublished: story.firstPublished, lastPublished: story.lastPublished, languages: story.languages, coverage: story.coverage,
    },
    timeline: storyTimeline(articles),
    sources,
    quotes: storyQuotes(articles, personAliases),
    claims: claims.section,
    wording: storyWording(articles, outlets),
    flags: storyFlags(articles, sources, claims.corroboration, personAliases),
  };
}
