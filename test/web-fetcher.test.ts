import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT, FetchError, WebFetcher, type FetchEvent, type WebFetcherOptions } from '../src/sources/web-fetcher.js';
import { REPO } from './helpers/paths.js';
import { respond, startWebServer, type RouteHandler, type TestWebServer } from './helpers/web-server.js';

/**
 * The fetcher against a real HTTP server on 127.0.0.1 that misbehaves on purpose. Delays and
 * retries are small here except where the delay itself is under test.
 */

let server: TestWebServer;
const fetchers: WebFetcher[] = [];

beforeEach(async () => {
  server = await startWebServer();
});
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await server.close();
});

/** A fetcher for the test server: loopback allowed, short gaps and backoffs. */
function fetcher(options: WebFetcherOptions = {}): WebFetcher {
  const f = new WebFetcher({ allowPrivate: true, hostDelayMs: 0, retryBaseMs: 20, timeoutMs: 5000, ...options });
  fetchers.push(f);
  return f;
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchError);
    return e as FetchError;
  }
  throw new Error('expected the fetch to fail');
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const html = (text: string) => `<!doctype html><html><head><title>${text}</title></head><body><p>${text}</p></body></html>`;

/** Arrival times of the requests for a path, in order. */
const arrivals = (path: string) => server.requests.filter((r) => r.path === path).map((r) => r.at);

