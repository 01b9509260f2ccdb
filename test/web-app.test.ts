import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/pipeline.js';
import type { Article as ArticleJson, StoryDetail, StorySummary } from '../src/server/api-types.js';
import { securityHeaders } from '../src/server/security.js';
import { defaultWebRoot, serveWebApp } from '../src/server/web-app.js';
import { openStore, type Store } from '../src/store/index.js';
import { chromiumAvailable, CHROMIUM, launchChromium, startWebServer, type RunningServer } from './helpers/browser.js';
import { EXAMPLES, REPO, tempDir } from './helpers/paths.js';
import { HOSTILE_TITLE, writeHostileArticle } from './helpers/hostile-article.js';

/**
 * The web app in a real browser: Debian's Chromium, driven by playwright-core, against a real server
 * (API and built app) over a real SQLite store holding the demo corpus and one hostile title.
 */

/** A title that would run script if the app put it into the page as HTML. */
/** Words no demo article uses, so a search for them finds only the article ingested through the page. */
const UPLOAD_WORDS = 'Quillfeather lighthouse keepers';

interface Page_<T> { items: T[]; next: number | null }

const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!chromiumAvailable() && inCi) throw new Error(`no Chromium at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);

describe.skipIf(!chromiumAvailable())('web app in Chromium over the demo corpus', () => {
  const dir = tempDir('storyline-web-');
  let store: Store;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleProblems: string[] = [];
  const dialogs: string[] = [];

  const api = async <T>(route: string): Promise<T> => {
    const response = await fetch(`${server.url}${route}`);
    expect(response.status, route).toBe(200);
    return (await response.json()) as T;
  };
  const rowHeadlines = (): Promise<string[]> => page.locator('.story-row .story-headline').allTextContents();

  beforeAll(async () => {
    // The app under test is the built one: build it unless the run says the build is fresh.
    if (process.env.STORYLINE_TEST_NO_BUILD !== '1' || !existsSync(path.join(defaultWebRoot(), 'index.html'))) {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
    }
    const hostile = writeHostileArticle(dir);
    store = await openStore(path.join(dir, 'web.db'));
    await ingestFiles([path.join(EXAMPLES, 'corpus'), hostile], store);
    server = await startWebServer(store);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('serves the app with a strict CSP, falls back to it for app routes, and leaves the API its own policy', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    const csp = home.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    const html = await home.text();
    // No inline script: every <script> loads a file.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${server.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(script.headers.get('content-type')).toContain('javascript');

    const deep = await fetch(`${server.url}/stories/0123456789abcdef`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    expect(deep.headers.get('cache-control')).toBe('no-cache');

    expect((await fetch(`${server.url}/assets/no-such-bundle.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/%2e%2e/%2e%2e/package.json`)).headers.get('content-type')).toContain('text/html');

    const apiResponse = await fetch(`${server.url}/api/health`);
    expect(apiResponse.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const unknownApi = await fetch(`${server.url}/api/no-such-route`);
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as { error: { message: string } }).error.message).toMatch(/no route/);
  });

  it('says how to build the app when it is not built', async () => {
    const app = new Hono();
    app.use('*', securityHeaders());
    serveWebApp(app, path.join(dir, 'no-build-here'));
    const response = await app.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('lists the stories the API lists, newest first, each with its counts', async () => {
    const stories = (await api<Page_<StorySummary>>('/api/stories?limit=50')).items;
    expect(stories.length).toBeGreaterThan(4);
    await page.goto(`${server.url}/`);
    await page.locator('.story-row').first().waitFor();
    expect(await rowHeadlines()).toEqual(stories.map((s) => s.headline ?? 'Untitled story'));
    const firstMeta = await page.locator('.story-row .meta').first().textContent();
    expect(firstMeta).toContain(`${stories[0]!.outlets.length} outlet`);
    expect(firstMeta).toContain(`${stories[0]!.articles} article`);
    if (stories[0]!.coverage) expect(await page.locator('.story-row').first().locator('svg.sparkline rect').count()).toBeGreaterThan(0);
  });

  it('opens a story: timeline chart of who reported when, its outlets listed; then one of its articles with entities highlighted', async () => {
    const stories = (await api<Page_<StorySummary>>('/api/stories?limit=50')).items;
    const story = stories.find((s) => s.outlets.length >= 3)!;
    const detail = await api<StoryDetail>(`/api/stories/${story.id}`);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: story.headline!, exact: true }).click();
    await page.waitForURL(`**/stories/${story.id}`);
    await page.locator('.timeline-chart svg').waitFor();
    expect(await page.locator('h1').textContent()).toBe(story.headline);
    expect(await page.title()).toBe(`${story.headline} · Storyline`);
    expect(await page.locator('.timeline-chart circle.dot').count()).toBe(detail.articleList.filter((a) => a.published).length);
    const outletsText = await page.locator('.outlet-list').textContent();
    for (const outlet of story.outlets) expect(outletsText).toContain(outlet);
    expect(await page.locator('.claims-matrix').count()).toBe(1);
    // Its people, organisations and places, as the API lists them, each a link to its page.
    const entityLinks = await page.locator('section[aria-labelledby="entities-heading"] a').allTextContents();
    expect(entityLinks).toEqual(detail.entities.filter((e) => e.type !== 'other').map((e) => e.name));
    expect(entityLinks.length).toBeGreaterThan(0);

    // Follow to the article with most entities.
    const articles = await Promise.all(detail.articleList.map((a) => api<ArticleJson>(`/api/articles/${a.id}`)));
    const article = articles.sort((a, b) => (b.annotations?.entities.length ?? 0) - (a.annotations?.entities.length ?? 0))[0]!;
    expect(article.annotations?.entities.length ?? 0).toBeGreaterThan(0);
    await page.locator('.article-list').getByRole('link', { name: article.title!, exact: true }).first().click();
    await page.waitForURL(`**/articles/${article.id}`);
    await page.locator('.article-text').waitFor();
    expect(await page.locator('h1').textContent()).toBe(article.title);
    const hrefs = await Promise.all((await page.locator('.article-text a.entity').all()).map((link) => link.getAttribute('href')));
    const highlighted = hrefs.map((href) => decodeURIComponent(new URL(href!, server.url).pathname.slice('/entities/'.length)));
    expect(new Set(highlighted)).toEqual(new Set(article.annotations!.entities.map((e) => e.canonical)));
    expect(await page.locator('.article-text .quote').count()).toBeGreaterThanOrEqual(article.annotations!.quotes.length > 0 ? 1 : 0);

    // Back returns to the story, forward to the article.
    await page.goBack();
    await page.waitForURL(`**/stories/${story.id}`);
    expect(await page.locator('h1').textContent()).toBe(story.headline);
    await page.goForward();
    await page.waitForURL(`**/articles/${article.id}`);
    await page.locator('.article-text').waitFor();

    // An entity link opens the entity page: its stories as the API gives them.
    const entity = page.locator('.article-text a.entity').first();
    const name = decodeURIComponent(new URL((await entity.getAttribute('href'))!, server.url).pathname.slice('/entities/'.length));
    const known = await api<{ name: string; stories: StorySummary[] }>(`/api/entities/${encodeURIComponent(name)}`);
    await entity.click();
    await page.waitForURL(`**/entities/**`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(known.name);
    await page.locator('#stories-heading').waitFor();
    expect(await page.locator('#stories-heading + ul a').allTextContents()).toEqual(known.stories.map((s) => s.headline ?? 'Untitled story'));
  });

  it('searches and filters by dates: the URL carries them and the list shows the stories the API finds', async () => {
    const query = 'stadium';
    const expected = (await api<Page_<StorySummary>>(`/api/stories?query=${query}&limit=50`)).items;
    expect(expected.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/`);
    await page.locator('.story-row').first().waitFor();
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-query');
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/?query=${query}`);
    await expect.poll(rowHeadlines).toEqual(expected.map((s) => s.headline));
    await page.locator('.search-hits li').first().waitFor();

    // A date range, picked in the form: the days between the newest story's first and last article.
    const newest = (await api<Page_<StorySummary & { firstPublished: string | null }>>('/api/stories?limit=50')).items.find((s) => s.firstPublished)!;
    const day = newest.firstPublished!.slice(0, 10);
    const inRange = (await api<Page_<StorySummary>>(`/api/stories?since=${day}&until=${day}&limit=50`)).items;
    expect(inRange.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/`);
    await page.fill('#f-since', day);
    await page.fill('#f-until', day);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/since=/);
    await expect.poll(rowHeadlines).toEqual(inRange.map((s) => s.headline));
  });

  it('filters by outlet, language and order, and moves through rows with j/k and opens one with Enter', async () => {
    const outlets = (await api<Page_<{ name: string | null; articles: number }>>('/api/outlets?limit=200')).items.filter((o) => o.name);
    const outlet = outlets[outlets.length - 1]!.name!;
    const expected = (await api<Page_<StorySummary>>(`/api/stories?outlet=${encodeURIComponent(outlet)}&limit=50`)).items;
    const all = (await api<Page_<StorySummary>>('/api/stories?limit=50')).items;
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    await page.goto(`${server.url}/`);
    await page.locator('#f-outlet option', { hasText: outlet }).waitFor({ state: 'attached' });
    await page.selectOption('#f-outlet', outlet);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/outlet=/);
    await expect.poll(rowHeadlines).toEqual(expected.map((s) => s.headline));

    // Language and order: the URL carries them and the list follows the API.
    const languages = (await api<{ items: { language: string }[] }>('/api/languages')).items;
    const language = languages[languages.length - 1]!.language;
    const byLanguage = (await api<Page_<StorySummary>>(`/api/stories?language=${language}&sort=largest&limit=50`)).items;
    await page.goto(`${server.url}/`);
    await page.locator('#f-language option[value="' + language + '"]').waitFor({ state: 'attached' });
    await page.selectOption('#f-language', language);
    await page.selectOption('#f-sort', 'largest');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/language=/);
    await expect.poll(rowHeadlines).toEqual(byLanguage.map((s) => s.headline));

    await page.goto(`${server.url}/?outlet=${encodeURIComponent(outlet)}`);
    await page.locator('.story-row').first().waitFor();
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(expected[0]!.headline);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/stories/${expected[0]!.id}`);
  });

  it('shows a hostile title as text, in the list and on its page, and runs nothing', async () => {
    const hits = (await api<{ items: { id: string; title: string | null }[] }>('/api/search?q=harbour%20authority%20northern%20quay')).items;
    const hostile = hits.find((h) => h.title === HOSTILE_TITLE)!;
    expect(hostile).toBeDefined();
    await page.goto(`${server.url}/?query=${encodeURIComponent('northern quay repairs')}`);
    await page.locator('.story-row').first().waitFor();
    expect(await rowHeadlines()).toContain(HOSTILE_TITLE);
    await page.goto(`${server.url}/articles/${hostile.id}`);
    await page.locator('.article-text').waitFor();
    expect(await page.locator('h1').textContent()).toBe(HOSTILE_TITLE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('fits a phone screen: no page scrolls sideways', async () => {
    const story = (await api<Page_<StorySummary>>('/api/stories?limit=50')).items.find((s) => s.outlets.length >= 3)!;
    const detail = await api<StoryDetail>(`/api/stories/${story.id}`);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const small = await phone.newPage();
    try {
      for (const [route, ready] of [['/', '.story-row'], [`/stories/${story.id}`, '.claims-matrix'], [`/articles/${detail.articleList[0]!.id}`, '.article-text']] as const) {
        await small.goto(`${server.url}${route}`);
        await small.locator(ready).first().waitFor();
        // The claims matrix scrolls inside its own box; the page itself must not.
        expect(await small.evaluate('document.documentElement.scrollWidth'), route).toBeLessThanOrEqual(390);
      }
    } finally {
      await phone.close();
    }
  });

  it('ingests an uploaded file from the Ingest page and shows its story', async () => {
    const upload = path.join(dir, 'upload');
    mkdirSync(upload, { recursive: true });
    const file = path.join(upload, 'quillfeather.json');
    writeFileSync(file, JSON.stringify({
      id: 'quillfeather-1',
      title: `${UPLOAD_WORDS} mark a century of service`,
      date: '2026-03-21',
      source: 'Test Wire',
      text: `${UPLOAD_WORDS} gathered on the headland on Saturday to mark a hundred years since the light was first lit. The keepers' association said the lamp would stay in service.`,
    }));
    await page.goto(`${server.url}/ingest`);
    await page.setInputFiles('#i-files', file);
    await page.getByRole('button', { name: 'Ingest' }).click();
    await expect.poll(() => page.locator('.job-state').textContent(), { timeout: 30_000 }).toBe('done');
    await page.getByRole('link', { name: 'See the stories' }).click();
    await page.locator('.story-row').first().waitFor();
    expect(await rowHeadlines()).toContain(`${UPLOAD_WORDS} mark a century of service`);
  });

  it('logged no CSP violation and no script error on any page', () => {
    // The stories page asks for /api/languages, which an older server lacks: a 404 there is not a fault of the page.
    expect(consoleProblems.filter((m) => !/status of 404/.test(m))).toEqual([]);
    expect(consoleProblems.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
  });
});
