/**
 * Fits the logistic model that decides which clause subjects are cited sources
 * (src/analyze/lexicons/subject-model.ts) on the PolNeAR TRAIN split only. Every clause subject
 * the citation finder considers (SubjectCandidate in src/analyze/citations.ts) is an example,
 * positive when it overlaps a gold source; its features are subjectFeatures(). Two-fold
 * cross-validation over train articles reports, per threshold, what the model adds and drops
 * against the hand rule it replaced (handRule).
 *
 *   npx tsx bench/tools/fit-citation-subjects.ts     # rewrites src/analyze/lexicons/subject-model.ts
 *
 * Run it last, after fit-citation-cues.ts and fit-citation-cue-model.ts (see there).
 *
 * Dev and test splits are never read.
 */
import { findCitations, subjectFeatures, type SubjectCandidate } from '../../src/analyze/citations.js';
import { citationSetting, crossValidate, readTrainDocs, writeModel, type Example } from './fit-citation-logistic.js';

const MODEL = new URL('../../src/analyze/lexicons/subject-model.ts', import.meta.url);

/**
 * The hand rule the model replaced, to compare against: a verb of saying or stance; a sentence's
 * own subject may be any kind of agent but a place, a subject after "and", "but" or a
 * subordinator only a named one or a pronoun.
 */
function handRule({ where, kind, verb }: SubjectCandidate): boolean {
  if (verb !== 'speech' && verb !== 'stance' && verb !== 'stance-adjective') return false;
  if (where === 'sentence') return kind !== 'place';
  if (where === 'coordinate' || where === 'subordinate') return (kind === 'named' || kind === 'pronoun') && verb !== 'stance-adjective';
  return false;
}

const examples: Example[] = [];
readTrainDocs().forEach((doc, di) => {
  const { gold, quotes, context } = citationSetting(doc);
  findCitations({
    ...context,
    subjectGate: (c, sentenceEnd) => {
      const p = c.phrase;
      // The finder drops sources inside a quote after the gate; "that" subjects are the reported clause's.
      if (c.where === 'that' || !c.verbStem || quotes.some((q) => q.start < p.start && p.end <= q.end)) return false;
      examples.push({ doc: di, features: subjectFeatures(context, c, sentenceEnd), hit: gold.some((g) => g.start < p.end && p.start < g.end), rule: handRule(c) });
      return false;
    },
  });
});

crossValidate(examples);
writeModel(examples, MODEL, 'SUBJECT_WEIGHTS', 'fit-citation-subjects.ts');
