/**
 * Per-host politeness: each host has its own queue with a limit on requests in flight and a gap
 * between the end of one request and the start of the next. Hosts never wait for one another.
 */

export class FetcherClosedError extends Error {
  constructor() {
    super('the fetcher was closed');
    this.name = 'FetcherClosedError';
  }
}

interface HostState {
  inFlight: number;
  /** When the last request to this host ended (ms epoch); 0 before the first. */
  lastEndAt: number;
  /** The host asked us (Retry-After) not to come back before this time. */
  notBefore: number;
  /** robots.txt Crawl-delay for this host, when larger than the default gap. */
  crawlDelayMs: number;
  waiting: { start: () => void; cancel: (e: Error) => void }[];
  timer: NodeJS.Timeout | null;
}

export class HostScheduler {
  private readonly hosts = new Map<string, HostState>();
  private closed = false;

  constructor(private readonly concurrency: number, private readonly gapMs: number) {}

  /** Waits for a turn at the host; call the returned function when the request has ended. */
  acquire(host: string): Promise<() => void> {
    if (this.closed) return Promise.reject(new FetcherClosedError());
    const state = this.state(host);
    return new Promise((resolve, reject) => {
      state.waiting.push({
        start: () => {
          state.inFlight++;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            state.inFlight--;
            state.lastEndAt = Date.now();
            this.pump(host, state);
          });
        },
        cancel: reject,
      });
      this.pump(host, state);
    });
  }

  /** The site's Crawl-delay (ms) widens the gap between requests to it. */
  setCrawlDelay(host: string, delayMs: number): void {
    const state = this.state(host);
    state.crawlDelayMs = Math.max(state.crawlDelayMs, delayMs);
  }

  /** The host said "come back later": nothing else starts there before then. */
  holdOff(host: string, waitMs: number): void {
    const state = this.state(host);
    state.notBefore = Math.max(state.notBefore, Date.now() + waitMs);
  }

  close(): void {
    this.closed = true;
    for (const state of this.hosts.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      for (const w of state.waiting.splice(0)) w.cancel(new FetcherClosedError());
    }
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { inFlight: 0, lastEndAt: 0, notBefore: 0, crawlDelayMs: 0, waiting: [], timer: null };
      this.hosts.set(host, state);
    }
    return state;
  }

  private pump(host: string, state: HostState): void {
    if (this.closed || state.timer) return;
    while (state.waiting.length > 0 && state.inFlight < this.concurrency) {
      const gap = Math.max(this.gapMs, state.crawlDelayMs);
      const startAt = Math.max(state.lastEndAt > 0 ? state.lastEndAt + gap : 0, state.notBefore);
      const wait = startAt - Date.now();
      if (wait > 0) {
        state.timer = setTimeout(() => {
          state.timer = null;
          this.pump(host, state);
        }, wait);
        return;
      }
      state.waiting.shift()!.start();
    }
  }
}
