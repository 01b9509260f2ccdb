/**
 * Claim alignment quality, judged by hand, and speed. Prints one JSON line:
 *
 *   {"bench":"claims","stories","judgedPairs":{together,reading},"recall":{sameFact,together,rate},
 *    "together":{judged,differentFacts,mergeRate},"sureClaims":{…},"unjudged","stale","byFile":{file:{…}},
 *    "msFor50Articles":{alignmentCpu,wordingCpu,alignmentWall,wordingWall}}
 *
 * The sample: 20 stories of the stories-dev files with at least two outlets, 10 from each file
 * (the long full-text stories and the short roundups differ too much to let chance pick the mix),
 * drawn with a seeded shuffle (SAMPLE_SEED) of the story ids sorted. bench/claims-judgement.json
 * holds the sample and a person's judgement of sentence pairs from different outlets, each
 * sentence named by dataset file, article id and character offsets, with a short hash of its text
 * (the article text itself stays in ../shared):
 * - side "together": pairs the alignment put in one claim when judged, judged same fact or not;
 * - side "reading": pairs found by reading the stories, whatever the alignment did with them
 *   (the recall side): all of each roundup story; for the long full-text stories, the opening
 *   sentences of each article and the cross-outlet pairs sharing the most words.
 * A pair is the same fact when both sentences assert the same main proposition (one event,
 * statement, quotation or figure slot, even with different figures); a shared topic, name or
 * subordinate clause is not enough. One judge (the session that wrote the alignment).
 *
 * Scores, against the alignment as it is now:
 * - recall: reading-side same-fact pairs now in one claim / reading-side same-fact pairs (target ≥ 0.8);
 * - mergeRate: judged pairs now in one claim that are different facts / judged pairs now in one
 *   claim (target ≤ 0.1);
 * - unjudged: pairs now in one claim that the judgement does not cover (judge them: `--unjudged`);
 * - sureClaims: the same two figures counting only claims of cohesion ≥ SURE_COHESION;
 * - stale: judged sentences whose text no longer hashes the same (the data changed).
 *
 * `--show` prints every judged pair with its two sentences and verdicts, for a person to re-check;
 * `--unjudged` prints the pairs now in one claim that no one has judged yet.
 * msFor50Articles: one alignment and one wording pass over a 50-article story (50 articles of the
 * unlabelled 10k stream whose titles hold its most frequent title word, a dense case; about 54,000
 * words, 2,000 sentences), best of three, CPU and wall time. `--no-speed` skips it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { alignClaims, type ClaimAlignment } from '../src/query/claim-alignment.js';
import { distinctiveWording } from '../src/query/distinctive-wording.js';
import { readStoryRows, type StoryRow } from './lib/story-datasets.js';

const FILES = ['allsides_neus_baly.dev.jsonl', 'allsides_roundups_2021.dev.jsonl'];
export const SAMPLE_SEED = 7;
export const STORIES_PER_FILE = 10;
const JUDGEMENT = new URL('./claims-judgement.json', import.meta.url);
/** Claims at least this cohesive are scored apart too: what a report could show as sure. */
const SURE_COHESION = 0.5;

export interface SentenceRef {
  article: string;
  start: number;
  end: number;
  /** First 10 hex digits of the sha-256 of the sentence text. */
  hash: string;
}
export interface JudgedPair {
  file: string;
  story: string;
  a: SentenceRef;
  b: SentenceRef;
  side: 'together' | 'reading';
  sameFact: boolean;
}
interface Judgement {
  sample: { seed: number; storiesPerFile: number; stories: { file: string; story: string }[] };
  pairs: JudgedPair[];
}

export const textHash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 10);

/** Deterministic shuffle (mulberry32). */
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface SampledStory {
  file: string;
  story: string;
  rows: StoryRow[];
}

/** The sampled stories with their articles, in sample order. */
export function sampleStories(): SampledStory[] {
  const out: SampledStory[] = [];
  for (const file of FILES) {
    const byStory = new Map<string, StoryRow[]>();
    for (const r of readStoryRows(file)) if (r.story) byStory.set(r.story, [...(byStory.get(r.story) ?? []), r]);
    const eligible = [...byStory.keys()].filter((k) => new Set(byStory.get(k)!.map((r) => r.source)).size >= 2).sort();
    for (const story of shuffled(eligible, SAMPLE_SEED).slice(0, STORIES_PER_FILE)) out.push({ file, story, rows: byStory.get(story)! });
  }
  return out;
}

