/**
 * Fits the logistic model that decides which sources found for a cue word are kept
 * (src/analyze/lexicons/cue-model.ts) on the PolNeAR TRAIN split only. Every source the
 * citation finder finds for a cue (a verb of saying or a learned cue word) is an example,
 * positive when it overlaps a gold source; its features are those cueFeatures() in
 * src/analyze/citations.ts. Two-fold cross-validation over train articles reports, per
 * threshold, what the model would drop.
 *
 * The three learned tables are regenerated in this order (each depends on the ones before):
 *   npx tsx bench/tools/fit-citation-cues.ts && npx tsx bench/tools/fit-citation-cue-model.ts && npx tsx bench/tools/fit-citation-subjects.ts
 *
 * Dev and test splits are never read.
 */
import { readFileSync } from 'node:fs';
import { findCitations } from '../../src/analyze/citations.js';
import { findEntities } from '../../src/analyze/entities.js';
import { analyzeArticle } from '../../src/analyze/index.js';
import { tokenize } from '../../src/analyze/phrases.js';
import { splitSentences } from '../../src/analyze/sentences.js';
import { crossValidate, writeModel, type Example } from './fit-citation-logistic.js';

const TRAIN = new URL('../../../shared/datasets/attribution-dev/polnear_train.attributions.jsonl', import.meta.url);
const MODEL = new URL('../../src/analyze/lexicons/cue-model.ts', import.meta.url);
/** Pronoun sources the finder drops after the model (WEAK_PRONOUN_SOURCES in citations.ts). */
const DROPPED_PRONOUNS = new Set(['it', 'i', 'we', 'you']);

interface Span { start: number; end: number }
interface Doc { id: string; text: string; attributions: { has_source: boolean; source: Span | null }[] }

const docs = readFileSync(TRAIN, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Doc);
const examples: Example[] = [];
docs.forEach((doc, di) => {
  const gold = doc.attributions.filter((a) => a.has_source && a.source).map((a) => a.source!);
  const quotes = analyzeArticle(doc.text).quotes.map((q) => ({ start: q.start, end: q.end }));
  const tokens = tokenize(doc.text);
  const sentences = splitSentences(doc.text, tokens);
  const entities = findEntities(doc.text, tokens, sentences);
  findCitations({
    text: doc.text, tokens, sentences, entities, quotes,
    cueGate: (features, p) => {
      if ((p.kind === 'pronoun' && DROPPED_PRONOUNS.has(p.text.toLowerCase())) || quotes.some((q) => q.start < p.start && p.end <= q.end)) return false;
      examples.push({ doc: di, features, hit: gold.some((g) => g.start < p.end && p.start < g.end), rule: true });
      return false;
    },
  });
});

crossValidate(examples);
writeModel(examples, MODEL, 'CUE_WEIGHTS', 'fit-citation-cue-model.ts');
