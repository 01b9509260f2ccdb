import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

/**
 * The browser app: the files `npm run build` puts in dist/web, served for every GET outside /api.
 * A path that is not a file is one of the app's own routes (/stories/…, /articles/…): it gets
 * index.html and the app routes on the client. Hashed assets never change, so they are cached for
 * a year; index.html is revalidated so a new build shows at once.
 */

/** Where Vite puts hashed files, relative to the app's root. */
const ASSETS_DIR = 'assets';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The built app's folder: dist/web beside the compiled server (dist/server → dist/web), or, when the
 * server runs from its TypeScript sources (tests, tsx), the repository's dist/web.
 */
export function defaultWebRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = path.resolve(here, '..', 'web');
  return path.basename(path.dirname(here)) === 'dist' ? compiled : path.resolve(here, '..', '..', 'dist', 'web');
}

/** Whether the app is built at root: `storyline serve` says so when it is not. */
export function webAppBuilt(root = defaultWebRoot()): boolean {
  return existsSync(path.join(root, 'index.html'));
}

/** A request path as a file under root, or null when it would leave root or is not a file. */
function fileUnder(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

const MISSING_BUILD = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Storyline: web app not built</title>
<h1>The web app is not built</h1>
<p>Run <code>npm run build</code> in the Storyline folder, then reload this page. The JSON API answers under <a href="/api/openapi.json">/api</a> meanwhile.</p></html>`;

/** Serves the built app from `root` (default: see `defaultWebRoot`) for GETs outside /api. */
export function serveWebApp(app: Hono, root = defaultWebRoot()): void {
  const resolvedRoot = path.resolve(root);
  const serve = (requestPath: string): Response | null => {
    if (requestPath === '/api' || requestPath.startsWith('/api/')) return null;
    const index = path.join(resolvedRoot, 'index.html');
    if (!existsSync(index)) {
      return new Response(MISSING_BUILD, { status: 503, headers: { 'Content-Type': CONTENT_TYPES['.html']!, 'Cache-Control': 'no-store' } });
    }
    const file = fileUnder(resolvedRoot, requestPath);
    // A missing asset is a 404, not the app: a stale page asking for an old bundle must fail plainly.
    if (!file && requestPath.startsWith(`/${ASSETS_DIR}/`)) return new Response('not found', { status: 404, headers: { 'Content-Type': CONTENT_TYPES['.txt']! } });
    const chosen = file ?? index;
    const type = CONTENT_TYPES[path.extname(chosen).toLowerCase()] ?? 'application/octet-stream';
    const hashed = chosen.startsWith(path.join(resolvedRoot, ASSETS_DIR) + path.sep);
    return new Response(readFileSync(chosen), { status: 200, headers: { 'Content-Type': type, 'Cache-Control': hashed ? IMMUTABLE : REVALIDATE } });
  };
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const response = serve(c.req.path);
    if (!response) return next();
    return c.req.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response;
  });
}