export const alignStory = (s: SampledStory): ClaimAlignment => alignClaims(s.rows.map((r) => ({ id: r.id, outlet: r.source ?? r.id, text: r.text })));

const refKey = (r: { article: string; start: number; end: number }): string => `${r.article}:${r.start}-${r.end}`;
export const pairKey = (file: string, a: { article: string; start: number; end: number }, b: { article: string; start: number; end: number }): string => {
  const [x, y] = [refKey(a), refKey(b)].sort();
  return `${file}|${x}|${y}`;
};

/** Cross-outlet sentence pairs the alignment puts in one claim, and each sentence's claim. */
export function togetherPairs(alignment: ClaimAlignment): { pairs: { a: SentenceRef; b: SentenceRef; cohesion: number | null }[]; claimOf: Map<string, number> } {
  const pairs: { a: SentenceRef; b: SentenceRef; cohesion: number | null }[] = [];
  const claimOf = new Map<string, number>();
  for (const c of alignment.claims) {
    const refs = c.sentences.map((x) => ({ ref: { article: x.articleId, start: x.start, end: x.end, hash: textHash(x.text) }, outlet: x.outlet }));
    for (const r of refs) claimOf.set(refKey(r.ref), c.id);
    for (let i = 0; i < refs.length; i++) for (let j = i + 1; j < refs.length; j++) if (refs[i]!.outlet !== refs[j]!.outlet) pairs.push({ a: refs[i]!.ref, b: refs[j]!.ref, cohesion: c.cohesion });
  }
  return { pairs, claimOf };
}

function main(): void {
  const args = process.argv.slice(2);
  const judgement = JSON.parse(readFileSync(JUDGEMENT, 'utf8')) as Judgement;
  const stories = sampleStories();
  const expected = judgement.sample.stories.map((s) => `${s.file}|${s.story}`).join(',');
  if (stories.map((s) => `${s.file}|${s.story}`).join(',') !== expected) throw new Error('claims bench: the sample drawn differs from the judged sample (seed or data changed)');

  const judged = new Map(judgement.pairs.map((p) => [pairKey(p.file, p.a, p.b), p]));
  const textOf = new Map<string, string>();
  for (const s of stories) for (const r of s.rows) textOf.set(`${s.file}|${r.id}`, r.text);
  const sentence = (file: string, r: SentenceRef): string => (textOf.get(`${file}|${r.article}`) ?? '').slice(r.start, r.end);

  const together = new Set<string>();
  /** Pairs now together in a claim of cohesion at least SURE_COHESION. */
  const sure = new Set<string>();
  const unjudged: { file: string; story: string; a: SentenceRef; b: SentenceRef }[] = [];
  const sameClaim = new Map<string, (a: SentenceRef, b: SentenceRef) => boolean>();
  for (const s of stories) {
    const alignment = alignStory(s);
    const { pairs, claimOf } = togetherPairs(alignment);
    sameClaim.set(`${s.file}|${s.story}`, (a, b) => {
      const ca = claimOf.get(refKey(a));
      return ca !== undefined && ca === claimOf.get(refKey(b));
    });
    for (const p of pairs) {
      const key = pairKey(s.file, p.a, p.b);
      together.add(key);
      if ((p.cohesion ?? 0) >= SURE_COHESION) sure.add(key);
      if (!judged.has(key)) unjudged.push({ file: s.file, story: s.story, ...p });
    }
  }

  let stale = 0;
  const perFile = new Map<string, { judged: number; different: number; sameFact: number; recalled: number }>();
  const tally = (file: string) => {
    if (!perFile.has(file)) perFile.set(file, { judged: 0, different: 0, sameFact: 0, recalled: 0 });
    return perFile.get(file)!;
  };
  for (const p of judgement.pairs) {
    if (textHash(sentence(p.file, p.a)) !== p.a.hash || textHash(sentence(p.file, p.b)) !== p.b.hash) stale++;
    const t = tally(p.file);
    if (together.has(pairKey(p.file, p.a, p.b))) {
      t.judged++;
      if (!p.sameFact) t.different++;
    }
    if (p.side === 'reading' && p.sameFact) {
      t.sameFact++;
      if (sameClaim.get(`${p.file}|${p.story}`)?.(p.a, p.b)) t.recalled++;
    }
  }
  const sureJudged = judgement.pairs.filter((p) => sure.has(pairKey(p.file, p.a, p.b)));
  const sureRecalled = judgement.pairs.filter((p) => p.side === 'reading' && p.sameFact && sure.has(pairKey(p.file, p.a, p.b))).length;
  const sum = (k: 'judged' | 'different' | 'sameFact' | 'recalled'): number => [...perFile.values()].reduce((n, t) => n + t[k], 0);
  const rate = (a: number, b: number): number | null => (b ? Math.round((a / b) * 1000) / 1000 : null);

  if (args.includes('--show')) {
    for (const p of judgement.pairs) {
      const now = together.has(pairKey(p.file, p.a, p.b)) ? 'together' : 'apart';
      console.log(`\n[${p.story}] ${p.side} judged ${p.sameFact ? 'SAME fact' : 'DIFFERENT facts'}; alignment now: ${now}`);
      console.log(`  ${p.a.article}: ${sentence(p.file, p.a)}`);
      console.log(`  ${p.b.article}: ${sentence(p.file, p.b)}`);
    }
  }
  if (args.includes('--unjudged')) {
    for (const p of unjudged) {
      console.log(`\n[${p.story}] unjudged, together now (${JSON.stringify({ file: p.file, story: p.story, a: p.a, b: p.b })})`);
      console.log(`  ${p.a.article}: ${sentence(p.file, p.a)}`);
      console.log(`  ${p.b.article}: ${sentence(p.file, p.b)}`);
    }
  }

  const judgedTogether = sum('judged');
  console.log(
    JSON.stringify({
      bench: 'claims',
      stories: stories.length,
      judgedPairs: { together: judgement.pairs.filter((p) => p.side === 'together').length, reading: judgement.pairs.filter((p) => p.side === 'reading').length },
      recall: { sameFact: sum('sameFact'), together: sum('recalled'), rate: rate(sum('recalled'), sum('sameFact')) },
      together: { judged: judgedTogether, differentFacts: sum('different'), mergeRate: rate(sum('different'), judgedTogether) },
      sureClaims: {
        cohesionAtLeast: SURE_COHESION,
        recall: rate(sureRecalled, sum('sameFact')),
        judged: sureJudged.length,
        mergeRate: rate(sureJudged.filter((p) => !p.sameFact).length, sureJudged.length),
      },
      unjudged: unjudged.length,
      stale,
      byFile: Object.fromEntries([...perFile].map(([f, t]) => [f.replace(/\.dev\.jsonl$/, ''), { recall: rate(t.recalled, t.sameFact), mergeRate: rate(t.different, t.judged), judgedTogether: t.judged, sameFactRead: t.sameFact }])),
      msFor50Articles: args.includes('--no-speed') ? null : speed(),
    }),
  );
}

