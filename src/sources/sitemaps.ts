import { Parser } from 'htmlparser2';
import { decodeXml, localName, unwrapGzipFile } from './web-resource-kind.js';

/**
 * Sitemaps → the URLs they list: XML sitemaps (urlset), sitemap indexes, Google News sitemaps
 * (`news:publication_date`, `news:title`), gzipped sitemaps and plain-text sitemaps (one URL a
 * line). Pure parsing; read as a stream of tags, since a sitemap may hold 50,000 URLs.
 */

/** The sitemap protocol's limit of URLs per sitemap; the rest is ignored and `truncated` says so. */
export const MAX_SITEMAP_ENTRIES = 50_000;
/** The protocol allows 50 MB uncompressed; a little slack for sites that overshoot, then refusal. */
const MAX_SITEMAP_BYTES = 64 * 1024 * 1024;

export interface SitemapEntry {
  /** Absolute (a relative <loc> is resolved against the sitemap's URL). */
  url: string;
  /** <lastmod>, as written. */
  lastModified: string | null;
  /** <news:publication_date> (Google News sitemaps), as written. */
  newsPublished: string | null;
  /** <news:title>. */
  newsTitle: string | null;
}

/** `index` entries point at further sitemaps. */
export interface Sitemap { kind: 'urlset' | 'index'; entries: SitemapEntry[] }

export class SitemapError extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`${reason} (${url})`);
    this.name = 'SitemapError';
  }
}

export type ParsedSitemap = Sitemap & {
  /** More than MAX_SITEMAP_ENTRIES entries: the rest were ignored. */
  truncated: boolean;
  /** Set when the XML was broken and only complete entries were kept. */
  warning?: string;
};

function absolute(loc: string, base: string): string | null {
  const trimmed = loc.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return null;
  }
}

const collapse = (text: string): string | null => text.replace(/\s+/g, ' ').trim() || null;

function parseTextSitemap(text: string, sitemapUrl: string): ParsedSitemap {
  const entries: SitemapEntry[] = [];
  const seen = new Set<string>();
  let truncated = false;
  let first = true;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const url = /^https?:\/\/\S+$/i.test(line) ? absolute(line, sitemapUrl) : null;
    if (first && !url) throw new SitemapError(sitemapUrl, 'not a sitemap: a text sitemap lists one URL a line, and the first line is not a URL');
    first = false;
    if (!url || seen.has(url)) continue;
    if (entries.length >= MAX_SITEMAP_ENTRIES) {
      truncated = true;
      break;
    }
    seen.add(url);
    entries.push({ url, lastModified: null, newsPublished: null, newsTitle: null });
  }
  return { kind: 'urlset', entries, truncated };
}

interface OpenElement { name: string; local: string; start: number }

function parseXmlSitemap(text: string, sitemapUrl: string): ParsedSitemap {
  let rootName: string | null = null;
  let kind: Sitemap['kind'] | null = null;
  let prefix = '';
  const stack: OpenElement[] = [];
  const entries: SitemapEntry[] = [];
  const seen = new Set<string>();
  let truncated = false;
  let entry: { loc: string; lastmod: string; newsPublished: string; newsTitle: string; broken: boolean } | null = null;
  /** Which field of the current entry the text being read belongs to. */
  let capturing: 'loc' | 'lastmod' | 'newsPublished' | 'newsTitle' | null = null;
  let firstBroken: OpenElement | null = null;
  let atEnd = false;

  const parser: Parser = new Parser({
    onopentag(name) {
      const el: OpenElement = { name: name.toLowerCase(), local: localName(name), start: parser.startIndex };
      if (rootName === null) {
        rootName = name;
        kind = el.local === 'urlset' ? 'urlset' : el.local === 'sitemapindex' ? 'index' : null;
        prefix = el.name.includes(':') ? el.name.slice(0, el.name.indexOf(':') + 1) : '';
      } else if (kind && stack.length === 1 && el.name === `${prefix}${kind === 'urlset' ? 'url' : 'sitemap'}`) {
        entry = { loc: '', lastmod: '', newsPublished: '', newsTitle: '', broken: false };
      } else if (entry && stack.length === 2 && el.name === `${prefix}loc`) {
        capturing = 'loc';
      } else if (entry && stack.length === 2 && el.name === `${prefix}lastmod`) {
        capturing = 'lastmod';
      } else if (entry && stack.length >= 3 && stack[stack.length - 1]!.local === 'news') {
        capturing = el.local === 'publication_date' ? 'newsPublished' : el.local === 'title' ? 'newsTitle' : null;
      }
      stack.push(el);
    },
    ontext(data) {
      if (entry && capturing) entry[capturing] += data;
    },
    onclosetag(_name, isImplied) {
      const el = stack.pop();
      if (!el) return;
      // Self-closing tags come as implied closes too; only a missing end tag is damage.
      const selfClosing = !atEnd && text.slice(parser.endIndex - 1, parser.endIndex + 1) === '/>';
      if (isImplied && !selfClosing) {
        firstBroken ??= el;
        if (entry) entry.broken = true;
      }
      capturing = null;
      if (entry && stack.length === 1) {
        const done = entry;
        entry = null;
        if (done.broken) return;
        const url = absolute(done.loc, sitemapUrl);
        if (!url || seen.has(url)) return;
        if (entries.length >= MAX_SITEMAP_ENTRIES) {
          truncated = true;
          return;
        }
        seen.add(url);
        entries.push({
          url,
          lastModified: collapse(done.lastmod),
          newsPublished: kind === 'urlset' ? collapse(done.newsPublished) : null,
          newsTitle: kind === 'urlset' ? collapse(done.newsTitle) : null,
        });
      }
    },
  }, { xmlMode: true });
  parser.write(text);
  atEnd = true;
  parser.end();

  if (rootName === null) throw new SitemapError(sitemapUrl, 'not a sitemap: no XML element found');
  if (!kind) {
    const root: string = rootName;
    const local = localName(root);
    const hint = local === 'rss' || local === 'feed' || local === 'rdf' ? ' (a feed, not a sitemap)' : '';
    throw new SitemapError(sitemapUrl, `not a sitemap: the document's root is <${root}>${hint}`);
  }
  const result: ParsedSitemap = { kind, entries, truncated };
  const broken = firstBroken as OpenElement | null;
  if (!broken) return result;
  const line = text.slice(0, broken.start).split('\n').length;
  const where = `malformed XML at line ${line}: <${broken.name}> is never closed`;
  if (entries.length === 0) throw new SitemapError(sitemapUrl, `${where}; no complete entry could be recovered`);
  return { ...result, warning: `${where}; kept the ${entries.length} complete entries` };
}

/**
 * Parses sitemaps (urlset), sitemap indexes, Google News sitemaps, gzipped sitemaps and plain-text
 * sitemaps. Keeps every entry whatever its host or scheme (the caller filters), once each, in
 * order, up to MAX_SITEMAP_ENTRIES. Throws SitemapError naming the url when it is not a sitemap.
 */
export function parseSitemap(body: Uint8Array, url: string): ParsedSitemap {
  let text: string;
  try {
    text = decodeXml(unwrapGzipFile(body, MAX_SITEMAP_BYTES)).text;
  } catch (e) {
    throw new SitemapError(url, `not a sitemap: ${(e as Error).message}`);
  }
  const start = text.trimStart();
  if (!start) throw new SitemapError(url, 'not a sitemap: the document is empty');
  return start.startsWith('<') ? parseXmlSitemap(text, url) : parseTextSitemap(start, url);
}