describe('WebFetcher: ordinary pages', () => {
  it('returns the body, final URL, type and validators, and names Storyline in the User-Agent', async () => {
    server.route('/story', respond(200, html('Council votes'), {
      'content-type': 'text/html; charset=UTF-8', etag: '"v1"', 'last-modified': 'Tue, 14 Nov 2023 08:00:00 GMT',
    }));
    const page = await fetcher().fetch(server.url('/story'));
    expect(new TextDecoder().decode(page.body)).toBe(html('Council votes'));
    expect(page).toMatchObject({
      requestedUrl: server.url('/story'), url: server.url('/story'), status: 200, notModified: false,
      contentType: 'text/html', charset: 'utf-8', etag: '"v1"', lastModified: 'Tue, 14 Nov 2023 08:00:00 GMT',
    });
    expect(new Date(page.fetchedAt).toISOString()).toBe(page.fetchedAt);
    const sent = server.requests.find((r) => r.path === '/story')!;
    expect(sent.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^Storyline\/\d+\.\d+\.\d+ \(.+\+https?:\/\/.+\)$/);
    expect(sent.headers['accept-encoding']).toMatch(/gzip/);
    // robots.txt is asked for with the same User-Agent.
    expect(server.requests.find((r) => r.path === '/robots.txt')?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
  });

  it('returns a windows-1252 page byte for byte with the charset the header declares', async () => {
    const bytes = Uint8Array.from([0x3c, 0x70, 0x3e, 0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x80, 0x35, 0x3c, 0x2f, 0x70, 0x3e]);
    server.route('/cafe', respond(200, bytes, { 'content-type': 'text/html; charset="Windows-1252"' }));
    const page = await fetcher().fetch(server.url('/cafe'));
    expect(Array.from(page.body)).toEqual(Array.from(bytes));
    expect(page.charset).toBe('windows-1252');
    expect(page.contentType).toBe('text/html');
  });

  it('reports a wrong or missing content type as served, leaving the judgement to the caller', async () => {
    server.route('/mislabelled', respond(200, html('Really HTML'), { 'content-type': 'APPLICATION/octet-stream' }));
    server.route('/unlabelled', (_req, res) => {
      res.removeHeader('content-type');
      res.writeHead(200);
      res.end(html('No type'));
    });
    const f = fetcher();
    const mislabelled = await f.fetch(server.url('/mislabelled'));
    expect(mislabelled.contentType).toBe('application/octet-stream');
    expect(mislabelled.charset).toBeNull();
    expect(new TextDecoder().decode(mislabelled.body)).toContain('Really HTML');
    const unlabelled = await f.fetch(server.url('/unlabelled'));
    expect(unlabelled.contentType).toBeNull();
  });

  it('sends If-None-Match and If-Modified-Since and reports a 304 as not modified', async () => {
    server.route('/feed', (req, res) => {
      if (req.headers['if-none-match'] === '"abc"') {
        res.writeHead(304, { etag: '"abc"' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"abc"' });
        res.end('<rss/>');
      }
    });
    const f = fetcher();
    const first = await f.fetch(server.url('/feed'));
    expect(first.notModified).toBe(false);
    const again = await f.fetch({ url: server.url('/feed'), etag: first.etag, lastModified: 'Tue, 14 Nov 2023 08:00:00 GMT' });
    expect(again).toMatchObject({ status: 304, notModified: true, etag: '"abc"' });
    expect(again.body.length).toBe(0);
    const sent = server.requests.filter((r) => r.path === '/feed')[1]!;
    expect(sent.headers['if-none-match']).toBe('"abc"');
    expect(sent.headers['if-modified-since']).toBe('Tue, 14 Nov 2023 08:00:00 GMT');
  });

  it('turns 404 and 410 into an http error with the status, without retrying', async () => {
    server.route('/gone', respond(410, 'gone'));
    const f = fetcher();
    const missing = await failure(f.fetch(server.url('/missing')));
    expect(missing).toMatchObject({ kind: 'http', status: 404, url: server.url('/missing') });
    expect(missing.message).toBe(`${server.url('/missing')}: HTTP 404 Not Found`);
    const gone = await failure(f.fetch(server.url('/gone')));
    expect(gone).toMatchObject({ kind: 'http', status: 410 });
    expect(server.hits('/missing')).toBe(1);
    expect(server.hits('/gone')).toBe(1);
  });

  it('emits queued, retry, fetched and failed events', async () => {
    let calls = 0;
    server.route('/flaky', (_req, res) => {
      res.writeHead(++calls === 1 ? 502 : 200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    const events: FetchEvent[] = [];
    const f = fetcher({ onEvent: (e) => events.push(e) });
    await f.fetch(server.url('/flaky'));
    await failure(f.fetch(server.url('/missing')));
    const host = new URL(server.origin).host;
    expect(events).toEqual([
      { kind: 'queued', host, url: server.url('/flaky') },
      { kind: 'retry', host, url: server.url('/flaky'), attempt: 2, waitMs: 20, reason: 'HTTP 502 Bad Gateway' },
      { kind: 'fetched', host, url: server.url('/flaky'), status: 200, bytes: 2 },
      { kind: 'queued', host, url: server.url('/missing') },
      { kind: 'failed', host, url: server.url('/missing'), reason: 'HTTP 404 Not Found' },
    ]);
  });
});

describe('WebFetcher: slow and failing servers', () => {
  it('times out a server that never answers', async () => {
    server.route('/stall', () => { /* never answers */ });
    const started = Date.now();
    const error = await failure(fetcher({ timeoutMs: 300, retries: 0 }).fetch(server.url('/stall')));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/no complete response within 0\.3 s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('times out a body that drips in too slowly, and retries the timeout', async () => {
    server.route('/drip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('<p>.</p>'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failure(fetcher({ timeoutMs: 400, retries: 1 }).fetch(server.url('/drip')));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/gave up after 2 attempts: no complete response within 0\.4 s/);
    expect(server.hits('/drip')).toBe(2);
  });

  it('retries a 500 and returns the page that follows', async () => {
    let calls = 0;
    server.route('/wobbly', (_req, res) => {
      if (++calls === 1) {
        res.writeHead(500);
        res.end('oops');
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(html('Back up'));
      }
    });
    const page = await fetcher().fetch(server.url('/wobbly'));
    expect(new TextDecoder().decode(page.body)).toContain('Back up');
    expect(server.hits('/wobbly')).toBe(2);
  });

  it('gives up on a server that stays at 503, saying how many attempts it made', async () => {
    server.route('/down', respond(503, 'down'));
    const error = await failure(fetcher({ retries: 2 }).fetch(server.url('/down')));
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(error.message).toBe(`${server.url('/down')}: gave up after 3 attempts: HTTP 503 Service Unavailable`);
    expect(server.hits('/down')).toBe(3);
    // Backoff doubles: 20 ms then 40 ms between attempts.
    const [a, b, c] = arrivals('/down');
    expect(b! - a!).toBeGreaterThanOrEqual(15);
    expect(c! - b!).toBeGreaterThanOrEqual(35);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    let calls = 0;
    server.route('/busy', (_req, res) => {
      if (++calls === 1) {
        res.writeHead(429, { 'retry-after': '1' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('done');
      }
    });
    const page = await fetcher().fetch(server.url('/busy'));
    expect(page.status).toBe(200);
    const [first, second] = arrivals('/busy');
    expect(second! - first!).toBeGreaterThanOrEqual(900);
  });

  it('gives up at once, clearly, when Retry-After asks for longer than it will wait', async () => {
    server.route('/later', respond(503, 'maintenance', { 'retry-after': '3600' }));
    const started = Date.now();
    const error = await failure(fetcher({ maxRetryAfterMs: 5000 }).fetch(server.url('/later')));
    expect(error).toMatchObject({ kind: 'retry-after-too-long', status: 503 });
    expect(error.message).toMatch(/retry after 3600 s .*longer than the 5 s/);
    expect(server.hits('/later')).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails a truncated body and retries it like a network error', async () => {
    server.route('/cut', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.write('x'.repeat(400));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(fetcher({ retries: 1 }).fetch(server.url('/cut')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/gave up after 2 attempts: body truncated: .*400 of 1000 bytes/);
    expect(server.hits('/cut')).toBe(2);
  });

  it('fails a chunked body cut off before its last chunk', async () => {
    server.route('/cut-chunked', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>first part</p>');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failure(fetcher({ retries: 0 }).fetch(server.url('/cut-chunked')));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/body truncated/);
  });

  it('rejects pending fetches when closed', async () => {
    server.route('/stall', () => { /* never answers */ });
    const f = fetcher({ timeoutMs: 10_000 });
    const pending = failure(f.fetch(server.url('/stall')));
    const queued = failure(f.fetch(server.url('/stall?2')));
    await wait(100);
    const started = Date.now();
    await f.close();
    const [a, b] = await Promise.all([pending, queued]);
    expect(a.message).toMatch(/the fetcher was closed/);
    expect(b.message).toMatch(/the fetcher was closed/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await failure(f.fetch(server.url('/stall')))).message).toMatch(/closed/);
  });
});

describe('WebFetcher: redirects', () => {
  it('follows a relative redirect and reports the final URL', async () => {
    server.route('/old', respond(301, '', { location: '/new?id=7' }));
    server.route('/new', respond(200, html('Moved'), { 'content-type': 'text/html' }));
    const page = await fetcher().fetch(server.url('/old'));
    expect(page.requestedUrl).toBe(server.url('/old'));
    expect(page.url).toBe(server.url('/new?id=7'));
  });

  it('detects a redirect loop and names its steps', async () => {
    server.route('/a', respond(302, '', { location: '/b' }));
    server.route('/b', respond(302, '', { location: '/a' }));
    const error = await failure(fetcher().fetch(server.url('/a')));
    expect(error.kind).toBe('redirect-loop');
    expect(error.message).toBe(`${server.url('/a')}: redirect loop: ${server.url('/a')} → ${server.url('/b')} → ${server.url('/a')}`);
  });

  it('stops after maxRedirects', async () => {
    for (let i = 0; i < 10; i++) server.route(`/hop${i}`, respond(307, '', { location: `/hop${i + 1}` }));
    const error = await failure(fetcher({ maxRedirects: 3 }).fetch(server.url('/hop0')));
    expect(error.kind).toBe('too-many-redirects');
    expect(error.message).toMatch(/more than 3/);
    expect(server.hits('/hop3')).toBe(1);
    expect(server.hits('/hop4')).toBe(0);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    server.route('/to-file', respond(302, '', { location: 'file:///etc/passwd' }));
    const error = await failure(fetcher().fetch(server.url('/to-file')));
    expect(error.kind).toBe('scheme');
    expect(error.message).toMatch(/only http and https/);
  });
});

describe('WebFetcher: address safety', () => {
  it('refuses loopback, by literal address and by a name that resolves to it, unless private addresses are allowed', async () => {
    server.route('/page', respond(200, 'hello', { 'content-type': 'text/plain' }));
    const guarded = new WebFetcher({ hostDelayMs: 0 });
    fetchers.push(guarded);
    const literal = await failure(guarded.fetch(server.url('/page')));
    expect(literal.kind).toBe('blocked-address');
    expect(literal.message).toBe(`${server.url('/page')}: refused: 127.0.0.1 is a loopback address (use --allow-private to fetch from your own network)`);
    const byName = `http://localhost:${new URL(server.origin).port}/page`;
    const named = await failure(guarded.fetch(byName));
    expect(named.kind).toBe('blocked-address');
    expect(named.message).toMatch(/localhost resolves to 127\.0\.0\.1, a loopback address \(use --allow-private/);
    // The check sits in the connection's own lookup, for https as for http (before any TLS).
    const overTls = await failure(guarded.fetch(`https://localhost:${new URL(server.origin).port}/page`));
    expect(overTls.kind).toBe('blocked-address');
    // Nothing reached the server: not the page, not robots.txt.
    expect(server.requests).toHaveLength(0);

    const allowed = await fetcher().fetch(byName);
    expect(new TextDecoder().decode(allowed.body)).toBe('hello');
  });

  it('checks every redirect hop: a public-looking start cannot lead to a private or metadata address', async () => {
    server.route('/to-private', respond(302, '', { location: 'http://10.0.0.1/admin' }));
    server.route('/to-metadata', respond(301, '', { location: 'http://169.254.169.254/latest/meta-data/' }));
    server.route('/to-mapped', respond(302, '', { location: 'http://[::ffff:192.168.0.1]/' }));
    // Loopback stands in for "a public server" here; every other non-public address stays refused.
    const f = fetcher({ allowPrivate: false, allowAddress: (ip) => ip === '127.0.0.1' });
    const toPrivate = await failure(f.fetch(server.url('/to-private')));
    expect(toPrivate.kind).toBe('blocked-address');
    expect(toPrivate.message).toMatch(/at http:\/\/10\.0\.0\.1\/admin: refused: 10\.0\.0\.1 is a private address/);
    const toMetadata = await failure(f.fetch(server.url('/to-metadata')));
    expect(toMetadata.kind).toBe('blocked-address');
    expect(toMetadata.message).toMatch(/169\.254\.169\.254 is a cloud metadata address/);
    const toMapped = await failure(f.fetch(server.url('/to-mapped')));
    expect(toMapped.kind).toBe('blocked-address');
    expect(server.hits('/to-private')).toBe(1);
  });

  it('refuses file:, ftp: and malformed URLs', async () => {
    const f = fetcher();
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/pub/news.txt', 'javascript:alert(1)', 'not a url']) {
      const error = await failure(f.fetch(url));
      expect(error.kind).toBe('scheme');
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('WebFetcher: size caps and content encodings', () => {
  const MiB = 1024 * 1024;

  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    server.route('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(4 * MiB) });
      res.end(Buffer.alloc(4 * MiB, 0x61));
    });
    const error = await failure(fetcher({ maxBytes: MiB }).fetch(server.url('/huge')));
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`${server.url('/huge')}: body exceeds 1 MiB (Content-Length: ${4 * MiB})`);
  });

  it('refuses a chunked body once it passes the cap', async () => {
    let written = 0;
    let finished = false;
    server.route('/endless', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const pump = () => {
        while (written < 64 * MiB) {
          written += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024, 0x62))) return void res.once('drain', pump);
        }
        finished = true;
        res.end();
      };
      res.on('error', () => {});
      pump();
    });
    const error = await failure(fetcher({ maxBytes: MiB }).fetch(server.url('/endless')));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/body exceeds 1 MiB$/);
    expect(finished).toBe(false);
  });

  it('refuses a gzip bomb quickly, without inflating it, and stays small in memory', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * MiB));
    expect(bomb.length).toBeLessThan(100 * 1024);
    let sentAll = false;
    server.route('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      // Sent in small slices with pauses, so the server can tell whether the fetcher hung up early.
      let offset = 0;
      const next = () => {
        if (res.destroyed) return;
        if (offset >= bomb.length) {
          sentAll = true;
          res.end();
          return;
        }
        res.write(bomb.subarray(offset, offset + 2048));
        offset += 2048;
        setTimeout(next, 2);
      };
      next();
    });
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().arrayBuffers); }, 2);
    const started = Date.now();
    const error = await failure(fetcher({ maxBytes: MiB }).fetch(server.url('/bomb')));
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/body exceeds 1 MiB after decompression/);
    expect(Date.now() - started).toBeLessThan(3000);
    await wait(50);
    expect(sentAll).toBe(false);
    expect(peak - baseline).toBeLessThan(16 * MiB);
  });

  it('decodes gzip, zlib deflate, raw deflate and brotli bodies', async () => {
    const text = html('Encoded body ').repeat(50);
    const encoded: Record<string, [string, Buffer]> = {
      '/gzip': ['gzip', gzipSync(text)],
      '/deflate': ['deflate', deflateSync(text)],
      '/raw-deflate': ['deflate', deflateRawSync(text)],
      '/br': ['br', brotliCompressSync(text)],
    };
    for (const [path, [encoding, body]] of Object.entries(encoded)) {
      server.route(path, respond(200, body, { 'content-type': 'text/html', 'content-encoding': encoding }));
    }
    const f = fetcher();
    for (const path of Object.keys(encoded)) {
      const page = await f.fetch(server.url(path));
      expect(new TextDecoder().decode(page.body), path).toBe(text);
    }
  });

  it('reports corrupt compressed data and unknown encodings as decompression errors', async () => {
    const good = gzipSync(html('Half a story').repeat(20));
    server.route('/corrupt', respond(200, Buffer.concat([good.subarray(0, 10), Buffer.from('not gzip at all, sorry')]), { 'content-encoding': 'gzip' }));
    server.route('/short-gzip', respond(200, good.subarray(0, good.length - 12), { 'content-encoding': 'gzip' }));
    server.route('/zstd', respond(200, 'whatever', { 'content-encoding': 'compress' }));
    const f = fetcher({ retries: 0 });
    expect((await failure(f.fetch(server.url('/corrupt')))).kind).toBe('decompression');
    const short = await failure(f.fetch(server.url('/short-gzip')));
    expect(short.kind).toBe('decompression');
    expect(short.message).toMatch(/ends early/);
    const unknown = await failure(f.fetch(server.url('/zstd')));
    expect(unknown.message).toMatch(/unsupported Content-Encoding: compress/);
  });
});

describe('WebFetcher: robots.txt', () => {
  const robots = (text: string): RouteHandler => respond(200, text, { 'content-type': 'text/plain' });

  it('honours Disallow for Storyline and reads robots.txt once per site', async () => {
    server.route('/robots.txt', robots('User-agent: *\nDisallow: /private\n\nUser-agent: Storyline\nDisallow: /drafts/\n'));
    server.route('/news/1', respond(200, 'one', { 'content-type': 'text/plain' }));
    server.route('/news/2', respond(200, 'two', { 'content-type': 'text/plain' }));
    server.route('/drafts/x', respond(200, 'secret', { 'content-type': 'text/plain' }));
    const f = fetcher();
    await f.fetch(server.url('/news/1'));
    await f.fetch(server.url('/news/2'));
    const error = await failure(f.fetch(server.url('/drafts/x')));
    expect(error.kind).toBe('robots');
    expect(error.message).toBe(`${server.url('/drafts/x')}: disallowed by robots.txt for Storyline (use --ignore-robots for your own sites)`);
    expect(server.hits('/drafts/x')).toBe(0);
    expect(server.hits('/robots.txt')).toBe(1);
  });

  it('checks robots.txt of a redirect target too', async () => {
    server.route('/robots.txt', robots('User-agent: *\nDisallow: /members\n'));
    server.route('/teaser', respond(302, '', { location: '/members/full' }));
    const error = await failure(fetcher().fetch(server.url('/teaser')));
    expect(error.kind).toBe('robots');
    expect(server.hits('/members/full')).toBe(0);
  });

  it('fetches disallowed pages with ignoreRobots, without asking for robots.txt', async () => {
    server.route('/robots.txt', robots('User-agent: *\nDisallow: /\n'));
    server.route('/mine', respond(200, 'my own site', { 'content-type': 'text/plain' }));
    const page = await fetcher({ ignoreRobots: true }).fetch(server.url('/mine'));
    expect(new TextDecoder().decode(page.body)).toBe('my own site');
    expect(server.hits('/robots.txt')).toBe(0);
  });

  it('treats a missing robots.txt (404) as allowing everything', async () => {
    server.route('/open', respond(200, 'open', { 'content-type': 'text/plain' }));
    await fetcher().fetch(server.url('/open'));
    expect(server.hits('/robots.txt')).toBe(1);
    expect(server.hits('/open')).toBe(1);
  });

  it('treats a robots.txt that fails with 500 as disallowing the site for the run, with a message', async () => {
    server.route('/robots.txt', respond(500, 'broken'));
    server.route('/page', respond(200, 'page', { 'content-type': 'text/plain' }));
    const f = fetcher({ retries: 1 });
    const error = await failure(f.fetch(server.url('/page')));
    expect(error.kind).toBe('robots-unavailable');
    expect(error.message).toMatch(/robots\.txt could not be read \(HTTP 500 Internal Server Error\), so the site is treated as off limits for this run/);
    await failure(f.fetch(server.url('/page')));
    expect(server.hits('/page')).toBe(0);
    // Retried once, then remembered for the run.
    expect(server.hits('/robots.txt')).toBe(2);
  });

  it('treats a robots.txt that never answers as unavailable, and follows a redirected robots.txt', async () => {
    server.route('/robots.txt', () => { /* never answers */ });
    server.route('/page', respond(200, 'page', { 'content-type': 'text/plain' }));
    const error = await failure(fetcher({ timeoutMs: 300, retries: 0 }).fetch(server.url('/page')));
    expect(error.kind).toBe('robots-unavailable');
    expect(error.message).toMatch(/robots\.txt could not be read \(no complete response within 0\.3 s\)/);

    server.route('/robots.txt', respond(301, '', { location: '/rules.txt' }));
    server.route('/rules.txt', robots('User-agent: *\nDisallow: /page\n'));
    expect((await failure(fetcher().fetch(server.url('/page')))).kind).toBe('robots');
    expect(server.hits('/page')).toBe(0);
  });

  it('reads only the first 500 KiB of an oversized robots.txt instead of failing', async () => {
    const padding = '# a very long comment line\n'.repeat(Math.ceil((600 * 1024) / 27));
    server.route('/robots.txt', robots(`User-agent: *\nDisallow: /early\n${padding}Disallow: /late\n`));
    server.route('/late', respond(200, 'late', { 'content-type': 'text/plain' }));
    const f = fetcher();
    expect((await failure(f.fetch(server.url('/early')))).kind).toBe('robots');
    expect((await f.fetch(server.url('/late'))).status).toBe(200);
  });

  it('waits the Crawl-delay between requests to the site', async () => {
    server.route('/robots.txt', robots('User-agent: Storyline\nCrawl-delay: 1\nAllow: /\n'));
    server.route('/p1', respond(200, 'one', { 'content-type': 'text/plain' }));
    server.route('/p2', respond(200, 'two', { 'content-type': 'text/plain' }));
    const f = fetcher({ hostDelayMs: 10 });
    await Promise.all([f.fetch(server.url('/p1')), f.fetch(server.url('/p2'))]);
    const [p1] = arrivals('/p1');
    const [p2] = arrivals('/p2');
    expect(Math.abs(p2! - p1!)).toBeGreaterThanOrEqual(900);
  });
});

describe('WebFetcher: per-host scheduling', () => {
  /** A route that takes `ms` and records how many requests per Host header were in flight at once. */
  function countingRoute(ms: number) {
    const active = new Map<string, number>();
    const peaks = new Map<string, number>();
    let overall = 0;
    let overallPeak = 0;
    const handler: RouteHandler = async (req, res) => {
      const host = req.headers.host ?? '';
      active.set(host, (active.get(host) ?? 0) + 1);
      peaks.set(host, Math.max(peaks.get(host) ?? 0, active.get(host)!));
      overallPeak = Math.max(overallPeak, ++overall);
      await wait(ms);
      active.set(host, active.get(host)! - 1);
      overall--;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    };
    return { handler, peaks, peak: () => overallPeak };
  }

  it('sends one request at a time to a host, and runs different hosts in parallel', async () => {
    const counting = countingRoute(150);
    server.route('/slow', counting.handler);
    const f = fetcher();
    const port = new URL(server.origin).port;
    const urls = [0, 1, 2].flatMap((i) => [server.url(`/slow?n=${i}`), `http://localhost:${port}/slow?n=${i}`]);
    await Promise.all(urls.map((u) => f.fetch(u)));
    expect([...counting.peaks.values()]).toEqual([1, 1]);
    expect(counting.peak()).toBe(2);
  });

  it('honours hostConcurrency above one', async () => {
    const counting = countingRoute(150);
    server.route('/slow', counting.handler);
    const f = fetcher({ hostConcurrency: 3 });
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => f.fetch(server.url(`/slow?n=${i}`))));
    expect(counting.peak()).toBe(3);
  });

  it('leaves hostDelayMs between the end of one request and the start of the next', async () => {
    server.route('/q', respond(200, 'ok', { 'content-type': 'text/plain' }));
    const f = fetcher({ hostDelayMs: 300, ignoreRobots: true });
    await Promise.all([0, 1, 2].map((i) => f.fetch(server.url(`/q?${i}`))));
    const times = server.requests.map((r) => r.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(280);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(280);
  });
});

describe('WebFetcher: TLS', () => {
  it('fetches nothing from a server whose certificate is not trusted, says why, and does not retry', async () => {
    const tls = path.join(REPO, 'test', 'fixtures', 'tls');
    let requests = 0;
    const secure = https.createServer({ key: readFileSync(path.join(tls, 'self-signed.key')), cert: readFileSync(path.join(tls, 'self-signed.crt')) }, (_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>secret</p>');
    });
    let connections = 0;
    secure.on('connection', () => connections++);
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/page`;
      const error = await failure(fetcher({ ignoreRobots: true }).fetch(url));
      expect(error.message).toContain(url);
      expect(error.message).toMatch(/TLS certificate not trusted: self[- ]signed certificate/);
      expect(requests).toBe(0);
      expect(connections).toBe(1);
    } finally {
      secure.closeAllConnections();
      await new Promise((resolve) => secure.close(resolve));
    }
  });
});
