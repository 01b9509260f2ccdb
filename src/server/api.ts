import { OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../store/store.js';
import { ApiError, errorResponse, validationHook } from './errors.js';
import { IngestJobs } from './ingest-jobs.js';
import { articleRoutes } from './routes/articles.js';
import { entityRoutes } from './routes/entities.js';
import { languageRoutes } from './routes/languages.js';
import { DEFAULT_MAX_UPLOAD_MB, ingestRoutes } from './routes/ingest.js';
import { outletRoutes } from './routes/outlets.js';
import { quoteRoutes } from './routes/quotes.js';
import { searchRoutes } from './routes/search.js';
import { storyRoutes } from './routes/stories.js';
import { refuseCrossSiteWrites } from './same-origin.js';
import { requireTokenForWrites, securityHeaders } from './security.js';
import { serveWebApp } from './web-app.js';

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = '/api/openapi.json';

export interface ApiOptions {
  /** When set, write methods need `Authorization: Bearer TOKEN`. */
  token?: string;
  /** Where unexpected errors are reported (the response itself says nothing of them). */
  logError?: (error: unknown) => void;
  /** The version the OpenAPI document states. */
  version?: string;
  /**
   * The ingest jobs POST /api/ingest starts; the caller keeps them to stop them cleanly
   * (`IngestJobs.close`). Without, the API makes its own with the default fetch options.
   */
  ingestJobs?: IngestJobs;
  /** Largest request body POST /api/ingest takes, in bytes (default 64 MB). */
  maxUploadBytes?: number;
}

/**
 * The HTTP API over a store: JSON only, each route's validation and OpenAPI description declared
 * next to it (routes/), the document generated from those declarations. Handlers call the store
 * or the query layer and nothing else.
 */
export function createApi(store: Store, options: ApiOptions = {}): OpenAPIHono {
  const logError = options.logError ?? ((e: unknown) => console.error(e));
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use('*', securityHeaders());
  app.use('/api/*', refuseCrossSiteWrites());
  app.use('/api/*', requireTokenForWrites(options.token));

  storyRoutes(app, store);
  articleRoutes(app, store);
  entityRoutes(app, store);
  languageRoutes(app, store);
  outletRoutes(app, store);
  quoteRoutes(app, store);
  searchRoutes(app, store);
  ingestRoutes(app, options.ingestJobs ?? new IngestJobs(store, { logError }), options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_MB * 1024 * 1024);
  serveWebApp(app);

  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Storyline API',
      version: options.version ?? '0.1.0',
      description: 'Stories, articles, quotes and entities from a Storyline store. Article titles and texts are untrusted input: escape them when rendering.',
    },
  });

  app.notFound((c) => errorResponse(c, 404, `no route ${c.req.method} ${c.req.path}: the routes are listed in ${OPENAPI_PATH}`));
  app.onError((e, c) => {
    if (e instanceof ApiError) return errorResponse(c, e.status, e.message);
    logError(e);
    return errorResponse(c, 500, 'the server failed on this request; its log says why');
  });
  return app;
}
