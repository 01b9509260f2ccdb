import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';
import { normalizeSpace } from '../text/tokens.js';

/**
 * Language identification: what a page declares (`<html lang>`, Content-Language) normalised to
 * ISO 639-1, and, when it declares nothing, a guess from the text with franc (trigram profiles).
 */

/** Texts shorter than this (after whitespace normalisation) are too short to guess reliably. */
export const MIN_DETECTABLE_LENGTH = 40;

/**
 * franc names some languages by an individual ISO 639-3 code that has no 639-1 code of its own,
 * while its macrolanguage has one (Standard Arabic → Arabic). Those are mapped here.
 */
const INDIVIDUAL_TO_MACRO_639_1: Readonly<Record<string, string>> = {
  arb: 'ar', azj: 'az', ckb: 'ku', cmn: 'zh', fuv: 'ff', koi: 'kv', npi: 'ne', pbu: 'ps',
  pes: 'fa', plt: 'mg', qug: 'qu', swh: 'sw', uzn: 'uz', zlm: 'ms', zyb: 'za',
};

/** Primary subtags that are legacy or wrong but common in pages, and what they mean. */
const TAG_ALIASES: Readonly<Record<string, string>> = { iw: 'he', in: 'id', ji: 'yi', jw: 'jv' };

const iso6393To1Table: Readonly<Record<string, string>> = iso6393To1;

/** ISO 639-1 code of an ISO 639-3 code, or null when it has none. */
function toIso6391(code: string): string | null {
  return iso6393To1Table[code] ?? INDIVIDUAL_TO_MACRO_639_1[code] ?? null;
}

/**
 * Guesses the language of `text` as an ISO 639-1 code; null when the text is too short to tell,
 * franc cannot tell ('und'), or the language has no two-letter code.
 */
export function detectLanguage(text: string): string | null {
  const sample = normalizeSpace(text);
  if (sample.length < MIN_DETECTABLE_LENGTH) return null;
  const code = franc(sample, { minLength: MIN_DETECTABLE_LENGTH });
  if (code === 'und') return null;
  return toIso6391(code);
}

/**
 * The ISO 639-1 primary subtag of a language tag as pages write it: 'en-US' → 'en',
 * 'de_DE' → 'de', 'ENG' → 'en', 'x-default' → null. Null when it is not a language code.
 */
export function normalizeLanguageTag(tag: string): string | null {
  const primary = tag.trim().toLowerCase().split(/[-_\s,;]/)[0] ?? '';
  if (/^[a-z]{2}$/.test(primary)) return TAG_ALIASES[primary] ?? primary;
  if (/^[a-z]{3}$/.test(primary)) return toIso6391(primary);
  return null;
}
