import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../src/extract/decode.js';
import { parsePage } from '../src/extract/html/dom.js';
import { explainHtmlExtraction } from '../src/extract/html/explain.js';
import { extractFromHtml } from '../src/extract/html/index.js';
import { findMainText, MIN_ARTICLE_CHARS } from '../src/extract/html/main-text.js';
import { articleText } from '../src/model/article.js';
import { normalizeSpace } from '../src/text/tokens.js';
import { DATASETS } from './helpers/paths.js';

interface ExtractionCase { url: string; file: string; with: string[]; without: string[] }

const devDir = path.join(DATASETS, 'extraction-dev');
const cases = JSON.parse(readFileSync(path.join(devDir, 'cases.json'), 'utf8')) as Record<string, ExtractionCase>;
/** Every 10th dev page: a spread of sites and languages, quick enough for the suite. */
const sample = Object.values(cases).filter((_, i) => i % 10 === 0);

function pageHtml(c: ExtractionCase): string {
  return decodeBytes(new Uint8Array(gunzipSync(readFileSync(path.join(devDir, c.file)))), { html: true }).text;
}

// Original prose written for these tests.
const PROSE = [
  'The river ferry will run an extra evening service from May, the operator said, after commuters complained that the last boat left too early for shift workers.',
  'The new timetable adds two crossings after nine o\'clock on weekdays, and the operator will review the numbers of passengers after the first three months.',
  'Residents on the eastern bank welcomed the change, though some said the fares, which rose in January, were still too high for daily use.',
  'The council, which pays part of the cost of the service, said it would consider a discount for regular travellers at its next meeting.',
];
const ARTICLE = PROSE.map((p) => `<p>${p}</p>`).join('');

describe('findMainText on dev pages (expected snippets read from cases.json)', () => {
  const results = sample.map((c) => {
    const article = extractFromHtml(pageHtml(c), { url: c.url });
    return { c, text: articleText(article), article };
  });

  it('finds most of the article text and leaves most boilerplate out', () => {
    let found = 0;
    let junk = 0;
    let all = 0;
    for (const { c, text } of results) {
      all += c.with.length;
      found += c.with.filter((s) => text.includes(s)).length;
      junk += c.without.filter((s) => text.includes(s)).length;
    }
    const recall = found / all;
    const precision = found / (found + junk);
    // Readability.js on linkedom, the extractor this one replaced, scores about 0.88 on both over the dev set.
    expect(recall).toBeGreaterThan(0.85);
    expect(precision).toBeGreaterThan(0.85);
  });

  it('gives blocks of normalised text, with a confidence and notes that agree with what was found', () => {
    for (const { article, text } of results) {
      for (const block of article.blocks) expect(block.text).toBe(normalizeSpace(block.text));
      expect(article.extraction.method).toBe('html-storyline');
      if (text.length === 0) expect(article.extraction.notes).toContain('no main text found');
      else expect(article.extraction.confidence).toBeGreaterThan(0);
    }
  });

  it('records a reason for every element it set aside', () => {
    const main = findMainText(parsePage(pageHtml(sample[0]!)));
    expect(main.dropped.size).toBeGreaterThan(0);
    for (const reason of main.dropped.values()) expect(reason.length).toBeGreaterThan(0);
    expect(main.kept.length).toBeGreaterThan(0);
  });
});

describe('findMainText steps on small pages', () => {
  it('keeps block boundaries: text in neighbouring blocks is never glued together', () => {
    const main = findMainText(parsePage(`<html><body><article><div>${PROSE[0]}</div><div>${PROSE[1]}</div><p>${PROSE[2]}<br><br>${PROSE[3]}</p></article></body></html>`));
    expect(main.blocks.map((b) => b.text)).toEqual(PROSE);
  });

  it('reads text separated only by <br>, without any <p>', () => {
    const main = findMainText(parsePage(`<html><body><nav><a href="/">Home</a></nav><div class="story">${PROSE.join('<br><br>')}</div></body></html>`));
    expect(main.blocks.map((b) => b.text)).toEqual(PROSE);
    expect(main.wholePage).toBe(false);
  });

  it('drops share bars, link-only lines and link lists inside the article', () => {
    const page = `<html><body><article>${ARTICLE}
      <div class="share-tools"><a href="/s">Share on social media</a></div>
      <p><a href="/more">Read more about the ferry</a></p>
      <ul><li><a href="/1">Bus fares frozen for a year</a></li><li><a href="/2">New bridge opens in spring</a></li></ul>
    </article></body></html>`;
    const text = findMainText(parsePage(page)).blocks.map((b) => b.text).join('\n');
    for (const p of PROSE) expect(text).toContain(p);
    for (const clutter of ['Share on social', 'Read more', 'Bus fares', 'New bridge']) expect(text).not.toContain(clutter);
  });

  it('retries with a rule relaxed when the first pass finds too little, and says so', () => {
    // The only text sits in a container named like page furniture.
    const page = `<html><body><div class="sidebar-widget">${ARTICLE}</div></body></html>`;
    const main = findMainText(parsePage(page));
    expect(main.textLength).toBeGreaterThanOrEqual(MIN_ARTICLE_CHARS);
    expect(main.relaxed.length).toBeGreaterThan(0);
    const article = extractFromHtml(page, { url: null });
    expect(article.extraction.notes.join(' ')).toMatch(/retried: kept containers whose names look like page furniture/);
  });

  it('leaves ruby readings out of CJK text', () => {
    const main = findMainText(parsePage('<html><body><article><p><ruby>漢<rt>かん</rt></ruby><ruby>字<rt>じ</rt></ruby>を読む人が増えています。これは長い文章の一部で、段落として数えられるだけの長さがあります。</p></article></body></html>'));
    expect(main.blocks[0]?.text.startsWith('漢字を読む')).toBe(true);
  });

  it('takes the byline from an author-marked element when the metadata names none', () => {
    const article = extractFromHtml(`<html><body><article><span class="byline">By Ada Brook</span>${ARTICLE}</article></body></html>`, { url: null });
    expect(article.byline).toEqual(['Ada Brook']);
    expect(articleText(article)).not.toContain('Ada Brook');
  });

  it('flags a paywalled teaser and an index page of links', () => {
    const teaser = extractFromHtml(`<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry","isAccessibleForFree":false}</script></head>
      <body><article><p>${PROSE[0]}</p></article></body></html>`, { url: null });
    expect(teaser.extraction.notes).toContain('teaser only');
    const links = Array.from({ length: 30 }, (_, i) => `<div class="item"><a href="/n/${i}">Headline number ${i} about the ferry service, and the fares</a></div>`).join('');
    const index = extractFromHtml(`<html><body><main>${links}</main></body></html>`, { url: null });
    expect(index.extraction.notes).toContain('index page, not an article');
  });
});

