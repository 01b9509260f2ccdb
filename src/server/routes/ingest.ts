import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { fileKind } from '../../sources/files.js';
import { ApiError, errorResponse } from '../errors.js';
import { IngestRefused, sanitiseUploadName, type IngestEvent, type IngestJobs, type Upload } from '../ingest-jobs.js';
import { ERROR_RESPONSES, ErrorSchema, NOT_FOUND_RESPONSE } from '../schemas.js';

/** Ingesting over HTTP: start a job with URLs or uploaded files, follow it as server-sent events, list jobs. */

/** The upload cap `storyline serve --max-upload` sets by default, in MB. */
export const DEFAULT_MAX_UPLOAD_MB = 64;
/** URLs one request may give: a crawl list longer than this belongs in a file or a sitemap. */
const MAX_URLS = 1000;
/** Files one request may upload. */
const MAX_FILES = 1000;
/** An SSE comment this often keeps proxies from closing a stream that is quiet while a slow site is fetched. */
const KEEP_ALIVE_MS = 15_000;
const FILE_TYPES = '.html, .htm, .txt, .json, .jsonl, .warc, each optionally .gz';

export const TallySchema = z.object({
  read: z.number().int(),
  stored: z.number().int(),
  newVersions: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
}).openapi('IngestTally');

export const IngestSummarySchema = TallySchema.extend({
  failures: z.array(z.object({ origin: z.string(), reason: z.string() })).openapi({ description: 'inputs that could not be read or were not articles, with why (the first 500)' }),
  linked: z.number().int().openapi({ description: 'articles placed into stories' }),
  newStories: z.number().int(),
  articles: z.array(z.object({ id: z.string(), outcome: z.enum(['stored', 'new-version', 'unchanged']) })).openapi({ description: 'the articles read, with what storing them did (the first 1000)' }),
  stopped: z.boolean().openapi({ description: 'the server was stopping: what was read before is stored, the rest was not read' }),
}).openapi('IngestSummary');

export const IngestJobSchema = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  inputs: z.array(z.string()).openapi({ description: 'the URLs, and the uploaded files as `upload/NAME` (their stored origin)' }),
  tally: TallySchema,
  current: z.string().nullable().openapi({ description: 'the input being read now' }),
  stage: z.enum(['reading', 'linking']).nullable().openapi({ description: 'while running: reading the inputs, then placing the new articles into stories' }),
  warnings: z.array(z.object({ url: z.string(), message: z.string() })).openapi({ description: 'feeds or sitemaps read only in part, and why' }),
  summary: IngestSummarySchema.nullable().openapi({ description: 'when done' }),
  error: z.string().nullable().openapi({ description: 'when failed: why' }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
}).openapi('IngestJob');

export const IngestAcceptedSchema = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running']),
  inputs: z.array(z.string()),
  events: z.string().openapi({ description: 'the URL of its progress as server-sent events', example: '/api/ingest/3fa9c2e1b0d47a61/events' }),
}).openapi('IngestAccepted');

export const UrlsBodySchema = z.object({
  urls: z.array(z.string()).openapi({ description: `article pages, feeds, sitemaps or site front pages (http or https; at most ${MAX_URLS})`, example: ['https://news.example/rss.xml'] }),
}).openapi('IngestUrls');

const JobParamSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/, { error: 'an ingest job id (16 hexadecimal characters)' })
    .openapi({ param: { name: 'id', in: 'path' }, example: '3fa9c2e1b0d47a61' }),
});

const postIngest = createRoute({
  method: 'post',
  path: '/api/ingest',
  summary: 'Start an ingest of URLs or uploaded files',
  description: `Reads the inputs as \`storyline ingest\` does, as a job: one runs at a time, others wait. Send JSON \`{"urls": [...]}\`, or multipart/form-data with files in the field \`files\` (${FILE_TYPES}) and optionally URLs in the field \`urls\` (one per field or per line). The upload is capped (\`storyline serve --max-upload MB\`). Follow the job at \`events\`.`,
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: UrlsBodySchema },
        'multipart/form-data': {
          schema: z.object({
            files: z.array(z.string().openapi({ format: 'binary' })).optional(),
            urls: z.array(z.string()).optional(),
          }),
        },
      },
    },
  },
  responses: {
    202: { description: 'the job, queued or running', content: { 'application/json': { schema: IngestAcceptedSchema } } },
    403: { description: 'the request came from a page of another site', content: { 'application/json': { schema: ErrorSchema } } },
    413: { description: 'the upload is larger than the server takes: the message gives the cap', content: { 'application/json': { schema: ErrorSchema } } },
    415: { description: 'the body is neither JSON nor multipart/form-data', content: { 'application/json': { schema: ErrorSchema } } },
    429: { description: 'too many ingests are waiting', content: { 'application/json': { schema: ErrorSchema } } },
    503: { description: 'the server is stopping', content: { 'application/json': { schema: ErrorSchema } } },
    ...ERROR_RESPONSES,
  },
});

