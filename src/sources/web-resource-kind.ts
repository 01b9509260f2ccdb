import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { decodeBytes, type DecodedText } from '../extract/decode.js';

/**
 * What a fetched resource is — feed, sitemap, page — decided from its bytes first, because servers
 * lie about types: feeds go out as text/html or text/plain, sitemaps as application/octet-stream,
 * `.xml.gz` sitemaps as gzip files without a Content-Encoding. The Content-Type and then the URL
 * only decide when the bytes say nothing.
 */

export type WebResourceKind = 'feed' | 'sitemap' | 'page' | 'unknown';

/** How much of a body is looked at to sniff its kind. */
const SNIFF_BYTES = 8192;
/** Compressed bytes inflated to sniff a gzipped body: small, so a gzip bomb cannot blow up here. */
const SNIFF_GZIP_INPUT_BYTES = 2048;

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf']);
const SITEMAP_ROOTS = new Set(['urlset', 'sitemapindex']);
/** Elements that open an HTML document or fragment (the tags browsers sniff for, and the usual first ones). */
const HTML_FIRST_TAGS = new Set([
  'html', 'head', 'body', 'title', 'meta', 'link', 'script', 'style', 'div', 'p', 'a', 'b', 'br', 'h1', 'h2', 'h3',
  'table', 'font', 'iframe', 'span', 'header', 'main', 'article', 'section', 'nav', 'form', 'img', 'ul', 'center',
]);

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/rdf+xml']);
const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml']);

const isGzip = (body: Uint8Array): boolean => body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;

/**
 * Gunzips a body that is itself a gzip file (magic bytes 1f 8b), e.g. sitemap.xml.gz; returns other
 * bodies unchanged. Refuses more than `maxBytes` decompressed with a clear Error: a gzip bomb is
 * refused, not swallowed.
 */
