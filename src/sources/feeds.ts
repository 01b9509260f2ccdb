import { createHash } from 'node:crypto';
import type { Element } from 'domhandler';
import { DomHandler, isTag, type ChildNode } from 'domhandler';
import { textContent } from 'domutils';
import { Parser, parseDocument } from 'htmlparser2';
import { z } from 'zod';
import { decodeXml, localName, unwrapGzipFile } from './web-resource-kind.js';

/**
 * Feeds → the articles they point at: RSS 2.0 / 0.9x, Atom 1.0, RSS 1.0 (RDF) and JSON Feed 1.x.
 * Pure parsing: bytes in, items out. Strict about what is a feed (an HTML page is not one), lenient
 * about broken XML when whole items can still be recovered.
 */

/** Feeds are small; a larger gzipped one is refused rather than inflated. */
const MAX_FEED_BYTES = 32 * 1024 * 1024;

export interface FeedItem {
  /** Stable id for "have we seen this item": the guid/id when present, else the link, else a hash of title+date. Never empty. */
  id: string;
  /** Absolute article URL (resolved against the feed URL / xml:base), or null when the item has none. */
  url: string | null;
  title: string | null;
  /** As written in the feed (parse it with src/text/dates.ts). */
  published: string | null;
}

export interface Feed {
  format: 'rss' | 'atom' | 'rdf' | 'json-feed';
  title: string | null;
  items: FeedItem[];
  /** Set when the XML was broken and only the complete items were kept: what was wrong and where. */
  warning?: string;
  /** How often the publisher says the feed changes (RSS `<ttl>`, or `sy:updatePeriod` / `sy:updateFrequency`), in seconds. */
  updateSeconds?: number;
}

export class FeedError extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`${reason} (${url})`);
    this.name = 'FeedError';
  }
}

// ---------------------------------------------------------------------------------------------
// XML with a record of what the lenient parser had to repair

interface ParsedXml {
  root: Element | null;
  /** Elements the parser closed itself: an end tag was missing (document cut short, or a typo). */
  unclosed: WeakSet<Element>;
  /** The first unclosed element, for the error message. */
  firstUnclosed: Element | null;
}

/** A DomHandler that remembers the elements closed without an end tag. */
class RepairTrackingHandler extends DomHandler {
  readonly unclosed = new WeakSet<Element>();
  firstUnclosed: Element | null = null;
  xmlParser: Parser | null = null;
  atEnd = false;
  constructor(private readonly source: string) {
    super(undefined, { withStartIndices: true });
  }
  override onclosetag(_name?: string, isImplied?: boolean): void {
    const element = this.tagStack[this.tagStack.length - 1];
    // htmlparser2 reports self-closing tags (`<link/>`) as implied closes too: those are fine.
    const end = this.xmlParser?.endIndex ?? 0;
    const selfClosing = !this.atEnd && this.source.slice(end - 1, end + 1) === '/>';
    if (isImplied && !selfClosing && element && isTag(element as ChildNode)) {
      this.unclosed.add(element as Element);
      this.firstUnclosed ??= element as Element;
    }
    super.onclosetag();
  }
}