export const listJobs = createRoute({
  method: 'get',
  path: '/api/ingest',
  summary: 'Ingest jobs, newest first',
  description: 'The waiting and running jobs and the last 50 finished ones, since the server started.',
  responses: {
    200: { description: 'the jobs', content: { 'application/json': { schema: z.object({ items: z.array(IngestJobSchema) }).openapi('IngestJobList') } } },
    ...ERROR_RESPONSES,
  },
});

const getJob = createRoute({
  method: 'get',
  path: '/api/ingest/{id}',
  summary: 'One ingest job: its state, progress and, when done, its summary',
  request: { params: JobParamSchema },
  responses: {
    200: { description: 'the job', content: { 'application/json': { schema: IngestJobSchema } } },
    ...NOT_FOUND_RESPONSE,
    ...ERROR_RESPONSES,
  },
});

const jobEvents = createRoute({
  method: 'get',
  path: '/api/ingest/{id}/events',
  summary: "A job's progress as server-sent events",
  description: 'First the current state (`progress`, or `done` / `failed` when it has ended), then `progress` events (the job as GET /api/ingest/{id} gives it, at most 10 a second), `warning` events `{url, message}`, and at the end `done` (the final job) or `failed` `{message}`, after which the stream ends.',
  request: { params: JobParamSchema },
  responses: {
    200: { description: 'a text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...NOT_FOUND_RESPONSE,
    ...ERROR_RESPONSES,
  },
});

const noJob = (id: string): ApiError => new ApiError(404, `no ingest job with id ${id}: GET /api/ingest lists the jobs this server has run since it started (the last 50 finished ones)`);

/** What the request asks to ingest, checked: http(s) URLs, and uploads with names safe to write and of a type Storyline reads. */
interface IngestInputs {
  urls: string[];
  uploads: Upload[];
}

function checkedUrls(values: readonly string[], field: string): string[] {
  if (values.length > MAX_URLS) throw new ApiError(400, `${field}: at most ${MAX_URLS} URLs in one request, got ${values.length}: give a feed or sitemap instead, or send several requests`);
  return values.map((value, i) => {
    const name = `${field}[${i}]`;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ApiError(400, `${name}: expected an http:// or https:// URL, got ${JSON.stringify(value)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ApiError(400, `${name}: only http:// and https:// URLs can be fetched, got ${JSON.stringify(value)}`);
    }
    return value;
  });
}

async function jsonInputs(c: Context): Promise<IngestInputs> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.raw.text());
  } catch (e) {
    throw new ApiError(400, `request body: not valid JSON (${(e as Error).message}): send {"urls": ["https://…"]}`);
  }
  const parsed = UrlsBodySchema.safeParse(body);
  if (!parsed.success) throw new ApiError(400, 'request body: expected {"urls": ["https://…", …]}, a list of URL strings');
  return { urls: checkedUrls(parsed.data.urls, 'urls'), uploads: [] };
}

async function multipartInputs(c: Context): Promise<IngestInputs> {
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch (e) {
    throw new ApiError(400, `request body: unreadable multipart/form-data (${(e as Error).message})`);
  }
  const urls: string[] = [];
  for (const value of form.getAll('urls')) {
    if (typeof value !== 'string') throw new ApiError(400, 'urls: expected text (URLs, one per line), got a file: send files in the field "files"');
    urls.push(...value.split(/\s+/).filter(Boolean));
  }
  const files = form.getAll('files');
  if (files.length > MAX_FILES) throw new ApiError(400, `files: at most ${MAX_FILES} files in one request, got ${files.length}`);
  const uploads = files.map((value, i): Upload => {
    if (typeof value === 'string') throw new ApiError(400, `files[${i}]: expected an uploaded file, got text: send URLs in the field "urls"`);
    const name = sanitiseUploadName(value.name);
    const shown = JSON.stringify(value.name);
    if (!fileKind(name)) throw new ApiError(400, `files[${i}]: ${shown} is not a file type Storyline reads (${FILE_TYPES})`);
    if (value.size === 0) throw new ApiError(400, `files[${i}]: ${shown} is empty`);
    return { name, content: value };
  });
  return { urls: checkedUrls(urls, 'urls'), uploads };
}

