import { describe, expect, it } from 'vitest';
import { detectLanguage, MIN_DETECTABLE_LENGTH, normalizeLanguageTag } from '../src/extract/language.js';

const ENGLISH = 'The city council voted on Tuesday to close the old harbour bridge for repairs, '
  + 'and officials said the work would take at least three months to finish.';
const GERMAN = 'Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke für Reparaturen zu sperren; '
  + 'die Arbeiten sollen nach Angaben der Verwaltung mindestens drei Monate dauern.';
const FRENCH = 'Le conseil municipal a voté mardi la fermeture du vieux pont du port pour travaux, '
  + 'et les responsables ont indiqué que le chantier durerait au moins trois mois.';

describe('detectLanguage', () => {
  it('tells English, German and French paragraphs apart (ISO 639-1)', () => {
    expect(detectLanguage(ENGLISH)).toBe('en');
    expect(detectLanguage(GERMAN)).toBe('de');
    expect(detectLanguage(FRENCH)).toBe('fr');
  });

  it('returns null for text too short to tell', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('Breaking news')).toBeNull();
    const short = ENGLISH.slice(0, MIN_DETECTABLE_LENGTH - 1);
    expect(detectLanguage(short)).toBeNull();
    // Whitespace does not count towards the length.
    expect(detectLanguage(`${' '.repeat(100)}Hello world${'\n'.repeat(100)}`)).toBeNull();
  });

  it('returns null when franc cannot tell (no letters)', () => {
    expect(detectLanguage('1234 5678 9012 3456 7890 1234 5678 9012 3456 7890 --- +++ ***')).toBeNull();
  });
});

describe('normalizeLanguageTag', () => {
  it('keeps the primary subtag of BCP 47 and POSIX style tags', () => {
    expect(normalizeLanguageTag('en-US')).toBe('en');
    expect(normalizeLanguageTag('de_DE')).toBe('de');
    expect(normalizeLanguageTag(' FR ')).toBe('fr');
    expect(normalizeLanguageTag('pt-BR')).toBe('pt');
    expect(normalizeLanguageTag('zh-Hant-TW')).toBe('zh');
  });

  it('maps three-letter and legacy codes to ISO 639-1', () => {
    expect(normalizeLanguageTag('eng')).toBe('en');
    expect(normalizeLanguageTag('deu')).toBe('de');
    expect(normalizeLanguageTag('iw')).toBe('he');
  });

  it('returns null for what is not a language code', () => {
    expect(normalizeLanguageTag('')).toBeNull();
    expect(normalizeLanguageTag('x-default')).toBeNull();
    expect(normalizeLanguageTag('english')).toBeNull();
    expect(normalizeLanguageTag('123')).toBeNull();
  });
});
