import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { addressPolicy, describeRefusedAddress, guardedLookup, literalAddress, RefusedAddressError, refusedAddressWords, type AddressPolicy } from './address-guard.js';
import { ROBOTS_MAX_BYTES, RobotsRules, type RobotsResponse } from './robots-rules.js';
import { BodyFailure, contentEncodings, formatBytes, readBody } from './web-fetch-body.js';
import { FetcherClosedError, HostScheduler } from './web-fetch-hosts.js';

/**
 * The one way Storyline fetches from the web. It behaves so a site operator has no reason to
 * block it (robots.txt, one request at a time per host with a gap, Crawl-delay, Retry-After, a
 * User-Agent that says who we are) and so a hostile page cannot turn it against the user's own
 * network (no private, loopback, link-local or metadata addresses, checked on the connection's
 * own DNS answer and on every redirect) or memory (size caps that hold after decompression).
 */

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const DEFAULT_USER_AGENT = `Storyline/${VERSION} (news research; +https://github.com/storyline-news/storyline)`;
export const DEFAULT_HOST_DELAY_MS = 1000;
export const DEFAULT_HOST_CONCURRENCY = 1;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_BASE_MS = 1000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 120_000;
/** Pages, feeds, sitemaps and JSON APIs, preferring HTML. */
export const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,application/atom+xml;q=0.9,application/json;q=0.8,text/plain;q=0.7,*/*;q=0.5';
/** What we can undo; zstd is left out until Node 20 is no longer supported. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/** Statuses that mean "try again later" rather than "no". */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Socket errors worth another attempt: the next connection may well work. */
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

export interface WebFetcherOptions {
  /** Default DEFAULT_USER_AGENT. Its product token (before '/') is what robots.txt is matched against. */
  userAgent?: string;
  /** Fetch from any address, including private, loopback and link-local ones. Default false. */
  allowPrivate?: boolean;
  /**
   * Allow these addresses besides public ones (when allowPrivate is false). Called for every
   * address a host resolves to and for literal IP hosts, on every hop.
   */
  allowAddress?: (address: string) => boolean;
  ignoreRobots?: boolean;
  /** Gap between the end of one request and the start of the next to a host; Crawl-delay raises it (cap 60 s). */
  hostDelayMs?: number;
  hostConcurrency?: number;
  /** For one attempt: connect, headers and the whole body. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Largest body after decompression. */
  maxBytes?: number;
  /** Extra attempts on 429, 500, 502, 503, 504, connection resets, truncated bodies and timeouts. */
  retries?: number;
  /** First backoff; doubled on every further retry. Retry-After takes precedence. */
  retryBaseMs?: number;
  /** A longer Retry-After gives up with a clear error instead of waiting. */
  maxRetryAfterMs?: number;
  onEvent?: (event: FetchEvent) => void;
}

export type FetchEvent =
  | { kind: 'queued'; host: string; url: string }
  | { kind: 'fetched'; host: string; url: string; status: number; bytes: number }
  | { kind: 'retry'; host: string; url: string; attempt: number; waitMs: number; reason: string }
  | { kind: 'failed'; host: string; url: string; reason: string };

export interface FetchRequest {
  url: string;
  /** → If-None-Match */
  etag?: string | null;
  /** → If-Modified-Since */
  lastModified?: string | null;
  accept?: string;
}

export interface FetchedResource {
  requestedUrl: string;
  /** Final URL after redirects. */
  url: string;
  /** 200..299, or 304 when notModified. */
  status: number;
  notModified: boolean;
  /** MIME type only, lower case, e.g. 'text/html'. */
  contentType: string | null;
  /** From the Content-Type header as declared (lower case), else null. */
  charset: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Decompressed; empty for 304. */
  body: Uint8Array;
  /** ISO 8601 with zone. */
  fetchedAt: string;
}

/**
 * 'robots' is a lasting "no" (Disallow); 'robots-unavailable' is for this run only: robots.txt
 * answered 5xx/429 or could not be reached, so the site is left alone until the next run.
 */
