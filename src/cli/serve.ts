import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { InvalidArgumentError, type Command } from 'commander';
import { createApi, OPENAPI_PATH } from '../server/api.js';
import { IngestJobs } from '../server/ingest-jobs.js';
import { webAppBuilt } from '../server/web-app.js';
import { DEFAULT_MAX_UPLOAD_MB } from '../server/routes/ingest.js';
import { addressRange, literalAddress } from '../sources/address-guard.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { shownLocation } from '../store/index.js';
import { UserError } from './errors.js';
import { webOptions, type WebCommandOptions } from './web-options.js';

/** The environment variable holding the token write requests must carry. */
const TOKEN_VARIABLE = 'STORYLINE_TOKEN';

function megabytes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('give a size in MB > 0');
  return n;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('give a port from 0 to 65535 (0 picks a free one)');
  return n;
}

/** Only this machine can reach the server: "localhost" or a loopback address (127.0.0.0/8, ::1). */
function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const literal = literalAddress(host);
  return literal !== null && addressRange(literal) === 'loopback';
}

/** "http://127.0.0.1:8080", brackets around an IPv6 host. */
function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host.replace(/^\[|\]$/g, '')}]` : host}:${port}`;
}

function listen(app: ReturnType<typeof createApi>, host: string, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host.replace(/^\[|\]$/g, ''), port }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? `port ${port} is in use (--port 0 picks a free one)` : e.code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine` : e.message;
      reject(new UserError(`cannot listen on ${urlOf(host, port)}: ${why}`));
    });
  });
}

export function registerServe(program: Command): void {
  webOptions(program
    .command('serve')
    .description('serve the store as a web app and a JSON HTTP API (documented at /api/openapi.json) until stopped')
    .addOption(databaseOption())
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 picks a free one)', portNumber, 8080)
    .option('--max-upload <MB>', 'largest upload POST /api/ingest takes', megabytes, DEFAULT_MAX_UPLOAD_MB))
    .addHelpText('after', `
Reads are open. Beyond this machine (--host not a loopback address) the server refuses to start
unless ${TOKEN_VARIABLE} is set; with it set, write requests must send "Authorization: Bearer <token>".
Writes from pages of other sites (another Origin than the server's host) are refused.

POST /api/ingest reads URLs and uploaded files as \`storyline ingest\` does, one ingest at a time;
the fetch options above apply to it. SIGINT or SIGTERM lets a running ingest store what it has read
(pages being fetched get 5 s), then stops; a second signal stops at once.

Examples:
  $ storyline serve
  $ storyline serve --port 0 --db news.db
  $ ${TOKEN_VARIABLE}=… storyline serve --host 0.0.0.0`)
    .action(async (opts: WebCommandOptions & { db: string; host: string; port: number; maxUpload: number }) => {
      const token = process.env[TOKEN_VARIABLE] || undefined;
      if (!isLoopback(opts.host) && token === undefined) {
        throw new UserError(`refusing to listen on ${opts.host} without a token: other machines could reach it. Set ${TOKEN_VARIABLE} (write requests must then send it as a bearer token), or listen on 127.0.0.1`);
      }
      const store = await openStoreAt(opts.db);
      const ingestJobs = new IngestJobs(store, { web: opts });
      const maxUploadBytes = Math.round(opts.maxUpload * 1024 * 1024);
      let server: ServerType;
      let port: number;
      try {
        ({ server, port } = await listen(createApi(store, { token, ingestJobs, maxUploadBytes }), opts.host, opts.port));
      } catch (e) {
        await store.close();
        throw e;
      }
      const url = urlOf(opts.host, port);
      console.log(`storyline: serving ${shownLocation(opts.db)} at ${url}/ (web app); JSON API under /api, documented at ${url}${OPENAPI_PATH}`);
      if (!webAppBuilt()) console.error('storyline: the web app is not built (dist/web is missing): run npm run build. The API works meanwhile');
      // Until SIGINT or SIGTERM: stop accepting, let a running ingest store what it read (its event
      // streams end with it), drop idle keep-alive connections, then close the store. A second
      // signal exits at once: the store's transactions leave it whole either way.
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals): void => {
          if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
          stopping = true;
          const closed = new Promise<void>((done) => server.close(() => done()));
          // Connections become idle as their last response ends (an event stream ends with its ingest):
          // each is dropped then rather than after the keep-alive timeout.
          const dropIdle = setInterval(() => {
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }, 50);
          void ingestJobs.close().catch((e: unknown) => console.error(e)).then(() => closed).then(() => {
            clearInterval(dropIdle);
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await store.close();
      console.error('storyline: stopped');
    });
}
