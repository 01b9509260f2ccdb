import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../src/extract/decode.js';

const FRENCH = 'La grève des dockers paralyse le port : « Nous ne céderons pas », a déclaré la syndicaliste Hélène Marchal à l’aube.';
const GERMAN = 'Die Bürgermeisterin äußerte sich am Dienstag zur Überschwemmung in der Altstadt und kündigte Soforthilfen für Geschädigte an.';
const RUSSIAN = 'Власти города объявили о закрытии порта после того, как забастовка докеров продолжилась третьи сутки подряд.';

describe('decoding bytes to text', () => {
  it('honours a byte-order mark (UTF-8, UTF-16LE, UTF-16BE)', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FRENCH, 'utf16le')]);
    expect(decodeBytes(le)).toMatchObject({ text: FRENCH, decidedBy: 'bom' });
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeBytes(be).text).toBe(FRENCH);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GERMAN)])).text).toBe(GERMAN);
  });

  it('prefers the transport charset, then valid UTF-8, then the page <meta>', () => {
    const latin = iconv.encode(`<html><head><meta charset="iso-8859-1"></head><body><p>${FRENCH.replace('’', "'")}</p></body></html>`, 'latin1');
    expect(decodeBytes(latin, { declaredCharset: 'ISO-8859-1' }).decidedBy).toBe('transport');
    const fromMeta = decodeBytes(latin, { html: true });
    expect(fromMeta.decidedBy).toBe('meta');
    expect(fromMeta.text).toContain('grève des dockers');
    const utf8 = Buffer.from(`<meta charset="windows-1252"><p>${GERMAN}</p>`);
    expect(decodeBytes(utf8, { html: true })).toMatchObject({ decidedBy: 'utf-8' });
  });

  it('detects an undeclared legacy encoding well enough to read the words', () => {
    const cp1251 = iconv.encode(`${RUSSIAN} ${RUSSIAN}`, 'windows-1251');
    const decoded = decodeBytes(cp1251);
    expect(decoded.decidedBy).toBe('detection');
    expect(decoded.text).toContain('забастовка докеров');
    const latin1 = iconv.encode(`${GERMAN} ${GERMAN}`, 'latin1');
    expect(decodeBytes(latin1).text).toContain('Überschwemmung');
  });

  it('ignores an unknown declared charset instead of failing', () => {
    expect(decodeBytes(Buffer.from(GERMAN), { declaredCharset: 'x-no-such-charset' }).text).toBe(GERMAN);
  });

  it('refuses binary data', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(() => decodeBytes(png)).toThrow(/binary/);
  });
});
