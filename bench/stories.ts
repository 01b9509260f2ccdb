/**
 * Story grouping quality and speed on the stories-dev files, sparse (as labelled) and dense (mixed
 * into the 10k unlabelled stream). Prints one JSON line. `npm run bench:stories`.
 */
import { profileArticle, StoryClusterer } from '../src/link/index.js';
import { scoreClusters, type ClusterScores } from './lib/cluster-scores.js';
import { mixIntoStream, readStoryRows, type StoryRow } from './lib/story-datasets.js';

const FILES = ['allsides_neus_baly.dev.jsonl', 'allsides_roundups_2021.dev.jsonl'];

function cluster(rows: StoryRow[]): { scores: ClusterScores; articlesPerSecond: number } {
  const clusterer = new StoryClusterer();
  const predicted = new Map<string, string>();
  const gold = new Map<string, string>();
  const started = performance.now();
  for (const r of rows) {
    const profile = profileArticle({ id: r.id, title: r.title, text: r.text, published: r.date ? Date.parse(r.date) : null, outlet: r.source });
    predicted.set(r.id, clusterer.place(profile).story);
    if (r.story) gold.set(r.id, r.story);
  }
  const seconds = (performance.now() - started) / 1000;
  return { scores: scoreClusters(gold, predicted), articlesPerSecond: Math.round(rows.length / seconds) };
}

const unlabelled = readStoryRows('news-10k.jsonl.gz');
const result: Record<string, unknown> = { bench: 'stories' };
for (const file of FILES) {
  const labelled = readStoryRows(file);
  const sparse = cluster(labelled);
  const dense = cluster(mixIntoStream(labelled, unlabelled));
  result[file.replace(/\.dev\.jsonl$/, '')] = {
    articles: labelled.length,
    sparse: sparse.scores,
    dense: { ...dense.scores, streamArticles: labelled.length + unlabelled.filter((r) => r.date).length },
    denseArticlesPerSecond: dense.articlesPerSecond,
  };
}
result.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(result));
