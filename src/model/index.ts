export * from './document.js';
export * from './article.js';
