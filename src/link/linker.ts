import type { StoryLink } from '../model/story.js';
import { profileArticle, type LinkableArticle } from './article-profile.js';
import { CopyDetector, type CopyKind } from './copy-detector.js';
import { StoryClusterer, STORY_KNOBS, type StoryKnobs } from './story-clusterer.js';

/**
 * The linking stage: places each arriving article among copies, stories and threads, in arrival
 * order. A copy joins its original's story and never counts as independent coverage. A story's
 * id is the id of the article that founded it, and a thread's id is the id of its first story, so
 * ids are stable however often the linker is rebuilt.
 */

export interface Placement {
  id: string;
  story: string;
  thread: string;
  copyOf: string | null;
  copyKind: CopyKind | null;
}

export class Linker {
  private readonly copies = new CopyDetector();
  private readonly clusterer: StoryClusterer;
  /** The clusterer's story → our story id, and back. */
  private readonly storyIdOf = new Map<string, string>();
  private readonly clusterOf = new Map<string, string>();
  private readonly storyOfArticle = new Map<string, string>();
  private readonly threadOf = new Map<string, string>();

  constructor(knobs: StoryKnobs = STORY_KNOBS) {
    this.clusterer = new StoryClusterer(knobs);
  }

  /** Places a new article. */
  link(article: LinkableArticle): Placement {
    const profile = profileArticle(article);
    const copy = this.copies.add(article.id, article.outlet, profile.bodyWords);
    const originalStory = copy ? this.storyOfArticle.get(copy.original) : undefined;
    const placement = this.clusterer.place(profile, originalStory ? this.clusterOf.get(originalStory) : undefined);
    let story = this.storyIdOf.get(placement.story);
    if (story === undefined) {
      story = article.id;
      this.storyIdOf.set(placement.story, story);
      this.clusterOf.set(story, placement.story);
      const continued = placement.continues ? this.storyIdOf.get(placement.continues) : undefined;
      this.threadOf.set(story, (continued && this.threadOf.get(continued)) || story);
    }
    this.storyOfArticle.set(article.id, story);
    return { id: article.id, story, thread: this.threadOf.get(story)!, copyOf: copy?.original ?? null, copyKind: copy?.kind ?? null };
  }

  /** Replays a stored placement, so a linker rebuilt from the store continues where the last one stopped. */
  restore(article: LinkableArticle, link: StoryLink): void {
    const profile = profileArticle(article);
    this.copies.add(article.id, article.outlet, profile.bodyWords);
    const cluster = this.clusterOf.get(link.storyId) ?? `stored:${link.storyId}`;
    this.clusterer.place(profile, cluster);
    this.storyIdOf.set(cluster, link.storyId);
    this.clusterOf.set(link.storyId, cluster);
    this.storyOfArticle.set(article.id, link.storyId);
    this.threadOf.set(link.storyId, link.threadId);
  }
}

/** The placement as the store records it. */
export function storyLinkOf(placement: Placement): StoryLink {
  return { articleId: placement.id, storyId: placement.story, threadId: placement.thread, copyOf: placement.copyOf, copyKind: placement.copyKind };
}
