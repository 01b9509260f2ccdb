import { profileArticle, type LinkableArticle } from './article-profile.js';
import { CopyDetector, type CopyKind } from './copy-detector.js';
import { StoryClusterer, STORY_KNOBS, type StoryKnobs } from './story-clusterer.js';

/**
 * The linking stage: places each arriving article among copies, stories and threads, in arrival
 * order. A copy joins its original's story and never counts as independent coverage.
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
  private readonly storyOf = new Map<string, string>();
  private readonly threadOf = new Map<string, string>();
  private nextThread = 1;

  constructor(knobs: StoryKnobs = STORY_KNOBS) {
    this.clusterer = new StoryClusterer(knobs);
  }

  link(article: LinkableArticle): Placement {
    const profile = profileArticle(article);
    const copy = this.copies.add(article.id, article.outlet, profile.bodyWords);
    const placement = this.clusterer.place(profile, copy ? this.storyOf.get(copy.original) : undefined);
    this.storyOf.set(article.id, placement.story);
    let thread = this.threadOf.get(placement.story);
    if (!thread) {
      thread = (placement.continues && this.threadOf.get(placement.continues)) || `t${this.nextThread++}`;
      this.threadOf.set(placement.story, thread);
    }
    return { id: article.id, story: placement.story, thread, copyOf: copy?.original ?? null, copyKind: copy?.kind ?? null };
  }
}
