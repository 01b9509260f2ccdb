import { STATUS_CODES } from 'node:http';
import { createRequire } from 'node:module';

/** The parts of robots-parser we use (its typings do not fit an ESM import of a CommonJS function). */
interface ParsedRobots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => ParsedRobots;

/**
 * robots.txt, fetched once per origin (scheme + host + port) and kept for the run, read per
 * RFC 9309: a 4xx robots.txt means no rules; a 5xx or an unreachable one means "stay out" until
 * the next run, because the site may be in trouble and its rules are unknown.
 */

/** Parsing stops here (RFC 9309 asks for at least 500 KiB). */
export const ROBOTS_MAX_BYTES = 500 * 1024;
/** A Crawl-delay larger than this is treated as this: beyond it a site is better left to the user. */
export const MAX_CRAWL_DELAY_MS = 60_000;

/** What fetching robots.txt gave: a final status and body, or an error that made it unreachable. */
export type RobotsResponse =
  | { status: number; body: Uint8Array }
  | { unreachable: string };

export interface RobotsVerdict {
  allowed: boolean;
  /** Why a URL is refused, for the error message. */
  reason?: string;
  /** Refused because robots.txt could not be read (this run only), not because it says no. */
  unavailable?: boolean;
  /** The site's Crawl-delay for Storyline (or *), in ms, capped; 0 when none. */
  crawlDelayMs: number;
}

interface OriginRules {
  /** null when robots.txt was absent (allow all); 'refuse' when it could not be read. */
  robots: ParsedRobots | null;
  refusal: string | null;
  crawlDelayMs: number;
  sitemaps: string[];
}

export class RobotsRules {
  private readonly byOrigin = new Map<string, Promise<OriginRules>>();

  /**
   * @param agentToken the product token robots.txt groups are matched against ('Storyline')
   * @param fetchRobots fetches a robots.txt URL through the same guards as any page; it throws
   *   only for errors that also doom the page itself (refused address, unknown host)
   */
  constructor(
    private readonly agentToken: string,
    private readonly fetchRobots: (robotsUrl: string) => Promise<RobotsResponse>,
  ) {}

  async check(url: URL): Promise<RobotsVerdict> {
    const rules = await this.rulesFor(url);
    if (rules.refusal) return { allowed: false, reason: rules.refusal, unavailable: true, crawlDelayMs: rules.crawlDelayMs };
    const allowed = rules.robots ? rules.robots.isAllowed(url.href, this.agentToken) !== false : true;
    return {
      allowed,
      reason: allowed ? undefined : `disallowed by robots.txt for ${this.agentToken}`,
      crawlDelayMs: rules.crawlDelayMs,
    };
  }

  /** Sitemap URLs the origin's robots.txt lists. */
  async sitemaps(url: URL): Promise<string[]> {
    return (await this.rulesFor(url)).sitemaps;
  }

  private rulesFor(url: URL): Promise<OriginRules> {
    const origin = url.origin;
    let rules = this.byOrigin.get(origin);
    if (!rules) {
      rules = this.load(origin);
      // A failure that dooms the page (refused address, DNS) is not cached as robots state:
      // it will fail the same way next time through the normal checks.
      rules.catch(() => this.byOrigin.delete(origin));
      this.byOrigin.set(origin, rules);
    }
    return rules;
  }

  private async load(origin: string): Promise<OriginRules> {
    const robotsUrl = `${origin}/robots.txt`;
    const response = await this.fetchRobots(robotsUrl);
    const refuse = (why: string): OriginRules => ({
      robots: null,
      refusal: `robots.txt could not be read (${why}), so the site is treated as off limits for this run (RFC 9309)`,
      crawlDelayMs: 0,
      sitemaps: [],
    });
    if ('unreachable' in response) return refuse(response.unreachable);
    // 429 is the server asking us to slow down, not an absent file: treat it like a 5xx.
    const status = `HTTP ${response.status}${STATUS_CODES[response.status] ? ` ${STATUS_CODES[response.status]}` : ''}`;
    if (response.status >= 500 || response.status === 429) return refuse(status);
    if (response.status >= 400) return { robots: null, refusal: null, crawlDelayMs: 0, sitemaps: [] };
    if (response.status < 200 || response.status >= 300) return refuse(status);
    const text = new TextDecoder('utf-8').decode(response.body.subarray(0, ROBOTS_MAX_BYTES));
    const robots = robotsParser(robotsUrl, text);
    const delaySeconds = robots.getCrawlDelay(this.agentToken);
    const crawlDelayMs = typeof delaySeconds === 'number' && Number.isFinite(delaySeconds) && delaySeconds > 0
      ? Math.min(delaySeconds * 1000, MAX_CRAWL_DELAY_MS)
      : 0;
    return { robots, refusal: null, crawlDelayMs, sitemaps: robots.getSitemaps() };
  }
}
