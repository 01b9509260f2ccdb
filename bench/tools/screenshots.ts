/**
 * Screenshots of the web app's main pages over the demo corpus, for the README: docs/stories.png,
 * docs/story.png and docs/article.png at laptop width, docs/phone.png at phone width.
 * `npm run screenshots` (needs `npm run build` first, and Chromium).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFiles } from '../../src/pipeline.js';
import { defaultWebRoot } from '../../src/server/web-app.js';
import { openStore } from '../../src/store/index.js';
import { CHROMIUM, chromiumAvailable, launchChromium, startWebServer } from '../../test/helpers/browser.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = path.join(REPO, 'docs');
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface StoryRow { id: string; headline: string | null; outlets: string[] }
interface StoryDetail { articleList: { id: string; copyOf: string | null }[] }

if (!existsSync(path.join(defaultWebRoot(), 'index.html'))) throw new Error('run `npm run build` first: the web app is not built');
if (!chromiumAvailable()) throw new Error(`no Chromium at ${CHROMIUM}`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'storyline-screenshots-'));
const store = await openStore(path.join(dir, 'demo.db'));
await ingestFiles([path.join(REPO, 'examples', 'corpus')], store);
const server = await startWebServer(store);
const browser = await launchChromium();
mkdirSync(DOCS, { recursive: true });
try {
  const json = async <T>(route: string): Promise<T> => (await (await fetch(`${server.url}${route}`)).json()) as T;
  const stories = (await json<{ items: StoryRow[] }>('/api/stories?limit=50')).items;
  // The story most outlets covered shows the most of the story page.
  const story = [...stories].sort((a, b) => b.outlets.length - a.outlets.length)[0]!;
  const detail = await json<StoryDetail>(`/api/stories/${story.id}`);
  const article = detail.articleList.find((a) => !a.copyOf) ?? detail.articleList[0]!;

  const laptop = await browser.newPage({ viewport: LAPTOP });
  const shots: { file: string; url: string; ready: string; page: typeof laptop; height?: number }[] = [
    { file: 'stories.png', url: '/', ready: '.story-row', page: laptop },
    { file: 'story.png', url: `/stories/${story.id}`, ready: '.claims-matrix', page: laptop, height: 1500 },
    { file: 'article.png', url: `/articles/${article.id}`, ready: '.article-text', page: laptop, height: 1100 },
  ];
  const phone = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  shots.push({ file: 'phone.png', url: `/stories/${story.id}`, ready: '.timeline-chart', page: phone });

  for (const shot of shots) {
    await shot.page.goto(`${server.url}${shot.url}`);
    await shot.page.locator(shot.ready).first().waitFor();
    const file = path.join(DOCS, shot.file);
    const viewport = shot.page.viewportSize()!;
    await shot.page.screenshot({ path: file, fullPage: shot.height !== undefined, clip: shot.height ? { x: 0, y: 0, width: viewport.width, height: shot.height } : undefined });
    console.log(`${path.relative(REPO, file)}: ${Math.round(statSync(file).size / 1024)} KB`);
  }
} finally {
  await browser.close();
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
