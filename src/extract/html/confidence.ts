/**
 * How sure extraction is that the body is the article and all of it, from signs that are cheap
 * and explainable: how much text was found (a news article has at least a few paragraphs), how
 * much of it sits inside links (navigation and link lists are mostly links; articles are not), and
 * whether a main container was found at all or the whole page body had to be taken.
 *
 *   confidence = (base + LENGTH_WEIGHT × min(1, characters / FULL_LENGTH)) × (1 − link density)
 *
 * base is CONTAINER_BASE when a main container was found, WHOLE_PAGE_BASE when the whole page
 * body was taken instead (capped at WHOLE_PAGE_MAX); each retry that relaxed a rule costs
 * RETRY_PENALTY.
 */

/** Characters of body text from which length no longer adds confidence. */
export const FULL_LENGTH = 1500;
const CONTAINER_BASE = 0.5;
const LENGTH_WEIGHT = 0.45;
const WHOLE_PAGE_BASE = 0.1;
const WHOLE_PAGE_MAX = 0.3;
const RETRY_PENALTY = 0.05;

export function extractionConfidence(input: { textLength: number; linkDensity: number; wholePage: boolean; retries: number }): number {
  if (input.textLength === 0) return 0;
  const lengthShare = Math.min(1, input.textLength / FULL_LENGTH);
  const linkFree = 1 - Math.min(1, Math.max(0, input.linkDensity));
  const raw = input.wholePage
    ? Math.min(WHOLE_PAGE_MAX, WHOLE_PAGE_BASE + (WHOLE_PAGE_MAX - WHOLE_PAGE_BASE) * lengthShare) * linkFree
    : (CONTAINER_BASE + LENGTH_WEIGHT * lengthShare - RETRY_PENALTY * input.retries) * linkFree;
  return Math.round(Math.max(0, Math.min(1, raw)) * 100) / 100;
}
