import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { createApi } from '../../src/server/api.js';
import type { Store } from '../../src/store/index.js';

/**
 * A real Storyline server (API and web app) on 127.0.0.1 over a real store, and the machine's
 * Chromium driven by playwright-core: shared by the browser tests, the screenshots and the web bench.
 */

/** Debian's Chromium, or the one STORYLINE_CHROMIUM names. */
export const CHROMIUM = process.env.STORYLINE_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchChromium(): Promise<Browser> {
  // Root (CI, containers) cannot use Chromium's sandbox; the pages loaded are our own, from loopback.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

/** Serves the API and the built web app over the store on a free loopback port. */
export function startWebServer(store: Store): Promise<RunningServer> {
  const app = createApi(store, { logError: (e) => console.error(e) });
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () => new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
        });
      });
      server.once('error', reject);
    } catch (e) {
      reject(e as Error);
    }
  });
}