function sendEvent(event: IngestEvent): { event: string; data: string } {
  return { event: event.event, data: JSON.stringify(event.data) };
}

export function ingestRoutes(app: OpenAPIHono, jobs: IngestJobs, maxUploadBytes: number): void {
  const cap = `${Math.round((maxUploadBytes / (1024 * 1024)) * 100) / 100} MB`;
  // Counted as the body arrives (a Content-Length over the cap is refused before reading): nothing is stored.
  app.use('/api/ingest', bodyLimit({
    maxSize: maxUploadBytes,
    onError: (c) => {
      // The rest of the body is not read: the client must not send its next request on this connection.
      c.header('Connection', 'close');
      return errorResponse(c, 413, `the upload is larger than this server's cap of ${cap}: send fewer or smaller files, or start the server with a higher \`storyline serve --max-upload MB\``);
    },
  }));

  app.openAPIRegistry.registerPath(postIngest);
  app.post('/api/ingest', async (c) => {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    let inputs: IngestInputs;
    if (type === 'application/json') inputs = await jsonInputs(c);
    else if (type === 'multipart/form-data') inputs = await multipartInputs(c);
    else throw new ApiError(415, `request body: expected application/json {"urls": […]} or multipart/form-data with files in the field "files", got ${type ? JSON.stringify(type) : 'no Content-Type'}`);
    if (inputs.urls.length === 0 && inputs.uploads.length === 0) {
      throw new ApiError(400, 'nothing to ingest: give at least one URL ({"urls": ["https://…"]}) or upload a file (multipart field "files")');
    }
    let job;
    try {
      job = await jobs.submit(inputs);
    } catch (e) {
      if (e instanceof IngestRefused) throw new ApiError(e.status, e.message);
      throw e;
    }
    const events = `/api/ingest/${job.id}/events`;
    c.header('Location', `/api/ingest/${job.id}`);
    return c.json({ id: job.id, state: job.state === 'queued' ? 'queued' : 'running', inputs: job.inputs, events }, 202);
  });

  app.openapi(listJobs, (c) => c.json({ items: jobs.list() }, 200));

  app.openapi(getJob, (c) => {
    const { id } = c.req.valid('param');
    const job = jobs.get(id);
    if (!job) throw noJob(id);
    return c.json(job, 200);
  });

  // Declared for the document; served by hand, since the answer is a stream rather than one JSON value.
  app.openAPIRegistry.registerPath(jobEvents);
  app.get('/api/ingest/:id/events', (c) => {
    const id = c.req.param('id');
    const parsed = JobParamSchema.safeParse({ id });
    if (!parsed.success) throw new ApiError(400, `id: expected an ingest job id (16 hexadecimal characters), got ${JSON.stringify(id)}`);
    if (!jobs.get(id)) throw noJob(id);
    return streamSSE(c, async (stream) => {
      let end = (): void => {};
      const ended = new Promise<void>((resolve) => (end = resolve));
      // Events are written one after another, in the order the job emitted them. A client reading
      // slowly gets the latest progress, not a backlog of stale ones.
      let writing = Promise.resolve();
      let pendingProgress: IngestEvent | null = null;
      const send = (event: IngestEvent): void => {
        if (event.event === 'progress') {
          const alreadyQueued = pendingProgress !== null;
          pendingProgress = event;
          if (alreadyQueued) return;
          writing = writing.then(() => {
            const latest = pendingProgress!;
            pendingProgress = null;
            return stream.writeSSE(sendEvent(latest));
          });
          return;
        }
        writing = writing.then(() => stream.writeSSE(sendEvent(event)));
        if (event.event === 'done' || event.event === 'failed') void writing.then(end);
      };
      stream.onAbort(end);
      c.req.raw.signal.addEventListener('abort', end);
      const unsubscribe = jobs.subscribe(id, send);
      const now = jobs.get(id);
      if (!now || !unsubscribe) return;
      if (now.state === 'done') send({ event: 'done', data: now });
      else if (now.state === 'failed') send({ event: 'failed', data: { message: now.error ?? 'the ingest failed' } });
      else send({ event: 'progress', data: now });
      const keepAlive = setInterval(() => {
        writing = writing.then(() => stream.write(': keep-alive\n\n')).then(() => undefined);
      }, KEEP_ALIVE_MS);
      try {
        await ended;
      } finally {
        clearInterval(keepAlive);
        unsubscribe();
        c.req.raw.signal.removeEventListener('abort', end);
      }
    });
  });
}