export type FetchErrorKind = 'scheme' | 'blocked-address' | 'robots' | 'robots-unavailable' | 'dns' | 'network' | 'timeout' | 'too-large'
  | 'http' | 'too-many-redirects' | 'redirect-loop' | 'decompression' | 'retry-after-too-long';

export class FetchError extends Error {
  /** The message without the URL in front. */
  readonly detail: string;
  constructor(readonly url: string, readonly kind: FetchErrorKind, detail: string, readonly status?: number) {
    super(`${url}: ${detail}`);
    this.name = 'FetchError';
    this.detail = detail;
  }
}

/** One attempt's failure, before it is known whether another attempt follows. */
class AttemptFailure {
  constructor(readonly kind: FetchErrorKind, readonly detail: string, readonly retryable: boolean, readonly status?: number) {}
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Present for 2xx responses only. */
  body: Uint8Array | null;
}

interface FetchMode {
  /** Consult robots.txt (false for robots.txt itself). */
  robots: boolean;
  maxBytes: number;
  truncate: boolean;
  /** Return any final status instead of failing on non-2xx (robots.txt). */
  anyStatus: boolean;
}

const ALLOW_PRIVATE_HINT = '(use --allow-private to fetch from your own network)';

export class WebFetcher {
  private readonly userAgent: string;
  private readonly policy: AddressPolicy;
  private readonly ignoreRobots: boolean;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly maxBytes: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly onEvent: (event: FetchEvent) => void;
  private readonly hosts: HostScheduler;
  private readonly robots: RobotsRules;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly closing = new AbortController();

  constructor(options: WebFetcherOptions = {}) {
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.policy = addressPolicy({ allowPrivate: options.allowPrivate, allowAddress: options.allowAddress });
    this.ignoreRobots = options.ignoreRobots ?? false;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.retries = Math.max(0, options.retries ?? DEFAULT_RETRIES);
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.onEvent = options.onEvent ?? (() => {});
    this.hosts = new HostScheduler(Math.max(1, options.hostConcurrency ?? DEFAULT_HOST_CONCURRENCY), options.hostDelayMs ?? DEFAULT_HOST_DELAY_MS);
    const agentToken = this.userAgent.split('/')[0]!.trim() || 'Storyline';
    this.robots = new RobotsRules(agentToken, (robotsUrl) => this.fetchRobots(robotsUrl));
    // The guarded lookup sits in the agents, so every connection, pooled or new, passes it.
    const lookup = guardedLookup(this.policy);
    this.agents = {
      http: new http.Agent({ keepAlive: true, lookup } as http.AgentOptions),
      https: new https.Agent({ keepAlive: true, lookup } as https.AgentOptions),
    };
  }

  /** Fetches one URL, following redirects; throws FetchError only. */
  async fetch(request: FetchRequest | string): Promise<FetchedResource> {
    const req: FetchRequest = typeof request === 'string' ? { url: request } : request;
    const host = hostOf(req.url);
    this.onEvent({ kind: 'queued', host, url: req.url });
    try {
      const { url, response } = await this.follow(req, { robots: !this.ignoreRobots, maxBytes: this.maxBytes, truncate: false, anyStatus: false });
      const resource = toResource(req, url, response);
      this.onEvent({ kind: 'fetched', host, url: req.url, status: resource.status, bytes: resource.body.length });
      return resource;
    } catch (e) {
      const error = this.asFetchError(e, req.url);
      this.onEvent({ kind: 'failed', host, url: req.url, reason: error.detail });
      throw error;
    }
  }

  /** Sitemap URLs listed in the robots.txt of the URL's origin (empty when none or unreadable). */
  async sitemapsFor(url: string): Promise<string[]> {
    try {
      return await this.robots.sitemaps(new URL(url));
    } catch {
      return [];
    }
  }

