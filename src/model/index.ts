export * from './document.js';
export * from './article.js';
export * from './annotations.js';
export * from './story.js';
