export { profileArticle, type ArticleProfile, type LinkableArticle } from './article-profile.js';
export { StoryClusterer, STORY_KNOBS, type StoryKnobs, type StoryPlacement } from './story-clusterer.js';
export { CopyDetector, COPY_KNOBS, type CopyKind, type CopyMatch } from './copy-detector.js';
export { Linker, prepareForLinking, storyLinkOf, type Placement, type PreparedArticle } from './linker.js';
