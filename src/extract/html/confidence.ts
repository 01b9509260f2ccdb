import type { DomElement } from './dom.js';

/**
 * How sure extraction is that the body is the article and all of it, from two signs that are
 * cheap and explainable: how much text was found (a news article has at least a few paragraphs)
 * and how much of it sits inside links (navigation and link lists are mostly links; articles are not).
 *
 *   confidence = (base + LENGTH_WEIGHT × min(1, characters / FULL_LENGTH)) × (1 − link density)
 *
 * base is READABILITY_BASE when Readability found the content, FALLBACK_BASE when the page body
 * was used instead (capped at FALLBACK_MAX).
 */

/** Characters of body text from which length no longer adds confidence. */
export const FULL_LENGTH = 1500;
const READABILITY_BASE = 0.5;
const LENGTH_WEIGHT = 0.45;
const FALLBACK_BASE = 0.1;
const FALLBACK_MAX = 0.3;

export function extractionConfidence(input: { textLength: number; linkDensity: number; fallback: boolean }): number {
  if (input.textLength === 0) return 0;
  const lengthShare = Math.min(1, input.textLength / FULL_LENGTH);
  const linkFree = 1 - Math.min(1, Math.max(0, input.linkDensity));
  const raw = input.fallback
    ? Math.min(FALLBACK_MAX, FALLBACK_BASE + (FALLBACK_MAX - FALLBACK_BASE) * lengthShare) * linkFree
    : (READABILITY_BASE + LENGTH_WEIGHT * lengthShare) * linkFree;
  return Math.round(raw * 100) / 100;
}

/** Share of the characters under `element` (of `textLength` in all) that are link text, 0..1. */
export function linkDensity(element: DomElement, textLength: number): number {
  if (textLength <= 0) return 0;
  let linked = 0;
  const links = element.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) linked += (links[i]!.textContent ?? '').trim().length;
  return Math.min(1, linked / textLength);
}
