import { InvalidArgumentError, type Command } from 'commander';
import { WarcArchive } from '../sources/warc-archive.js';
import { WebFetcher, type FetchEvent } from '../sources/web-fetcher.js';

/** The options every command that fetches from the web shares, and the fetcher they configure. */

export interface WebCommandOptions {
  allowPrivate?: boolean;
  ignoreRobots?: boolean;
  hostDelay: number;
  timeout: number;
  maxSize: number;
  userAgent?: string;
  archive?: string;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('give a number of seconds ≥ 0');
  return n;
}

function megabytes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('give a size in MB > 0');
  return n;
}

export function webOptions(command: Command): Command {
  return command
    .option('--allow-private', 'allow fetching from private, loopback and link-local addresses (your own network)')
    .option('--ignore-robots', "don't read robots.txt: only for sites you run yourself")
    .option('--host-delay <seconds>', 'pause between two requests to one host (robots.txt Crawl-delay can raise it)', seconds, 1)
    .option('--timeout <seconds>', 'give up on one request after this long', seconds, 30)
    .option('--max-size <MB>', 'refuse single documents larger than this (after decompression)', megabytes, 16)
    .option('--user-agent <text>', 'identify as this instead of Storyline\'s own User-Agent')
    .option('--archive <dir>', 'also write every fetched article page to WARC files in this directory');
}

export function fetcherFor(opts: WebCommandOptions, onEvent?: (event: FetchEvent) => void): WebFetcher {
  return new WebFetcher({
    allowPrivate: opts.allowPrivate === true,
    ignoreRobots: opts.ignoreRobots === true,
    hostDelayMs: opts.hostDelay * 1000,
    timeoutMs: Math.max(1, opts.timeout * 1000),
    maxBytes: Math.round(opts.maxSize * 1024 * 1024),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
}

export function archiveFor(opts: WebCommandOptions): WarcArchive | undefined {
  return opts.archive ? new WarcArchive(opts.archive) : undefined;
}

/** Per-host counts for the status line: queued, fetched, failed. */
export class HostProgress {
  private readonly hosts = new Map<string, { queued: number; fetched: number; failed: number }>();

  record(event: FetchEvent): void {
    const host = this.hosts.get(event.host) ?? { queued: 0, fetched: 0, failed: 0 };
    this.hosts.set(event.host, host);
    if (event.kind === 'queued') host.queued++;
    else if (event.kind === 'fetched') host.fetched++;
    else if (event.kind === 'failed') host.failed++;
  }

  /** "news.example 12/40 fetched, 1 failed · other.example 3/3" — busiest hosts first. */
  describe(maxHosts = 3): string {
    const rows = [...this.hosts.entries()].sort((a, b) => b[1].queued - a[1].queued);
    const shown = rows.slice(0, maxHosts).map(([host, t]) => `${host} ${t.fetched}/${t.queued} fetched${t.failed ? `, ${t.failed} failed` : ''}`);
    if (rows.length > maxHosts) shown.push(`+${rows.length - maxHosts} hosts`);
    return shown.join(' · ');
  }
}
