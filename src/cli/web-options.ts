import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_WEB_FETCH_SETTINGS as DEFAULTS, archiveFor, fetcherFor, type WebFetchSettings } from '../sources/web-fetch-settings.js';
import type { FetchEvent } from '../sources/web-fetcher.js';

/** The options every command that fetches from the web shares (settings in src/sources/web-fetch-settings.ts). */

export type WebCommandOptions = WebFetchSettings;

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
    .option('--host-delay <seconds>', 'pause between two requests to one host (robots.txt Crawl-delay can raise it)', seconds, DEFAULTS.hostDelay)
    .option('--timeout <seconds>', 'give up on one request after this long', seconds, DEFAULTS.timeout)
    .option('--max-size <MB>', 'refuse single documents larger than this (after decompression)', megabytes, DEFAULTS.maxSize)
    .option('--user-agent <text>', 'identify as this instead of Storyline\'s own User-Agent')
    .option('--archive <dir>', 'also write every fetched article page to WARC files in this directory');
}

export { archiveFor, fetcherFor };

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