describe('explainHtmlExtraction', () => {
  it('lists the kept blocks and the dropped parts of a page, each with its reason', () => {
    const page = `<html><body><nav><a href="/">Home page</a></nav><article>${ARTICLE}<div class="share-tools"><a href="/s">Share on social media</a></div></article></body></html>`;
    const decisions = explainHtmlExtraction(page);
    // Decisions show an excerpt of each block: its first words.
    const kept = decisions.filter((d) => d.verdict === 'kept').map((d) => d.text.replace(/…$/, ''));
    expect(kept).toHaveLength(PROSE.length);
    kept.forEach((excerpt, i) => expect(PROSE[i]!.startsWith(excerpt)).toBe(true));
    const dropped = decisions.filter((d) => d.verdict === 'dropped');
    expect(dropped.map((d) => d.text)).toEqual(expect.arrayContaining(['Home page', 'Share on social media']));
    for (const d of decisions) expect(d.reason.length).toBeGreaterThan(0);
  });
});

describe('what comes around the article', () => {
  const textOf = (html: string): string => articleText(extractFromHtml(html, { url: null }));

  it('leaves out "Read more" pointers (and the links they head), in several languages', () => {
    const html = `<html><body><article>
      <p>${PROSE[0]}</p><p>Read more: Ferry fares rise again in January</p>
      <p>${PROSE[1]}</p><p>Lesen Sie auch: Neue Fähre für den Hafen</p><p>Czytaj też: Prom kursuje dłużej</p>
      <p>${PROSE[2]}</p><p>Related coverage:</p><ul><li><a href="/a">Bridge reopens</a></li><li><a href="/b">Bus lanes planned</a></li></ul>
      <p>${PROSE[3]}</p></article></body></html>`;
    const text = textOf(html);
    for (const p of PROSE) expect(text).toContain(p);
    for (const junk of ['Read more', 'Lesen Sie auch', 'Czytaj też', 'Related coverage', 'Bridge reopens', 'Bus lanes planned']) expect(text).not.toContain(junk);
  });

  it('cuts the tail an "About the author" line opens, and drops author boxes by their names', () => {
    const tail = `<html><body><article>${ARTICLE}<h3>About the author</h3><p>Sam Writer has covered transport on the river for ten years, and before that reported on the harbour.</p></article></body></html>`;
    expect(textOf(tail)).toContain(PROSE[3]);
    expect(textOf(tail)).not.toContain('Sam Writer');
    const box = `<html><body><article>${ARTICLE}<div class="author-bio"><p>Sam Writer has covered transport on the river for ten years, and before that reported on the harbour for a weekly paper.</p></div></article></body></html>`;
    expect(textOf(box)).toContain(PROSE[3]);
    expect(textOf(box)).not.toContain('Sam Writer');
  });

  it('keeps a section heading that looks like a tail marker when most of the article is still to come', () => {
    const html = `<html><body><article><p>${PROSE[0]}</p><h2>Comments</h2><p>${PROSE[1]}</p><p>${PROSE[2]}</p><p>${PROSE[3]}</p></article></body></html>`;
    expect(textOf(html)).toContain(PROSE[3]);
  });

  it('drops figure captions and blog post footers set as paragraphs', () => {
    const html = `<html><body><article>${ARTICLE}<p>Abbildung 2: Die Fähre am Ostufer, aufgenommen im Mai.</p><p>${PROSE[0]}</p><p>This entry was posted in Transport. Bookmark the permalink.</p></article></body></html>`;
    const text = textOf(html);
    expect(text).not.toContain('Abbildung 2');
    expect(text).not.toContain('This entry was posted');
  });

  it('removes soft hyphens, which a reader never sees', () => {
    const html = `<html><body><article>${ARTICLE}<p>Die Fähr\u00adver\u00adbin\u00addung wird im Mai um zwei Abend\u00adfahrten erweitert, teilte der Betreiber mit.</p></article></body></html>`;
    expect(textOf(html)).toContain('Die Fährverbindung wird im Mai um zwei Abendfahrten erweitert');
  });
});

