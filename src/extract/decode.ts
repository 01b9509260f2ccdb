import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { Document } from '../model/document.js';

/**
 * Bytes → text, decided in the order browsers and crawlers use: byte-order mark, the charset the
 * transport declared, strict UTF-8, a `<meta>` declaration in the first bytes of an HTML page,
 * then statistical detection. UTF-8 that validates wins over a legacy `<meta>` label because pages
 * that declare Latin-1 but are served as UTF-8 are far more common than the reverse.
 */

const META_SNIFF_BYTES = 4096;
const BINARY_SNIFF_BYTES = 8192;
/** Share of control characters above which bytes are taken for binary data, not text. */
const MAX_CONTROL_SHARE = 0.01;

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

export interface DecodedText {
  text: string;
  /** The charset used, as iconv-lite names it. */
  charset: string;
  /** How the charset was decided. */
  decidedBy: 'bom' | 'transport' | 'utf-8' | 'meta' | 'detection';
}

function bomCharset(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

function usable(label: string | null | undefined): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  return iconv.encodingExists(name) ? name : null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return n > 0 && control / n > MAX_CONTROL_SHARE;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}

/** Decodes raw bytes to text. Throws a plain Error for binary data; callers name the input. */
export function decodeBytes(bytes: Uint8Array, options: { declaredCharset?: string | null; html?: boolean } = {}): DecodedText {
  const bom = bomCharset(bytes);
  if (bom) return { text: decodeWith(bytes.subarray(bom.length), bom.charset), charset: bom.charset, decidedBy: 'bom' };
  if (looksBinary(bytes)) throw new Error('binary data, not text');
  const transport = usable(options.declaredCharset);
  if (transport) return { text: decodeWith(bytes, transport), charset: transport, decidedBy: 'transport' };
  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return { text: utf8, charset: 'utf-8', decidedBy: 'utf-8' };
  if (options.html) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_SNIFF_BYTES)).toString('latin1');
    const meta = usable(META_CHARSET.exec(head)?.[1]);
    if (meta && meta !== 'utf-8' && meta !== 'utf8') return { text: decodeWith(bytes, meta), charset: meta, decidedBy: 'meta' };
  }
  const detected = usable(chardet.detect(bytes)) ?? 'windows-1252';
  return { text: decodeWith(bytes, detected), charset: detected, decidedBy: 'detection' };
}

/** The document's text, decoded as `decodeBytes` decides. */
export function decodeDocumentText(doc: Document): DecodedText {
  return decodeBytes(doc.bytes, { declaredCharset: doc.declaredCharset, html: doc.contentType === 'text/html' });
}