  /** Stops everything: queued and in-flight fetches reject, sockets and timers are freed. */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new FetcherClosedError());
    this.hosts.close();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private asFetchError(e: unknown, url: string): FetchError {
    // An error at a later hop (a redirect target, robots.txt) keeps saying where it happened.
    if (e instanceof FetchError) return e.url === url ? e : new FetchError(url, e.kind, `at ${e.url}: ${e.detail}`, e.status);
    if (e instanceof FetcherClosedError || this.closing.signal.aborted) return new FetchError(url, 'network', 'cancelled: the fetcher was closed');
    return new FetchError(url, 'network', e instanceof Error ? e.message : String(e));
  }

  private async fetchRobots(robotsUrl: string): Promise<RobotsResponse> {
    try {
      const { response } = await this.follow({ url: robotsUrl, accept: 'text/plain' },
        { robots: false, maxBytes: ROBOTS_MAX_BYTES, truncate: true, anyStatus: true });
      return { status: response.status, body: response.body ?? new Uint8Array() };
    } catch (e) {
      const error = this.asFetchError(e, robotsUrl);
      // These doom the page as well: let them speak for themselves.
      if (['blocked-address', 'dns', 'scheme'].includes(error.kind) || this.closing.signal.aborted) throw error;
      return { unreachable: error.detail };
    }
  }

  /** Fetches a URL and follows its redirects, checking every hop. */
  private async follow(req: FetchRequest, mode: FetchMode): Promise<{ url: string; response: RawResponse }> {
    let current = parseHttpUrl(req.url);
    const chain = [current.href];
    for (;;) {
      this.checkLiteralAddress(current);
      if (mode.robots) {
        const verdict = await this.robots.check(current);
        if (verdict.crawlDelayMs > 0) this.hosts.setCrawlDelay(current.host, verdict.crawlDelayMs);
        if (!verdict.allowed) {
          throw verdict.unavailable
            ? new FetchError(current.href, 'robots-unavailable', verdict.reason ?? 'robots.txt could not be read')
            : new FetchError(current.href, 'robots', `${verdict.reason} (use --ignore-robots for your own sites)`);
        }
      }
      const response = await this.withRetries(current, req, mode);
      if (!REDIRECT_STATUSES.has(response.status)) return { url: current.href, response };

      const location = firstHeader(response.headers.location);
      if (!location) throw new FetchError(current.href, 'http', `HTTP ${response.status} redirect without a Location`, response.status);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new FetchError(current.href, 'http', `HTTP ${response.status} redirect to an invalid URL: ${location}`, response.status);
      }
      next.hash = '';
      if (chain.includes(next.href)) {
        throw new FetchError(req.url, 'redirect-loop', `redirect loop: ${[...chain, next.href].join(' → ')}`);
      }
      chain.push(next.href);
      if (chain.length - 1 > this.maxRedirects) {
        throw new FetchError(req.url, 'too-many-redirects', `too many redirects (more than ${this.maxRedirects}): ${chain.join(' → ')}`);
      }
      current = parseHttpUrl(next.href);
    }
  }

  /** A literal IP host is checked here; a host name is checked by the connection's lookup. */
  private checkLiteralAddress(url: URL): void {
    const address = literalAddress(url.hostname);
    if (address !== null && !this.policy(address)) {
      throw new FetchError(url.href, 'blocked-address', `refused: ${describeRefusedAddress(address)} ${ALLOW_PRIVATE_HINT}`);
    }
  }

  /** One hop: attempts with backoff, each attempt waiting for its turn at the host. */
  private async withRetries(url: URL, req: FetchRequest, mode: FetchMode): Promise<RawResponse> {
    const host = url.host;
    for (let attempt = 1; ; attempt++) {
      const release = await this.hosts.acquire(host);
      let outcome: RawResponse | AttemptFailure;
      try {
        outcome = await this.attempt(url, req, mode);
      } finally {
        release();
      }
      if (!(outcome instanceof AttemptFailure) && !RETRYABLE_STATUSES.has(outcome.status)) {
        return this.acceptStatus(url, outcome, mode, attempt);
      }
      const failure = outcome instanceof AttemptFailure ? outcome
        : new AttemptFailure('http', describeStatus(outcome.status), true, outcome.status);
      const retryAfterMs = outcome instanceof AttemptFailure ? null : retryAfter(outcome.headers['retry-after']);
      if (retryAfterMs !== null && retryAfterMs > this.maxRetryAfterMs) {
        throw new FetchError(url.href, 'retry-after-too-long',
          `the server asked to retry after ${Math.ceil(retryAfterMs / 1000)} s (HTTP ${failure.status}), longer than the ${Math.round(this.maxRetryAfterMs / 1000)} s Storyline waits`,
          failure.status);
      }
      if (!failure.retryable || attempt > this.retries) {
        if (!(outcome instanceof AttemptFailure) && mode.anyStatus) return outcome;
        const detail = attempt > 1 ? `gave up after ${attempt} attempts: ${failure.detail}` : failure.detail;
        throw new FetchError(url.href, failure.kind, detail, failure.status);
      }
      const waitMs = retryAfterMs ?? this.retryBaseMs * 2 ** (attempt - 1);
      if (retryAfterMs !== null) this.hosts.holdOff(host, retryAfterMs);
      this.onEvent({ kind: 'retry', host, url: url.href, attempt: attempt + 1, waitMs, reason: failure.detail });
      await sleep(waitMs, undefined, { signal: this.closing.signal }).catch(() => {
        throw new FetcherClosedError();
      });
    }
  }

  private acceptStatus(url: URL, response: RawResponse, mode: FetchMode, attempts: number): RawResponse {
    const ok = (response.status >= 200 && response.status < 300) || response.status === 304 || REDIRECT_STATUSES.has(response.status);
    if (ok || mode.anyStatus) return response;
    const detail = `${describeStatus(response.status)}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`;
    throw new FetchError(url.href, 'http', detail, response.status);
  }

  /** One request. Resolves with the response (body read for 2xx) or the reason it failed. */
  private attempt(url: URL, req: FetchRequest, mode: FetchMode): Promise<RawResponse | AttemptFailure> {
    if (this.closing.signal.aborted) return Promise.reject(new FetcherClosedError());
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: req.accept ?? DEFAULT_ACCEPT,
      'accept-encoding': ACCEPT_ENCODING,
    };
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.lastModified) headers['if-modified-since'] = req.lastModified;
    const isHttps = url.protocol === 'https:';

    return new Promise((resolve, reject) => {
      let settled = false;
      let abortBody: ((e: Error) => void) | null = null;
      const finish = (outcome: RawResponse | AttemptFailure | FetcherClosedError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.closing.signal.removeEventListener('abort', onClose);
        if (outcome instanceof FetcherClosedError) reject(outcome);
        else resolve(outcome);
      };
      const stop = (outcome: AttemptFailure | FetcherClosedError) => {
        abortBody?.(new Error('stopped'));
        request.destroy();
        finish(outcome);
      };
      const onClose = () => stop(new FetcherClosedError());
      const timer = setTimeout(
        () => stop(new AttemptFailure('timeout', `no complete response within ${formatSeconds(this.timeoutMs)}`, true)),
        this.timeoutMs);
      this.closing.signal.addEventListener('abort', onClose);

      const request = (isHttps ? https : http).request(url, {
        method: 'GET',
        headers,
        agent: isHttps ? this.agents.https : this.agents.http,
      });
      request.on('error', (e) => stop(describeRequestError(e)));
      request.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          // Only 2xx bodies matter; the rest are not worth the bytes (or the wait).
          res.destroy();
          finish({ status, headers: res.headers, body: null });
          return;
        }
        const encodings = contentEncodings(firstHeader(res.headers['content-encoding']));
        if (encodings === null) {
          res.destroy();
          finish(new AttemptFailure('decompression', `unsupported Content-Encoding: ${res.headers['content-encoding']}`, false));
          return;
        }
        const reading = readBody(res, encodings, { maxBytes: mode.maxBytes, truncate: mode.truncate });
        abortBody = reading.abort;
        reading.done.then(
          (body) => finish({ status, headers: res.headers, body }),
          (e: unknown) => {
            if (settled) return;
            if (e instanceof BodyFailure) {
              const kind = e.kind === 'truncated' ? 'network' : e.kind;
              stop(new AttemptFailure(kind, e.message, e.kind === 'truncated'));
            } else {
              stop(new AttemptFailure('network', e instanceof Error ? e.message : String(e), true));
            }
          });
      });
      request.end();
    });
  }
}