/**
 * Milliseconds for one alignment and one wording pass over a dense 50-article story: the best of
 * three runs, in CPU time of this process (the machine is shared; wall time beside it).
 */
function speed(): { alignmentCpu: number; wordingCpu: number; alignmentWall: number; wordingWall: number } {
  const rows = readStoryRows('news-10k.jsonl.gz').filter((r) => r.text.length > 500);
  const titleWords = new Map<string, number>();
  for (const r of rows) for (const w of new Set((r.title ?? '').toLowerCase().match(/\p{L}{5,}/gu) ?? [])) titleWords.set(w, (titleWords.get(w) ?? 0) + 1);
  const topic = [...titleWords].sort((a, b) => b[1] - a[1])[0]![0];
  const story = rows.filter((r) => (r.title ?? '').toLowerCase().includes(topic)).slice(0, 50);
  const articles = story.map((r) => ({ id: r.id, outlet: r.source ?? r.id, text: r.text }));
  const time = (f: () => unknown): { cpu: number; wall: number } => {
    const runs = [0, 1, 2].map(() => {
      const cpu = process.cpuUsage();
      const wall = performance.now();
      f();
      const used = process.cpuUsage(cpu);
      return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
    });
    return { cpu: Math.round(Math.min(...runs.map((r) => r.cpu))), wall: Math.round(Math.min(...runs.map((r) => r.wall))) };
  };
  const alignment = time(() => alignClaims(articles));
  const wording = time(() => distinctiveWording(articles));
  return { alignmentCpu: alignment.cpu, wordingCpu: wording.cpu, alignmentWall: alignment.wall, wordingWall: wording.wall };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
