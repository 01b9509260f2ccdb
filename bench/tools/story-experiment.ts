/**
 * Quick story-clustering experiments on the sparse stories-dev files: knobs overridden by a JSON
 * argument, scores per file, and with --errors the wrong joins and missed joins by kind.
 *
 *   npx tsx bench/tools/story-experiment.ts '{"candidates": 40}' [--errors] [--dense] [--fast]
 *
 * --fast places as the linker does (no explanations, so no "why missed" counts) and is the one
 * to time (cpuSeconds). Environment: ONLY=neus limits the files; ORACLE_UNDATED=1 scores as if
 * every undated article were placed right (what undated placement could still gain);
 * DUMP_UNDATED=1 prints, per undated article, its gold story's probability and the best others'.
 */
import { profileArticle, StoryClusterer, STORY_KNOBS, type ArticleProfile } from '../../src/link/index.js';
import type { StoryKnobs } from '../../src/link/story-clusterer.js';
import { scoreClusters } from '../lib/cluster-scores.js';
import { mixIntoStream, readStoryRows, type StoryRow } from '../lib/story-datasets.js';

const FILES = ['allsides_neus_baly.dev.jsonl', 'allsides_roundups_2021.dev.jsonl'];
const override = JSON.parse(process.argv.find((a) => a.startsWith('{')) ?? '{}') as Partial<StoryKnobs>;
const knobs = { ...STORY_KNOBS, ...override, weights: { ...STORY_KNOBS.weights, ...override.weights }, decision: { ...STORY_KNOBS.decision, ...override.decision } } as StoryKnobs;
const showErrors = process.argv.includes('--errors');
const dense = process.argv.includes('--dense');
/** Places as the linker does (no explanations): for timing. */
const fast = process.argv.includes('--fast');

const profileOf = (r: StoryRow): ArticleProfile => profileArticle({ id: r.id, title: r.title, text: r.text, published: r.date ? Date.parse(r.date) : null, outlet: r.source });

const unlabelled = dense ? readStoryRows('news-10k.jsonl.gz') : [];
const out: Record<string, unknown> = {};
for (const file of FILES.filter((f) => f.includes(process.env.ONLY ?? ''))) {
  const labelled = readStoryRows(file);
  const rows = dense ? mixIntoStream(labelled, unlabelled) : labelled;
  const clusterer = new StoryClusterer(knobs);
  const predicted = new Map<string, string>();
  const gold = new Map<string, string>();
  const title = new Map<string, string>();
  const dated = new Map<string, boolean>();
  const started = process.cpuUsage();
  let wrongJoin = 0;
  let wrongJoinUndated = 0;
  let missedJoin = 0;
  let missedUndated = 0;
  const goldSeen = new Map<string, string[]>();
  const missedWhy = new Map<string, number>();
  for (const r of rows) {
    const { placement, evidence } = fast ? { placement: clusterer.place(profileOf(r)), evidence: [] } : clusterer.placeWithEvidence(profileOf(r), undefined, true);
    predicted.set(r.id, placement.story);
    if (!r.story) continue;
    gold.set(r.id, r.story);
    title.set(r.id, r.title ?? '');
    dated.set(r.id, !!r.date);
    const earlier = goldSeen.get(r.story) ?? [];
    if (process.env.DUMP_UNDATED && !r.date) {
      const goldStories = new Set(earlier.map((id) => predicted.get(id)));
      const g = evidence.filter((e) => goldStories.has(e.story)).map((e) => e.probability);
      const o = evidence.filter((e) => !goldStories.has(e.story)).map((e) => e.probability).sort((a, b) => b - a);
      console.log(`U ${earlier.length > 0 ? 1 : 0} ${Math.max(0, ...g).toFixed(3)} ${(o[0] ?? 0).toFixed(3)} ${(o[1] ?? 0).toFixed(3)}`);
    }
    const storyMembers = [...predicted].filter(([id, s]) => s === placement.story && id !== r.id && gold.has(id)).map(([id]) => id);
    if (!placement.isNew && storyMembers.some((id) => gold.get(id) !== r.story)) {
      wrongJoin++;
      if (!r.date) wrongJoinUndated++;
      if (showErrors) console.log(`WRONG ${r.date ?? 'undated'} p=${placement.probability.toFixed(2)} | ${r.title} | joined: ${storyMembers.map((id) => title.get(id)).join(' ‖ ')}`);
    }
    if (earlier.length && !earlier.some((id) => predicted.get(id) === placement.story)) {
      missedJoin++;
      if (!r.date) missedUndated++;
      const goldStories = new Set(earlier.map((id) => predicted.get(id)));
      const ranked = [...evidence].sort((a, b) => b.probability - a.probability);
      const rank = ranked.findIndex((e) => goldStories.has(e.story));
      const why = rank < 0 ? 'notCandidate' : rank > 0 ? 'notBest' : 'declined';
      const key = `${r.date ? 'dated' : 'undated'}:${why}`;
      missedWhy.set(key, (missedWhy.get(key) ?? 0) + 1);
      if (showErrors) {
        const bestTitles = [...predicted].filter(([id, s]) => s === ranked[0]?.story && title.has(id)).map(([id]) => title.get(id)).join(' ‖ ');
        console.log(`  why=${why} gold p=${rank >= 0 ? ranked[rank]!.probability.toFixed(2) : '-'} best p=${ranked[0]?.probability.toFixed(2)} best: ${bestTitles}`);
      }
      if (showErrors) console.log(`MISSED ${r.date ?? 'undated'} | ${r.title} | gold: ${earlier.map((id) => title.get(id)).join(' ‖ ')}`);
    }
    earlier.push(r.id);
    goldSeen.set(r.story, earlier);
  }
  const used = process.cpuUsage(started);
  const seconds = Math.round((used.user + used.system) / 1e5) / 10;
  if (process.env.ORACLE_UNDATED) {
    // What perfect placement of the undated articles would give: each follows its gold story's first dated member.
    const firstDated = new Map<string, string>();
    for (const r of rows) if (r.story && r.date && !firstDated.has(r.story)) firstDated.set(r.story, predicted.get(r.id)!);
    for (const r of rows) if (r.story && !r.date) predicted.set(r.id, firstDated.get(r.story) ?? `gold:${r.story}`);
  }
  const s = scoreClusters(gold, predicted);
  out[file.replace(/\.dev\.jsonl$/, '')] = { b3: s.bcubed.f1, b3p: s.bcubed.precision, b3r: s.bcubed.recall, pw: s.pairwise.f1, pwp: s.pairwise.precision, pwr: s.pairwise.recall, wrongJoin, wrongJoinUndated, missedJoin, missedUndated, missedWhy: Object.fromEntries(missedWhy), cpuSeconds: seconds };
}
console.log(JSON.stringify(out));
