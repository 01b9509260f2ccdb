import { WarcArchive } from './warc-archive.js';
import { WebFetcher, type FetchEvent } from './web-fetcher.js';

/**
 * How a run fetches from the web, in the units a person gives them (seconds, MB): the settings the
 * CLI's fetching commands and the server's ingest jobs share, and the fetcher and archive they make.
 */
export interface WebFetchSettings {
  allowPrivate?: boolean;
  ignoreRobots?: boolean;
  hostDelay: number;
  timeout: number;
  maxSize: number;
  userAgent?: string;
  archive?: string;
}

export const DEFAULT_WEB_FETCH_SETTINGS: Readonly<WebFetchSettings> = { hostDelay: 1, timeout: 30, maxSize: 16 };

export function fetcherFor(settings: WebFetchSettings, onEvent?: (event: FetchEvent) => void): WebFetcher {
  return new WebFetcher({
    allowPrivate: settings.allowPrivate === true,
    ignoreRobots: settings.ignoreRobots === true,
    hostDelayMs: settings.hostDelay * 1000,
    timeoutMs: Math.max(1, settings.timeout * 1000),
    maxBytes: Math.round(settings.maxSize * 1024 * 1024),
    ...(settings.userAgent ? { userAgent: settings.userAgent } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
}

export function archiveFor(settings: WebFetchSettings): WarcArchive | undefined {
  return settings.archive ? new WarcArchive(settings.archive) : undefined;
}
