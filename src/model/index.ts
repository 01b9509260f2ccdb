export * from './document.js';
export * from './article.js';
export * from './annotations.js';
