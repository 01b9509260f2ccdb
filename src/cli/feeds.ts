import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_FEED_INTERVAL_SECONDS, MIN_FEED_INTERVAL_SECONDS } from '../feed-watch.js';
import { feedUrlsInOpml } from '../sources/feeds.js';
import { isWebUrl } from '../sources/web-sources.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { UserError } from './errors.js';
import { displayOrigin, printJson, printTable } from './output.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90s", "15m", "2h", "1d" or plain seconds → seconds, at least the polite minimum. */
export function feedInterval(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(value);
  if (!match) throw new InvalidArgumentError('give a duration such as 90s, 15m, 2h or 1d');
  const seconds = Math.round(Number(match[1]) * UNIT_SECONDS[(match[2] || 's').toLowerCase()]!);
  if (seconds < MIN_FEED_INTERVAL_SECONDS) throw new InvalidArgumentError(`polling a feed more often than every ${MIN_FEED_INTERVAL_SECONDS} s is not polite; give at least ${MIN_FEED_INTERVAL_SECONDS}s`);
  return seconds;
}

export function formatInterval(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** `--interval`, shown and given as a duration, held in seconds. */
export function intervalOption(description: string): Option {
  return new Option('--interval <duration>', description).argParser(feedInterval).default(DEFAULT_FEED_INTERVAL_SECONDS, formatInterval(DEFAULT_FEED_INTERVAL_SECONDS));
}

/** A feed URL as given on the command line or in a feeds file, checked. */
export function feedUrl(value: string, where: string): string {
  const trimmed = value.trim();
  if (!isWebUrl(trimmed)) throw new UserError(`${where}: "${trimmed}" is not an http(s) URL`);
  try {
    return new URL(trimmed).href;
  } catch {
    throw new UserError(`${where}: "${trimmed}" is not a valid URL`);
  }
}

/** Feeds of an OPML subscription list (a feed reader's export). */
export function feedsInOpml(text: string, file: string, intervalSeconds: number): { url: string; intervalSeconds: number }[] {
  let urls: string[];
  try {
    urls = feedUrlsInOpml(text, displayOrigin(file));
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  if (urls.length === 0) throw new UserError(`${displayOrigin(file)} lists no feeds (no <outline xmlUrl="…">)`);
  return urls.map((u) => ({ url: feedUrl(u, displayOrigin(file)), intervalSeconds }));
}

/** Feeds listed in a file: one URL per line, optionally followed by its own interval; # starts a comment. An OPML file is read as such. */
export async function feedsInFile(file: string, defaultInterval: number): Promise<{ url: string; intervalSeconds: number }[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read feeds file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (text.trimStart().startsWith('<')) return feedsInOpml(text, file, defaultInterval);
  const feeds: { url: string; intervalSeconds: number }[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [url, interval, ...rest] = line.split(/\s+/);
    const where = `${displayOrigin(file)}:${i + 1}`;
    if (rest.length > 0) throw new UserError(`${where}: expected "URL [interval]", got "${line}"`);
    let intervalSeconds = defaultInterval;
    if (interval !== undefined) {
      try {
        intervalSeconds = feedInterval(interval);
      } catch (e) {
        throw new UserError(`${where}: ${(e as Error).message}`);
      }
    }
    feeds.push({ url: feedUrl(url!, where), intervalSeconds });
  }
  if (feeds.length === 0) throw new UserError(`feeds file ${file} lists no feeds (one URL per line)`);
  return feeds;
}

export function registerFeeds(program: Command): void {
  const feeds = program.command('feeds').description('the feeds `storyline watch` polls: add, list, remove');

  feeds
    .command('add')
    .description('watch these feeds (RSS, Atom, RDF or JSON Feed URLs)')
    .argument('[urls...]')
    .addOption(databaseOption())
    .addOption(intervalOption('time between polls of each feed: 90s, 15m, 2h, 1d'))
    .option('--opml <file>', "also add every feed of an OPML subscription list (a feed reader's export)")
    .action(async (urls: string[], opts: { db: string; interval: number; opml?: string }) => {
      const checked = urls.map((u) => ({ url: feedUrl(u, 'feeds add'), intervalSeconds: opts.interval }));
      if (opts.opml) {
        checked.push(...(await feedsInFile(opts.opml, opts.interval)));
      }
      if (checked.length === 0) throw new UserError('feeds add needs feed URLs or --opml FILE');
      const store = await openStoreAt(opts.db);
      try {
        const added = await store.addFeeds(checked);
        console.log(`watching ${added} new feed${added === 1 ? '' : 's'}${checked.length > added ? ` (${checked.length - added} already watched, interval updated)` : ''}, every ${formatInterval(opts.interval)}`);
      } finally {
        await store.close();
      }
    });

  feeds
    .command('list')
    .description('the watched feeds with their last poll and any error')
    .addOption(databaseOption())
    .option('--json', 'print as a JSON array')
    .action(async (opts: { db: string; json?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        const list = await store.listFeeds();
        if (opts.json) return printJson(list);
        if (list.length === 0) return console.log('no feeds watched: add some with `storyline feeds add URL`');
        printTable(
          ['every', 'items', 'last checked', 'status', 'feed'],
          list.map((f) => [
            formatInterval(f.intervalSeconds),
            String(f.itemsHandled),
            f.lastCheckedAt ? f.lastCheckedAt.slice(0, 16).replace('T', ' ') : 'never',
            f.lastError ? `failing (${f.consecutiveFailures}×): ${f.lastError}` : 'ok',
            f.title ? `${f.url} — ${f.title}` : f.url,
          ]),
        );
      } finally {
        await store.close();
      }
    });

  feeds
    .command('remove')
    .description('stop watching feeds (their articles stay stored)')
    .argument('<urls...>')
    .addOption(databaseOption())
    .action(async (urls: string[], opts: { db: string }) => {
      const store = await openStoreAt(opts.db);
      try {
        for (const u of urls) {
          const url = feedUrl(u, 'feeds remove');
          if (!(await store.removeFeed(url))) throw new UserError(`${url} is not watched (see \`storyline feeds list\`)`);
          console.log(`no longer watching ${url}`);
        }
      } finally {
        await store.close();
      }
    });
}