function parseXml(text: string): ParsedXml {
  const handler = new RepairTrackingHandler(text);
  const parser = new Parser(handler, { xmlMode: true });
  handler.xmlParser = parser;
  parser.write(text);
  handler.atEnd = true;
  parser.end();
  const root = handler.root.children.find((n): n is Element => isTag(n)) ?? null;
  return { root, unclosed: handler.unclosed, firstUnclosed: handler.firstUnclosed };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function hasUnclosed(element: Element, unclosed: WeakSet<Element>): boolean {
  if (unclosed.has(element)) return true;
  return element.children.some((c) => isTag(c) && hasUnclosed(c, unclosed));
}

// ---------------------------------------------------------------------------------------------
// Element helpers

const elementChildren = (el: Element): Element[] => el.children.filter((c): c is Element => isTag(c));
/** Child elements named `name` exactly (XML names are case-sensitive; feeds in the wild are not, so compare lower-cased). */
const kids = (el: Element, name: string): Element[] => elementChildren(el).filter((c) => c.name.toLowerCase() === name);
const kid = (el: Element, name: string): Element | undefined => kids(el, name)[0];

/** An attribute by name, whatever its case (`isPermaLink`, `ispermalink`). */
function attr(el: Element, name: string): string | undefined {
  const key = Object.keys(el.attribs).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : el.attribs[key];
}

const MARKUP_OR_ENTITY = /<\/?[a-z][^>]*>|&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i;

/** An element's text, whitespace collapsed; escaped markup (titles with `&lt;b&gt;`, Atom type="html") reduced to its text. */
function plainText(el: Element | undefined): string | null {
  if (!el) return null;
  let text = textContent(el);
  if (MARKUP_OR_ENTITY.test(text)) text = textContent(parseDocument(text));
  text = text.replace(/\s+/g, ' ').trim();
  return text || null;
}

function rawText(el: Element | undefined): string | null {
  const text = el ? textContent(el).trim() : '';
  return text || null;
}

/** The base URL in force at an element: the feed URL, refined by every xml:base from the root down. */
function baseUrl(el: Element, feedUrl: string): string {
  const bases: string[] = [];
  for (let node: Element | null = el; node; node = node.parent && isTag(node.parent) ? node.parent : null) {
    const b = node.attribs['xml:base'];
    if (b) bases.unshift(b.trim());
  }
  let base = feedUrl;
  for (const b of bases) {
    try {
      base = new URL(b, base).href;
    } catch {
      // A broken xml:base is ignored: the enclosing base still holds.
    }
  }
  return base;
}

/** An absolute http(s) URL, or null for empty, unparseable or non-web links (javascript:, mailto:). */
function absoluteUrl(link: string | null | undefined, base: string): string | null {
  if (!link?.trim()) return null;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function fallbackId(title: string | null, published: string | null, content: string): string {
  const basis = title || published ? `${title ?? ''}\n${published ?? ''}` : content;
  return `sha256:${createHash('sha256').update(basis).digest('hex').slice(0, 32)}`;
}

interface ParsedItems {
  title: string | null;
  items: FeedItem[];
  total: number;
  updateSeconds?: number | null;
}

/** The feed with each id once, first wins: feeds repeat items when a story is updated. */
function finish(format: Feed['format'], title: string | null, items: FeedItem[]): Feed {
  const seen = new Set<string>();
  const unique = items.filter((item) => !seen.has(item.id) && (seen.add(item.id), true));
  return { format, title, items: unique };
}

// ---------------------------------------------------------------------------------------------
// RSS 2.0 / 0.9x and RSS 1.0 (RDF)

function rssItem(item: Element, feedUrl: string, format: 'rss' | 'rdf'): FeedItem {
  const base = baseUrl(item, feedUrl);
  const guidEl = kid(item, 'guid');
  const guid = rawText(guidEl);
  const title = plainText(kid(item, 'title'));
  const published = rawText(kid(item, 'pubdate')) ?? rawText(kid(item, 'dc:date')) ?? rawText(kid(item, 'a10:updated'));
  let url = absoluteUrl(rawText(kid(item, 'link')), base);
  // A guid is a permalink unless it says otherwise (RSS 2.0): use it when the item has no <link>.
  if (!url && guid && guidEl && attr(guidEl, 'ispermalink')?.trim().toLowerCase() !== 'false') {
    url = /^https?:\/\//i.test(guid) ? absoluteUrl(guid, base) : null;
  }
  const about = format === 'rdf' ? item.attribs['rdf:about']?.trim() || null : null;
  const id = guid ?? about ?? url ?? fallbackId(title, published, textContent(item));
  return { id, url, title, published };
}

const SYNDICATION_PERIOD_SECONDS: Record<string, number> = { hourly: 3600, daily: 86_400, weekly: 604_800, monthly: 2_592_000, yearly: 31_536_000 };

/** The publisher's update interval: `<ttl>` minutes, else the syndication module's period divided by its frequency. */
function updateSeconds(channel: Element | undefined): number | null {
  if (!channel) return null;
  const ttl = Number(rawText(kid(channel, 'ttl')));
  if (Number.isFinite(ttl) && ttl > 0) return Math.round(ttl * 60);
  const period = SYNDICATION_PERIOD_SECONDS[rawText(kid(channel, 'sy:updateperiod'))?.trim().toLowerCase() ?? ''];
  if (!period) return null;
  const frequency = Number(rawText(kid(channel, 'sy:updatefrequency')) ?? 1);
  return Math.round(period / (Number.isFinite(frequency) && frequency >= 1 ? frequency : 1));
}

function parseRss(root: Element, feedUrl: string, format: 'rss' | 'rdf', keep: (item: Element) => boolean): ParsedItems {
  const channel = kid(root, 'channel');
  if (!channel && format === 'rss') throw new Error('invalid RSS: the <rss> element has no <channel>');
  // RSS 2.0 puts items in the channel; RSS 1.0 and 0.90 beside it.
  const itemEls = [...(channel ? kids(channel, 'item') : []), ...kids(root, 'item')];
  if (format === 'rdf' && !channel && itemEls.length === 0) throw new Error('not a feed: an RDF document without an RSS channel or items');
  const items = itemEls.filter(keep).map((el) => rssItem(el, feedUrl, format));
  return { title: plainText(channel ? kid(channel, 'title') : undefined), items, total: itemEls.length, updateSeconds: updateSeconds(channel) };
}

// ---------------------------------------------------------------------------------------------
// Atom 1.0

/** The entry's article link: rel="alternate" (the default) to an HTML page first, then any alternate. */
function atomLink(entry: Element, feedUrl: string, prefix: string): string | null {
  const alternates = kids(entry, `${prefix}link`).filter((l) => (l.attribs['rel'] ?? 'alternate').trim().toLowerCase() === 'alternate' && l.attribs['href']);
  const html = alternates.find((l) => !l.attribs['type'] || /html/i.test(l.attribs['type']));
  const chosen = html ?? alternates[0];
  return chosen ? absoluteUrl(chosen.attribs['href'], baseUrl(chosen, feedUrl)) : null;
}

function atomEntry(entry: Element, feedUrl: string, prefix: string): FeedItem {
  const title = plainText(kid(entry, `${prefix}title`));
  const published = rawText(kid(entry, `${prefix}published`)) ?? rawText(kid(entry, `${prefix}updated`)) ?? rawText(kid(entry, 'dc:date'));
  const url = atomLink(entry, feedUrl, prefix);
  const id = rawText(kid(entry, `${prefix}id`)) ?? url ?? fallbackId(title, published, textContent(entry));
  return { id, url, title, published };
}

function parseAtom(root: Element, feedUrl: string, keep: (item: Element) => boolean): ParsedItems {
  const prefix = root.name.includes(':') ? `${root.name.slice(0, root.name.indexOf(':')).toLowerCase()}:` : '';
  const entries = kids(root, `${prefix}entry`);
  return { title: plainText(kid(root, `${prefix}title`)), items: entries.filter(keep).map((e) => atomEntry(e, feedUrl, prefix)), total: entries.length };
}

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.x

const optionalText = z.string().nullish();
const JsonFeedSchema = z.object({
  version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/, 'not a JSON Feed 1.x version'),
  title: optionalText,
  items: z.array(z.object({
    id: z.union([z.string(), z.number()]).nullish(),
    url: optionalText,
    external_url: optionalText,
    title: optionalText,
    date_published: optionalText,
    date_modified: optionalText,
  })),
});

function parseJsonFeed(text: string, feedUrl: string): Feed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FeedError(feedUrl, `invalid JSON Feed: ${(e as Error).message}`);
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version !== 'string' || !/jsonfeed\.org\/version\//i.test(version)) {
    throw new FeedError(feedUrl, 'not a feed: JSON without a jsonfeed.org "version"');
  }
  const parsed = JsonFeedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FeedError(feedUrl, `invalid JSON Feed: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const items = parsed.data.items.map((item): FeedItem => {
    const title = item.title?.trim() || null;
    const published = item.date_published?.trim() || item.date_modified?.trim() || null;
    const url = absoluteUrl(item.url, feedUrl) ?? absoluteUrl(item.external_url, feedUrl);
    const rawId = item.id === null || item.id === undefined ? '' : String(item.id).trim();
    return { id: rawId || url || fallbackId(title, published, JSON.stringify(item)), url, title, published };
  });
  return finish('json-feed', parsed.data.title?.trim() || null, items);
}

// ---------------------------------------------------------------------------------------------

/**
 * Parses RSS 2.0 / 0.9x, Atom 1.0, RSS 1.0 (RDF) and JSON Feed 1.x. Items keep feed order; items with
 * the same id appear once (first wins). Broken XML keeps the items that were complete (and says so
 * in `warning`); broken XML with no complete item is an error. Throws FeedError naming the url.
 */
export function parseFeed(body: Uint8Array, url: string, declaredCharset?: string | null): Feed {
  let bytes: Uint8Array;
  let text: string;
  try {
    bytes = unwrapGzipFile(body, MAX_FEED_BYTES);
    text = decodeXml(bytes, declaredCharset).text;
  } catch (e) {
    throw new FeedError(url, `not a feed: ${(e as Error).message}`);
  }
  const start = text.trimStart();
  if (!start) throw new FeedError(url, 'not a feed: the document is empty');
  if (start.startsWith('{') || start.startsWith('[')) return parseJsonFeed(start, url);
  if (!start.startsWith('<')) throw new FeedError(url, 'not a feed: the document is neither XML nor JSON');

  const xml = parseXml(text);
  const { root } = xml;
  if (!root) throw new FeedError(url, 'not a feed: no XML element found');
  const rootName = localName(root.name);
  const format = rootName === 'rss' ? 'rss' : rootName === 'feed' ? 'atom' : rootName === 'rdf' ? 'rdf' : null;
  if (!format) throw new FeedError(url, `not a feed: the document's root is <${root.name}>`);

  const complete = (item: Element): boolean => !hasUnclosed(item, xml.unclosed);
  let parsed: ParsedItems;
  try {
    parsed = format === 'atom' ? parseAtom(root, url, complete) : parseRss(root, url, format, complete);
  } catch (e) {
    throw new FeedError(url, (e as Error).message);
  }
  const update = parsed.updateSeconds ? { updateSeconds: parsed.updateSeconds } : {};
  if (!xml.firstUnclosed) return { ...finish(format, parsed.title, parsed.items), ...update };

  const broken = xml.firstUnclosed;
  const where = `malformed XML at line ${lineOf(text, broken.startIndex ?? 0)}: <${broken.name}> is never closed`;
  if (parsed.items.length === 0) throw new FeedError(url, `${where}; no complete item could be recovered`);
  const feed = finish(format, parsed.title, parsed.items);
  const dropped = parsed.total - parsed.items.length;
  return { ...feed, ...update, warning: `${where}; kept the complete items (${feed.items.length}), dropped ${dropped} broken` };
}