describe('pages that append the next articles', () => {
  it('takes the first <article> when a later, longer one follows it', () => {
    const next = 'The bus company said on Monday it would add a night line between the station and the hospital, which opens a new wing in the autumn, and that drivers, cleaners and nurses had asked for it.';
    const story = (body: string): string => `<article><header><h2>Headline</h2></header><div class="story-text">${body}</div><footer><a href="/share">Share</a></footer></article>`;
    const html = `<html><body><main>${story(ARTICLE)}${story([next, next, next, next, next, next].map((p, i) => `<p>${i} ${p}</p>`).join(''))}</main></body></html>`;
    const text = articleText(extractFromHtml(html, { url: null }));
    expect(text).toContain(PROSE[0]);
    expect(text).not.toContain('night line');
  });
});

describe('pages that hide their article from a plain reading', () => {
  it('reads the article from <noscript> when the page renders it with scripts, and says so', () => {
    const html = `<html><body><div class="post-body"><script type="text/template">${ARTICLE}</script><noscript>${ARTICLE}</noscript></div></body></html>`;
    const article = extractFromHtml(html, { url: null });
    expect(articleText(article)).toContain(PROSE[2]);
    expect(article.extraction.notes.join(' ')).toMatch(/noscript/);
  });

  it('reads an article that an unclosed <head> swallowed', () => {
    const html = `<html><head><title>Ferry</title><div class="story">${ARTICLE}</div></html>`;
    expect(articleText(extractFromHtml(html, { url: null }))).toContain(PROSE[1]);
  });

  it('keeps an article inside a <header> that broken markup left open', () => {
    const html = `<html><body><header class="site"><a href="/">Home</a><article>${ARTICLE}</article></body></html>`;
    expect(articleText(extractFromHtml(html, { url: null }))).toContain(PROSE[3]);
  });

  it('takes the JSON-LD articleBody when the page itself shows almost none of the article', () => {
    const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Ferry', articleBody: PROSE.join('\n') });
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><div id="app"><p>Loading the article…</p></div></body></html>`;
    const article = extractFromHtml(html, { url: null });
    expect(article.blocks.map((b) => b.text)).toEqual(PROSE);
    expect(article.extraction.notes.join(' ')).toMatch(/articleBody/);
    // A page that shows its article keeps its own text.
    const shown = `<html><head><script type="application/ld+json">${ld}</script></head><body><article>${ARTICLE}<p>Closing line of the page's own version, which the declared body lacks.</p></article></body></html>`;
    expect(articleText(extractFromHtml(shown, { url: null }))).toContain('Closing line');
  });
});

describe('recipe pages', () => {
  const INGREDIENTS = ['250 g plain flour', '2 medium eggs', '1 tablespoon honey'];
  const STEPS = ['Whisk the eggs with the honey until pale.', 'Fold in the flour and bake for twenty minutes.'];
  const ld = JSON.stringify({
    '@context': 'https://schema.org', '@type': 'Recipe', name: 'Honey cake', recipeIngredient: INGREDIENTS,
    recipeInstructions: [{ '@type': 'HowToSection', name: 'Baking', itemListElement: STEPS.map((text) => ({ '@type': 'HowToStep', text })) }],
  });
  const page = (box: string): string => `<html><head><script type="application/ld+json">${ld}</script></head><body><article>${ARTICLE}</article>${box}</body></html>`;

  it('adds the declared ingredients and steps when the main text leaves their boxes out', () => {
    const article = extractFromHtml(page('<aside class="ingredients"><ul><li>250 g plain flour</li></ul></aside>'), { url: null });
    const text = articleText(article);
    for (const line of [...INGREDIENTS, ...STEPS]) expect(text).toContain(line);
    expect(article.blocks.filter((b) => b.kind === 'list-item').map((b) => b.text)).toEqual(INGREDIENTS);
  });

  it('adds nothing when the body already holds them', () => {
    const body = `<article>${ARTICLE}<ul>${INGREDIENTS.map((i) => `<li>${i}</li>`).join('')}</ul>${STEPS.map((s) => `<p>${s}</p>`).join('')}</article>`;
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body>${body}</body></html>`;
    const article = extractFromHtml(html, { url: null });
    expect(article.blocks.filter((b) => b.text === INGREDIENTS[0])).toHaveLength(1);
    expect(article.extraction.notes.join(' ')).not.toMatch(/recipe/);
  });
});