export function unwrapGzipFile(body: Uint8Array, maxBytes: number): Uint8Array {
  if (!isGzip(body)) return body;
  try {
    const out = gunzipSync(body, { maxOutputLength: Math.max(1, maxBytes) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new Error(`gzip file decompresses to more than ${maxBytes} bytes: refused`);
    }
    if (err.code === 'Z_BUF_ERROR') throw new Error('truncated gzip file: it ends before the compressed data does');
    throw new Error(`corrupt gzip file: ${err.message}`);
  }
}

/** The first bytes of a body, inflated when it is a gzip file (only a small prefix, tolerating the cut). */
function sniffPrefix(body: Uint8Array): Uint8Array {
  if (!isGzip(body)) return body.subarray(0, SNIFF_BYTES);
  try {
    const out = gunzipSync(body.subarray(0, SNIFF_GZIP_INPUT_BYTES), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    return new Uint8Array(out.buffer, out.byteOffset, Math.min(out.byteLength, SNIFF_BYTES));
  } catch {
    return new Uint8Array(0);
  }
}

/** Start text, enough to see the XML prolog and the first element. */
function prefixText(prefix: Uint8Array): string {
  if (prefix[0] === 0xff && prefix[1] === 0xfe) return Buffer.from(prefix.subarray(2)).toString('utf16le');
  if (prefix[0] === 0xfe && prefix[1] === 0xff) {
    const swapped = Buffer.from(prefix.subarray(2, prefix.length - (prefix.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  const start = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? 3 : 0;
  // latin1 maps every byte to one character: markup is ASCII, so this reads it whatever the charset.
  return Buffer.from(prefix.buffer, prefix.byteOffset + start, prefix.byteLength - start).toString('latin1');
}

/** Whitespace, XML declarations, processing instructions, comments and a doctype before the first element. */
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;
const FIRST_ELEMENT = /^<([A-Za-z_][\w:.-]*)/;

/** The first element's name (lower-cased, with any namespace prefix dropped), or null when the text does not start with markup. */
export function firstElementName(text: string): string | null {
  const rest = text.slice(PROLOG.exec(text)?.[0].length ?? 0);
  const name = FIRST_ELEMENT.exec(rest)?.[1];
  return name ? localName(name) : null;
}

/** An element name without its namespace prefix, lower-cased: `rdf:RDF` → `rdf`. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}

const HTML_DOCTYPE = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<!DOCTYPE\s+html/i;
const JSON_FEED_VERSION = /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//;

/** Whether every non-empty line is an http(s) URL: a plain-text sitemap. `cut`: the text is a prefix, its last line may be partial. */
function looksLikeUrlList(text: string, cut: boolean): boolean {
  const lines = text.split(/\r?\n/);
  if (cut && lines.length > 1) lines.pop();
  let urls = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!/^https?:\/\/\S+$/i.test(line)) return false;
    urls++;
  }
  return urls > 0;
}

function kindFromBytes(body: Uint8Array, contentType: string | null): WebResourceKind | null {
  const prefix = sniffPrefix(body);
  const text = prefixText(prefix);
  if (HTML_DOCTYPE.test(text)) return 'page';
  const root = firstElementName(text);
  if (root) {
    if (FEED_ROOTS.has(root)) return 'feed';
    if (SITEMAP_ROOTS.has(root)) return 'sitemap';
    if (HTML_FIRST_TAGS.has(root)) return 'page';
    return kindFromContentType(contentType) === 'page' ? 'page' : 'unknown';
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return JSON_FEED_VERSION.test(trimmed) ? 'feed' : null;
  if (looksLikeUrlList(trimmed, prefix.length >= SNIFF_BYTES)) return 'sitemap';
  return null;
}

function kindFromContentType(contentType: string | null): WebResourceKind | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (FEED_TYPES.has(type)) return 'feed';
  if (PAGE_TYPES.has(type)) return 'page';
  return null;
}

function kindFromUrl(url: string): WebResourceKind | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname.toLowerCase();
  } catch {
    return null;
  }
  const file = pathname.slice(pathname.lastIndexOf('/') + 1);
  if (/sitemap[\w-]*\.(?:xml|txt)(?:\.gz)?$/.test(file) || /\.xml\.gz$/.test(file)) return 'sitemap';
  if (/\.(?:rss|atom|rdf)$/.test(file) || /(?:^|\/)(?:feed|rss|atom)(?:\/|\.xml|\.json)?$/.test(pathname)) return 'feed';
  if (/\.(?:html?|xhtml|php|aspx?)$/.test(file)) return 'page';
  return null;
}

/**
 * What a fetched resource is, from its sniffed bytes first, then the Content-Type, then the URL.
 * Markup starting with an element that is neither feed, sitemap nor common HTML is a page only when
 * served as HTML (custom elements, odd templates); other XML (OPML, SVG, OAI-PMH) is 'unknown', as is
 * JSON that is not a JSON Feed.
 */
export function webResourceKind(body: Uint8Array, contentType: string | null, url: string): WebResourceKind {
  return kindFromBytes(body, contentType) ?? kindFromContentType(contentType) ?? kindFromUrl(url) ?? 'unknown';
}

const XML_ENCODING = /^(?:\s*)<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']/;

/**
 * Decodes an XML document (feed, sitemap): byte-order mark, then the transport's charset, then
 * UTF-8 when the bytes validate, then the XML declaration's encoding, then detection — the order of
 * `decodeBytes`, with the XML declaration standing where an HTML page's `<meta>` would.
 */
export function decodeXml(body: Uint8Array, declaredCharset?: string | null): DecodedText {
  const decoded = decodeBytes(body, { declaredCharset });
  if (decoded.decidedBy !== 'detection') return decoded;
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 512)).toString('latin1');
  const declared = XML_ENCODING.exec(head)?.[1];
  if (!declared) return decoded;
  const again = decodeBytes(body, { declaredCharset: declared });
  return again.decidedBy === 'transport' ? { ...again, decidedBy: 'meta' } : decoded;
}
