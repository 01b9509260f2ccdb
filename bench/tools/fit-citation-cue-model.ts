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
import { findCitations } from '../../src/analyze/citations.js';
import { citationSetting, crossValidate, readTrainDocs, writeModel, type Example } from './fit-citation-logistic.js';

const MODEL = new URL('../../src/analyze/lexicons/cue-model.ts', import.meta.url);

const examples: Example[] = [];
readTrainDocs().forEach((doc, di) => {
  const { gold, quotes, context } = citationSetting(doc);
  findCitations({
    ...context,
    cueGate: (features, p) => {
      if (quotes.some((q) => q.start < p.start && p.end <= q.end)) return false;
      examples.push({ doc: di, features, hit: gold.some((g) => g.start < p.end && p.start < g.end), rule: true });
      return false;
    },
  });
});

crossValidate(examples);
writeModel(examples, MODEL, 'CUE_WEIGHTS', 'fit-citation-cue-model.ts');
