import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ExtractionError, extractArticle } from '../src/extract/index.js';
import { RECORD_CONTENT_TYPE, type Document } from '../src/model/document.js';

function recordDocument(record: unknown): Document {
  const bytes = new TextEncoder().encode(JSON.stringify(record));
  return {
    bytes, origin: '/data/feed.jsonl:1', url: null, fetchedAt: '2026-03-02T10:00:00.000Z',
    contentType: RECORD_CONTENT_TYPE, declaredCharset: null, contentHash: createHash('sha256').update(bytes).digest('hex'),
  };
}

const BODY = 'The harbour authority reopened the eastern terminal on Tuesday after a week of repairs.\n\nShipping lines said the first vessels would berth within hours, easing a backlog of containers.';

describe('extracting JSON article records', () => {
  it('takes the record title, date and source as given, and treats null fields as absent', () => {
    const a = extractArticle(recordDocument({ id: null, url: null, title: 'Eastern terminal reopens', text: BODY, date: '2026-03-10', source: 'Harbour Gazette', html: null }));
    expect(a.title).toBe('Eastern terminal reopens');
    expect(a.titleOrigin).toBe('found');
    expect(a.published).toEqual({ value: '2026-03-10', precision: 'day', hasTimeZone: false });
    expect(a.outlet.name).toBe('Harbour Gazette');
    expect(a.blocks.map((b) => b.text)).toEqual(BODY.split('\n\n'));
    expect(a.language).toBe('en');
    const undated = extractArticle(recordDocument({ title: 'Eastern terminal reopens', text: BODY, date: null }));
    expect(undated.published).toBeNull();
  });

  it('names the field that is wrong', () => {
    expect(() => extractArticle(recordDocument({ id: 'x', text: 42 }))).toThrow(ExtractionError);
    expect(() => extractArticle(recordDocument({ id: 'x', text: 42 }))).toThrow(/text: .*expected string/);
    expect(() => extractArticle(recordDocument({ id: 'x', title: 'Only a title' }))).toThrow(/needs a "text" or an "html" field/);
  });

  it('extracts an html field with the HTML extractor', () => {
    const a = extractArticle(recordDocument({ url: 'https://www.gazette.example/a', html: `<html lang="en"><body><nav><a href="/">Home</a></nav><article><h1>Terminal reopens</h1><p>${BODY.replace('\n\n', '</p><p>')}</p></article></body></html>` }));
    expect(a.extraction.method).toMatch(/^html-/);
    expect(a.outlet.domain).toBe('gazette.example');
    expect(a.blocks.map((b) => b.text).join(' ')).toContain('backlog of containers');
  });
});