/** 'HTTP 404 Not Found' */
function describeStatus(status: number): string {
  const phrase = http.STATUS_CODES[status];
  return phrase ? `HTTP ${status} ${phrase}` : `HTTP ${status}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** An http(s) URL, or a FetchError 'scheme' for anything else (file:, ftp:, data:, javascript:…). */
function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError(raw, 'scheme', 'not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(raw, 'scheme', `refused: only http and https URLs are fetched, not ${url.protocol}`);
  }
  url.hash = '';
  return url;
}

function describeRequestError(e: Error): AttemptFailure {
  if (e instanceof RefusedAddressError) {
    return new AttemptFailure('blocked-address', `refused: ${e.hostname} resolves to ${e.address}, ${refusedAddressWords(e.address)} ${ALLOW_PRIVATE_HINT}`, false);
  }
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    const host = (e as NodeJS.ErrnoException & { hostname?: string }).hostname;
    return new AttemptFailure('dns', `host not found${host ? `: ${host}` : ''} (${code})`, code === 'EAI_AGAIN');
  }
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', ETIMEDOUT: 'connection timed out',
    EPIPE: 'connection broken', ENETUNREACH: 'network unreachable', EHOSTUNREACH: 'host unreachable',
  };
  if (code.startsWith('HPE_')) return new AttemptFailure('network', `malformed HTTP response (${e.message})`, false);
  // Certificate problems do not go away by asking again; say what they are.
  if (/CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)/.test(code)) return new AttemptFailure('network', `TLS certificate not trusted: ${e.message} (${code})`, false);
  return new AttemptFailure('network', words[code] ?? e.message ?? code, RETRYABLE_NETWORK_CODES.has(code) || e.message === 'socket hang up');
}

/** Retry-After (seconds or an HTTP date) in ms from now; null when absent or unreadable. */
function retryAfter(header: string | string[] | undefined): number | null {
  const value = firstHeader(header)?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** 'text/html; charset="Windows-1252"' → { type: 'text/html', charset: 'windows-1252' }. */
export function parseContentType(header: string | undefined): { type: string | null; charset: string | null } {
  if (!header) return { type: null, charset: null };
  const [typePart, ...params] = header.split(';');
  const type = typePart!.trim().toLowerCase() || null;
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase() || null;
  }
  return { type, charset };
}

function toResource(req: FetchRequest, url: string, response: RawResponse): FetchedResource {
  const notModified = response.status === 304;
  if (notModified && !req.etag && !req.lastModified) {
    throw new FetchError(url, 'http', 'HTTP 304 to a request that was not conditional', 304);
  }
  const { type, charset } = parseContentType(firstHeader(response.headers['content-type']));
  return {
    requestedUrl: req.url,
    url,
    status: response.status,
    notModified,
    contentType: type,
    charset,
    etag: firstHeader(response.headers.etag) ?? (notModified ? req.etag ?? null : null),
    lastModified: firstHeader(response.headers['last-modified']) ?? (notModified ? req.lastModified ?? null : null),
    body: notModified ? new Uint8Array() : response.body ?? new Uint8Array(),
    fetchedAt: new Date().toISOString(),
  };
}

export { formatBytes };
