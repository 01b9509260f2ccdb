import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './errors.js';

/**
 * Headers on API responses (/api). They are JSON only: nothing in them may load, run or be framed,
 * so a title such as `<img src=x onerror=…>` stays inert even when a browser opens the URL directly.
 */
const API_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Headers on the browser app's pages and files (everything outside /api): its own scripts, styles
 * and data only, nothing inline, so an untrusted title that slipped into the page could not run.
 */
const APP_HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "font-src 'self'",
    "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Methods that only read: everything else writes and, when a token is set, must carry it. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const isApi = c.req.path === '/api' || c.req.path.startsWith('/api/');
    for (const [name, value] of Object.entries(isApi ? API_HEADERS : APP_HEADERS)) c.res.headers.set(name, value);
  };
}

/** Compared as digests so neither the length nor the content leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * With a token, write methods need `Authorization: Bearer TOKEN`; reads stay open. Without one
 * (a server on loopback only, which `storyline serve` enforces), writes are open to local callers.
 */
export function requireTokenForWrites(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (token === undefined || READ_METHODS.has(c.req.method)) return next();
    const header = c.req.header('Authorization') ?? '';
    const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (given === undefined) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, `${c.req.method} needs the server's token: send "Authorization: Bearer <STORYLINE_TOKEN>"`);
    }
    if (!sameToken(given, token)) return errorResponse(c, 403, 'the token sent does not match the server\'s STORYLINE_TOKEN');
    return next();
  };
}
