import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openStore } from '../../src/store/index.js';
import { EXAMPLES } from './paths.js';
import { respond, startWebServer, type RouteHandler, type TestWebServer } from './web-server.js';

/**
 * A small news site on 127.0.0.1 built from the demo corpus's HTML pages: article pages, an RSS
 * feed, a Google News sitemap, a gzipped sitemap and a sitemap index over both, and robots.txt.
 * Tests add misbehaving routes to it as they need.
 */

export interface SiteArticle {
  path: string;
  file: string;
  published: string;
}

/** Demo-corpus pages served by the site, with the dates their feeds and sitemaps give. */
export const SITE_ARTICLES: SiteArticle[] = [
  { file: 'northlight-news/dock-strike-halts-port-calder.html', path: '/news/dock-strike-halts-port-calder', published: '2026-03-03T09:00:00Z' },
  { file: 'meridian-times/port-calder-strike-puts-pressure-on-government.html', path: '/news/strike-pressure', published: '2026-03-04T10:00:00Z' },
  { file: 'northlight-news/port-calder-reopens-what-the-deal-means.html', path: '/news/port-reopens', published: '2026-03-10T08:00:00Z' },
  { file: 'meridian-times/housing-minister-gareth-pellow-resigns.html', path: '/news/pellow-resigns', published: '2026-03-13T12:00:00Z' },
  { file: 'eastmoor-herald/kestrel-park-fire-thousands-evacuated.html', path: '/news/kestrel-park-fire', published: '2026-03-19T22:10:00Z' },
  { file: 'meridian-times/halvern-rsv-jab-hits-target.html', path: '/news/rsv-jab', published: '2026-03-21T07:30:00Z' },
];

export function pageOf(article: SiteArticle): Buffer {
  return readFileSync(path.join(EXAMPLES, 'corpus', article.file));
}

export function rssFeed(origin: string, articles: readonly SiteArticle[], extra = ''): string {
  const items = articles
    .map((a) => `<item><title>Story at ${a.path}</title><link>${origin}${a.path}</link><guid isPermaLink="false">site-${a.path}</guid><pubDate>${new Date(a.published).toUTCString()}</pubDate></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Test Site</title><link>${origin}/</link><description>news</description>\n${items}\n${extra}</channel></rss>`;
}

export function newsSitemap(origin: string, articles: readonly SiteArticle[]): string {
  const urls = articles
    .map((a) => `<url><loc>${origin}${a.path}</loc><news:news><news:publication><news:name>Test Site</news:name><news:language>en</news:language></news:publication><news:publication_date>${a.published}</news:publication_date><news:title>t</news:title></news:news></url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${urls}\n</urlset>`;
}

/** Counts responses a route finished sending (a request whose client died midway is not counted). */
export function countCompleted(handler: RouteHandler, counts: Map<string, number>): RouteHandler {
  return (req, res) => {
    res.on('finish', () => counts.set(req.url ?? '', (counts.get(req.url ?? '') ?? 0) + 1));
    return handler(req, res);
  };
}

export async function startNewsSite(): Promise<TestWebServer & { completed: Map<string, number> }> {
  const server = await startWebServer();
  const completed = new Map<string, number>();
  const o = server.origin;
  server.route('/robots.txt', respond(200, 'User-agent: *\nDisallow: /private/\n', { 'content-type': 'text/plain' }));
  for (const a of SITE_ARTICLES) server.route(a.path, countCompleted(respond(200, pageOf(a), { 'content-type': 'text/html; charset=utf-8' }), completed));
  server.route('/rss.xml', respond(200, rssFeed(o, SITE_ARTICLES), { 'content-type': 'application/rss+xml' }));
  server.route('/sitemap-news.xml', respond(200, newsSitemap(o, SITE_ARTICLES.slice(0, 3)), { 'content-type': 'application/xml' }));
  server.route('/sitemap-old.xml.gz', respond(200, gzipSync(newsSitemap(o, SITE_ARTICLES.slice(3))), { 'content-type': 'application/octet-stream' }));
  server.route(
    '/sitemap_index.xml',
    respond(200, `<?xml version="1.0"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${o}/sitemap-news.xml</loc></sitemap><sitemap><loc>${o}/sitemap-old.xml.gz</loc></sitemap></sitemapindex>`, { 'content-type': 'application/xml' }),
  );
  return Object.assign(server, { completed });
}

/** Where the stored articles were fetched from (the URLs asked for), sorted. */
export async function storedOrigins(db: string): Promise<string[]> {
  const store = await openStore(db);
  try {
    return (await store.listArticles()).map((a) => a.origin).sort();
  } finally {
    await store.close();
  }
}
