import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './errors.js';

/**
 * A page on another site must not make a visitor's browser write to their Storyline server (start
 * an ingest on a loopback server that has no token). Browsers name the page's origin on every POST
 * (`Origin`) and say how it relates to the target (`Sec-Fetch-Site`): a write whose origin is not
 * the server's own host is refused. Clients that are not browsers send neither header and pass;
 * a reverse proxy in front must pass the Host header through.
 */

/** Methods that only read: the check is for the rest. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refuseCrossSiteWrites(): MiddlewareHandler {
  return async (c, next) => {
    if (READ_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('Origin');
    const host = c.req.header('Host');
    const site = c.req.header('Sec-Fetch-Site');
    let from: string | null = site === 'cross-site' ? 'a page of another site' : null;
    if (from === null && origin !== undefined) {
      // "null" (a sandboxed frame, a file:// page) is another origin too.
      let originHost: string | null = null;
      try {
        originHost = origin === 'null' ? null : new URL(origin).host;
      } catch {
        originHost = null;
      }
      if (originHost === null || host === undefined || originHost.toLowerCase() !== host.toLowerCase()) from = origin;
    } else if (from === null && site === 'same-site') {
      from = 'a page of a neighbouring site';
    }
    if (from === null) return next();
    return errorResponse(c, 403, `${c.req.method} ${c.req.path} refused: the request comes from ${from}, not from this server's own pages (${host ?? 'no Host'}). Use the web app this server serves, or a client that is not a browser`);
  };
}
