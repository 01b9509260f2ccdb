import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 for crawling tests. Routes are plain Node handlers so a test can
 * misbehave exactly as it needs (stall, truncate, redirect, lie about types); every request is
 * logged so a test can say what was fetched, how often and with which headers.
 */

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface LoggedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface TestWebServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  url(path: string): string;
  /** Adds or replaces a route (exact path including query string). */
  route(path: string, handler: RouteHandler): void;
  requests: LoggedRequest[];
  /** How many times a path was requested. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startWebServer(routes: Record<string, RouteHandler> = {}): Promise<TestWebServer> {
  const table = new Map(Object.entries(routes));
  const requests: LoggedRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, at: Date.now() });
    const handler = table.get(path) ?? table.get(path.split('?')[0]!);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    Promise.resolve(handler(req, res)).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p) => origin + p,
    route: (p, h) => void table.set(p, h),
    requests,
    hits: (p) => requests.filter((r) => r.path === p).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A handler that answers with a fixed body and headers. */
export function respond(status: number, body: string | Uint8Array, headers: Record<string, string> = {}): RouteHandler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}
