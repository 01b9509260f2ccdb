import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A Document is what a source hands to extraction: the raw bytes exactly as read, where they came
 * from and when. Raw bytes are kept so extraction can be re-run later (`storyline reextract`).
 */
export const DocumentSchema = z.object({
  /** The bytes as read (after removing transport compression such as .gz). */
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'bytes must be a Uint8Array' }),
  /** Where the document came from: a file path, `path#line`, `path#record`, or a URL. Names the input in errors. */
  origin: z.string().min(1),
  /** The article's URL when the source knows it (WARC target URI, JSONL `url`), else null. */
  url: z.string().nullable(),
  /** When the bytes were read or fetched, ISO 8601 with zone. */
  fetchedAt: z.string(),
  /** MIME type: text/html, text/plain, or application/vnd.storyline.record+json for JSON/JSONL records. */
  contentType: z.string(),
  /** Charset declared by the transport (HTTP header in a WARC record), if any. */
  declaredCharset: z.string().nullable(),
  /** SHA-256 of `bytes`, hex. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Document = z.infer<typeof DocumentSchema>;

/** A Document from what a source read; its content hash is computed here, once. */
export function documentOf(fields: Omit<Document, 'contentHash'>): Document {
  return { ...fields, contentHash: createHash('sha256').update(fields.bytes).digest('hex') };
}

/** Content type of a JSON / JSONL article record `{id?, url?, title?, text | html, date?, source?}`. */
export const RECORD_CONTENT_TYPE = 'application/vnd.storyline.record+json';

/** An article record as it appears in `.json` / `.jsonl` inputs. */
export const ArticleRecordSchema = z
  .object({
    // Exports often write null for a missing field: null means absent.
    id: z.union([z.string(), z.number()]).nullish(),
    url: z.string().nullish(),
    title: z.string().nullish(),
    text: z.string().nullish(),
    html: z.string().nullish(),
    date: z.string().nullish(),
    source: z.string().nullish(),
  })
  .passthrough()
  .refine((r) => typeof r.text === 'string' || typeof r.html === 'string', {
    message: 'an article record needs a "text" or an "html" field',
  });
export type ArticleRecord = z.infer<typeof ArticleRecordSchema>;