// ---------------------------------------------------------------------------------------------

const FEED_LINK_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/rdf+xml']);

/**
 * The feeds a page advertises with `<link rel="alternate" type="application/rss+xml" href=…>` (and
 * Atom, JSON Feed, RDF), as absolute URLs in page order, resolved against the page's `<base href>`.
 * `application/json` alternates are left out: on news sites they are API endpoints, not feeds.
 */
export function feedLinksInPage(html: string, pageUrl: string): string[] {
  let base: string | null = null;
  const hrefs: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name === 'base' && base === null && attribs['href']) base = attribs['href'];
      if (name !== 'link' || !attribs['href']) return;
      const rel = (attribs['rel'] ?? '').toLowerCase().split(/\s+/);
      const type = (attribs['type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (rel.includes('alternate') && FEED_LINK_TYPES.has(type)) hrefs.push(attribs['href']);
    },
  }, { decodeEntities: true });
  parser.end(html);
  const resolvedBase = absoluteUrl(base, pageUrl) ?? pageUrl;
  const out: string[] = [];
  for (const href of hrefs) {
    const url = absoluteUrl(href, resolvedBase);
    if (url && !out.includes(url)) out.push(url);
  }
  return out;
}

/**
 * The feed URLs an OPML subscription list holds (`<outline xmlUrl=…>`, nested folders included),
 * as feed readers export them. Throws FeedError naming `where` when the text is not OPML.
 */
export function feedUrlsInOpml(text: string, where: string): string[] {
  let isOpml = false;
  const urls: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      const tag = localName(name).toLowerCase();
      if (tag === 'opml') isOpml = true;
      const url = tag === 'outline' ? (attribs['xmlUrl'] ?? attribs['xmlurl'])?.trim() : undefined;
      if (url && /^https?:\/\//i.test(url) && !urls.includes(url)) urls.push(url);
    },
  }, { xmlMode: true, decodeEntities: true });
  parser.end(text);
  if (!isOpml) throw new FeedError(where, 'not an OPML subscription list: no <opml> element');
  return urls;
}
