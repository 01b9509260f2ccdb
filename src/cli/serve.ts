import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { InvalidArgumentError, type Command } from 'commander';
import { createApi, OPENAPI_PATH } from '../server/api.js';
import { addressRange, literalAddress } from '../sources/address-guard.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { UserError } from './errors.js';

/** The environment variable holding the token write requests must carry. */
const TOKEN_VARIABLE = 'STORYLINE_TOKEN';

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
  program
    .command('serve')
    .description('serve the store as a JSON HTTP API (documented at /api/openapi.json) until stopped')
    .addOption(databaseOption())
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 picks a free one)', portNumber, 8080)
    .addHelpText('after', `
Reads are open. Beyond this machine (--host not a loopback address) the server refuses to start
unless ${TOKEN_VARIABLE} is set; with it set, write requests must send "Authorization: Bearer <token>".

Examples:
  $ storyline serve
  $ storyline serve --port 0 --db news.db
  $ ${TOKEN_VARIABLE}=… storyline serve --host 0.0.0.0`)
    .action(async (opts: { db: string; host: string; port: number }) => {
      const token = process.env[TOKEN_VARIABLE] || undefined;
      if (!isLoopback(opts.host) && token === undefined) {
        throw new UserError(`refusing to listen on ${opts.host} without a token: other machines could reach it. Set ${TOKEN_VARIABLE} (write requests must then send it as a bearer token), or listen on 127.0.0.1`);
      }
      const store = await openStoreAt(opts.db);
      let server: ServerType;
      let port: number;
      try {
        ({ server, port } = await listen(createApi(store, { token }), opts.host, opts.port));
      } catch (e) {
        await store.close();
        throw e;
      }
      const url = urlOf(opts.host, port);
      console.log(`storyline: serving ${opts.db} at ${url}/api (OpenAPI document: ${url}${OPENAPI_PATH})`);
      // Until SIGINT or SIGTERM: stop accepting, drop idle keep-alive connections, then close the store.
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close(() => resolve());
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await store.close();
      console.error('storyline: stopped');
    });
}
