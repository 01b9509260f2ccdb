import type { StoryLink } from '../model/story.js';
import { profileArticle, type ArticleProfile, type LinkableArticle } from './article-profile.js';
import { CopyDetector, fingerprintOf, type CopyKind, type TextFingerprint } from './copy-detector.js';
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
  /**
   * Articles placed earlier that now copy this one (it is their earliest, most complete version):
   * the former original and its copies, to be recorded again with these.
   */
  repointed?: { id: string; copyOf: string; copyKind: CopyKind }[];
}

/**
 * What the linker needs of one article, computed from the article alone: pure, so articles can be
 * prepared in parallel (worker threads) while the linker places them one by one.
 */
export interface PreparedArticle {
  id: string;
  outlet: string | null;
  /** The profile, its word sequence left out (the fingerprint carries what copies need of it). */
  profile: ArticleProfile;
  fingerprint: TextFingerprint;
}

export function prepareForLinking(article: LinkableArticle): PreparedArticle {
  const profile = profileArticle(article);
  const fingerprint = fingerprintOf(profile.bodyWords);
  return { id: article.id, outlet: article.outlet, profile: { ...profile, bodyWords: [] }, fingerprint };
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
    return this.linkPrepared(prepareForLinking(article));
  }

  /** Places a new article prepared by prepareForLinking (here or in another thread). */
  linkPrepared(article: PreparedArticle): Placement {
    const profile = article.profile;
    const copy = this.copies.add(article.id, article.outlet, article.fingerprint, profile.day);
    const superseded = this.copies.takeSuperseded()[0];
    // A copy joins its original's story; a new original joins the story of the copies it supersedes.
    const originalStory = copy ? this.storyOfArticle.get(copy.original) : superseded ? this.storyOfArticle.get(superseded.copies[0]!.id) : undefined;
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
    this.forgetOldStories();
    const placed: Placement = { id: article.id, story, thread: this.threadOf.get(story)!, copyOf: copy?.original ?? null, copyKind: copy?.kind ?? null };
    if (superseded) placed.repointed = superseded.copies.map((c) => ({ id: c.id, copyOf: article.id, copyKind: c.kind }));
    return placed;
  }

  /** Replays a stored placement, so a linker rebuilt from the store continues where the last one stopped. */
  restore(article: LinkableArticle, link: StoryLink): void {
    const profile = profileArticle(article);
    this.copies.add(article.id, article.outlet, profile.bodyWords, profile.day);
    // The stored links already say who copies whom.
    this.copies.takeSuperseded();
    const cluster = this.clusterOf.get(link.storyId) ?? `stored:${link.storyId}`;
    this.clusterer.place(profile, cluster);
    this.storyIdOf.set(cluster, link.storyId);
    this.clusterOf.set(link.storyId, cluster);
    this.storyOfArticle.set(article.id, link.storyId);
    this.threadOf.set(link.storyId, link.threadId);
    this.forgetOldStories();
  }

  /** What the linker holds in memory: it follows the time window, not the corpus. */
  get remembered(): { liveStories: number; archivedStories: number; articles: number; fingerprints: number } {
    const held = this.clusterer.heldStories;
    return { liveStories: held.live, archivedStories: held.archived, articles: this.storyOfArticle.size, fingerprints: this.copies.size };
  }

  /** Lets go of the stories the clusterer has forgotten, so memory follows the time window here too. */
  private forgetOldStories(): void {
    for (const { id: cluster, members } of this.clusterer.takeForgotten()) {
      const story = this.storyIdOf.get(cluster);
      this.storyIdOf.delete(cluster);
      if (story === undefined) continue;
      this.clusterOf.delete(story);
      this.threadOf.delete(story);
      for (const article of members) this.storyOfArticle.delete(article);
    }
  }
}

/** The placement as the store records it. */
export function storyLinkOf(placement: Placement): StoryLink {
  return { articleId: placement.id, storyId: placement.story, threadId: placement.thread, copyOf: placement.copyOf, copyKind: placement.copyKind };
}
