import { describe, expect, it } from 'vitest';
import { instantOf, parsePublished, publishedSortKey } from '../src/text/dates.js';

describe('the one date parser', () => {
  it('keeps the precision the text gives and never invents a zone', () => {
    expect(parsePublished('16 Nov 2023 03:53')).toEqual({ value: '2023-11-16T03:53', precision: 'minute', hasTimeZone: false });
    expect(parsePublished(' date 2023-11-16')).toEqual({ value: '2023-11-16', precision: 'day', hasTimeZone: false });
    expect(parsePublished('2023-11-16T03:53:12+02:00')).toEqual({ value: '2023-11-16T03:53:12+02:00', precision: 'second', hasTimeZone: true });
    expect(parsePublished('2023-11-16T03:53:00.000Z')).toEqual({ value: '2023-11-16T03:53Z', precision: 'minute', hasTimeZone: true });
    expect(parsePublished('Nov 16, 2023 at 3:53 PM EST')).toEqual({ value: '2023-11-16T15:53-05:00', precision: 'minute', hasTimeZone: true });
  });

  it('refuses what would invent a date: relative words, missing years, implausible years, garbage', () => {
    for (const text of ['yesterday', 'last week', 'yesterday-ish', 'March 3', '1066-10-14', '2023-13-45', 'not a date', '']) {
      expect(parsePublished(text)).toBeNull();
    }
  });

  it('sorts dates without a zone as UTC', () => {
    expect(publishedSortKey(parsePublished('2023-11-16')!)).toBe(Date.UTC(2023, 10, 16));
    expect(publishedSortKey(parsePublished('2023-11-16T03:53')!)).toBe(Date.UTC(2023, 10, 16, 3, 53));
  });
});

describe('instantOf', () => {
  it('reads a written date as ms since the epoch, a bare day as its end when asked, and refuses what is not a date', () => {
    expect(instantOf('2026-03-01')).toBe(Date.parse('2026-03-01T00:00Z'));
    expect(instantOf('2026-03-01', true)).toBe(Date.parse('2026-03-01T23:59Z'));
    expect(instantOf('2026-03-01T12:00', true)).toBe(Date.parse('2026-03-01T12:00Z'));
    expect(instantOf('Sun, 01 Mar 2026 12:00:00 +0200')).toBe(Date.parse('2026-03-01T10:00Z'));
    expect(instantOf('yesterday-ish')).toBeNull();
    expect(instantOf('')).toBeNull();
  });
});
