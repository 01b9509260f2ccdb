import type { Command } from 'commander';
import { storyReport, type StoryReport } from '../query/story-report.js';
import type { Delay } from '../query/story-timeline.js';
import { databaseOption, openStoreAt } from './database-option.js';
import { shownLocation } from '../store/index.js';
import { UserError } from './errors.js';
import { printJson, truncate } from './output.js';

/** Report lines are kept to this width where the content allows. */
const WIDTH = 100;
/** Rows of the claims grid; the rest are counted. */
const MAX_CLAIM_ROWS = 15;
/** Outlet columns of the claims grid (the outlets carrying most claims); the rest are counted. */
const MAX_OUTLET_COLUMNS = 20;
/** Claims listed per outlet under "only here" and under "omits". */
const MAX_OUTLET_CLAIMS = 3;
/** Outlets listed in the per-outlet claim lists and in the wording. */
const MAX_OUTLETS_LISTED = 12;
/** Terms shown per outlet in the wording. */
const MAX_TERMS = 8;
/** Speakers shown, and quotes per speaker (those most outlets carried first): a big story has hundreds. */
const MAX_SPEAKERS = 12;
const MAX_SPEAKER_QUOTES = 4;
/** Below this cohesion a claim's sentences are weaker matches (claim-alignment.ts): marked "~". */
const WEAK_COHESION = 0.6;

export function registerStory(program: Command): void {
  program
    .command('story')
    .description('show one story: its articles in time order, copies under their originals, and its thread; --report for how each outlet covered it')
    .argument('<id>', 'story id (as `storyline stories` shows it, or in full)')
    .addOption(databaseOption())
    .option('--json', 'print the story (or, with --report, the report) as JSON')
    .option('--report', 'what each outlet reported, from where and how: timeline, sources, quotes, claims, wording, flags')
    .addHelpText('after', `
Examples:
  $ storyline story 3fa9c2e1b0
  $ storyline story 3fa9c2e1b0 --report
  $ storyline story 3fa9c2e1b0 --report --json > report.json`)
    .action(async (id: string, opts: { db: string; json?: boolean; report?: boolean }) => {
      const store = await openStoreAt(opts.db);
      try {
        const full = id.length >= 16 ? id : (await store.getArticle(id))?.id;
        if (opts.report) {
          const texts = full ? await store.getStoryTexts(full) : null;
          if (!texts) throw new UserError(`no story with id ${id} in ${shownLocation(opts.db)}`);
          const report = storyReport(texts);
          return opts.json ? printJson(report) : printReport(report);
        }
        const story = full ? await store.getStory(full) : null;
        if (!story) throw new UserError(`no story with id ${id} in ${shownLocation(opts.db)}`);
        if (opts.json) return printJson(story);
        console.log(story.headline ?? '(untitled)');
        console.log(`story ${story.id} · ${story.articles} articles (${story.independentArticles} independent) · ${story.outlets.length} outlets · thread ${story.threadId}\n`);
        for (const a of story.articleList) {
          const when = a.published?.replace('T', ' ').slice(0, 16) ?? 'undated';
          const indent = a.copyOf ? `    └ ${a.copyKind} copy: ` : '';
          console.log(`${when.padEnd(16)}  ${indent}${a.outlet ?? '?'} — ${a.title ?? '(untitled)'}  [${a.id.slice(0, 10)}]`);
        }
        if (story.thread.length) {
          console.log('\nalso in this thread:');
          for (const s of story.thread) console.log(`  ${s.firstPublished?.slice(0, 10) ?? 'undated   '}  ${s.headline ?? '(untitled)'}  [${s.id.slice(0, 10)}]`);
        }
      } finally {
        await store.close();
      }
    });
}

// ---- The readable report -----------------------------------------------------------------------

const short = (id: string): string => id.slice(0, 10);
const when = (published: string | null): string => published?.replace('T', ' ').slice(0, 16) ?? 'undated';

function delayText(d: Delay | null): string {
  if (!d) return '';
  if (d.precision === 'day') return d.minutes === 0 ? 'same day' : `+${d.minutes / 1440}d`;
  if (d.minutes === 0) return 'same time';
  const h = Math.floor(Math.abs(d.minutes) / 60);
  const m = Math.abs(d.minutes) % 60;
  return `${d.minutes < 0 ? '-' : '+'}${h ? `${h}h ` : ''}${String(m).padStart(h ? 2 : 1, '0')}m`;
}

/** Words of `text` wrapped to lines of WIDTH: the first starts with `indent`, the others with `hanging`. */
function wrap(text: string, indent: string, hanging = indent): string[] {
  const lines: string[] = [];
  let line = '';
  const prefix = (): string => (lines.length ? hanging : indent);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && prefix().length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix() + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix() + line);
  return lines;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function heading(title: string): void {
  console.log(`\n${title.toUpperCase()}\n${'─'.repeat(title.length)}`);
}

/** Rows as aligned columns, the last one cut to what is left of WIDTH. */
function columns(rows: string[][], indent = '  '): void {
  const n = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: n - 1 }, (_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const fixed = indent.length + widths.reduce((a, w) => a + w + 2, 0);
  for (const r of rows) {
    const cells = r.slice(0, -1).map((c, i) => c.padEnd(widths[i]!));
    console.log(`${indent}${[...cells, truncate(r.at(-1) ?? '', Math.max(24, WIDTH - fixed))].join('  ')}`.trimEnd());
  }
}

function printReport(r: StoryReport): void {
  const { story } = r;
  console.log(story.headline ?? '(untitled)');
  console.log(`story ${short(story.id)} · ${plural(story.articles, 'article')} (${story.independentArticles} independent) · ${plural(story.outlets.length, 'outlet')} · thread ${short(story.threadId)}`);

  heading('Timeline');
  const outletOf = new Map<string, string>();
  for (const e of [...r.timeline.dated, ...r.timeline.undated]) {
    outletOf.set(e.articleId, e.outlet);
    for (const c of e.copies) outletOf.set(c.articleId, c.outlet);
  }
  // An unknown outlet's label already holds the article's short id.
  const label = (id: string): string => {
    const outlet = outletOf.get(id) ?? '?';
    return outlet.includes(short(id)) ? outlet : `${outlet} [${short(id)}]`;
  };
  if (r.timeline.first.length === 1) console.log(`  first: ${label(r.timeline.first[0]!)}`);
  else if (r.timeline.first.length > 1) for (const line of wrap(`first: ${r.timeline.first.map(label).join(' or ')} (their dates cannot tell which)`, '  ', '         ')) console.log(line);
  const rows: string[][] = [['WHEN', 'AFTER', 'OUTLET', 'HEADLINE']];
  for (const e of [...r.timeline.dated, ...r.timeline.undated]) {
    rows.push([when(e.published), r.timeline.first.includes(e.articleId) ? 'first' : delayText(e.after), e.outlet, `${e.title ?? '(untitled)'} [${short(e.articleId)}]`]);
    // A copy's delay is after its original.
    for (const c of e.copies) rows.push([when(c.published), delayText(c.after), `└ ${c.outlet}`, `${c.copyKind ?? ''} copy: ${c.title ?? '(untitled)'} [${short(c.articleId)}]`]);
  }
  columns(rows);
  if (r.timeline.undated.length) console.log(`  (${r.timeline.undated.length} undated, listed last: their place in time is unknown)`);

  heading('Sources');
  // Source lists are too wide for columns: each article's are wrapped under it (copies share their original's).
  for (const a of r.sources.articles) {
    if (a.copyOf) continue;
    console.log(`  ${label(a.articleId)}`);
    const named = a.named.map((s) => (s.kind === 'outlet' ? `${s.name} (outlet)` : s.name)).join(', ') || '— (no named source)';
    for (const line of wrap(`cites: ${named}`, '      ', '             ')) console.log(line);
    if (a.anonymous.length) for (const line of wrap(`anonymous: ${a.anonymous.map((s) => s.name).join('; ')}`, '      ', '                 ')) console.log(line);
  }
  for (const f of r.sources.followUps) console.log(`  follow-up: ${f.outlet} [${short(f.articleId)}], citing ${f.cites} [${f.of.map(short).join(', ')}]`);
  if (r.sources.shared.length) {
    console.log('  shared primary sources:');
    columns(r.sources.shared.map((s) => [s.name, s.kind, `${s.articleIds.length} reports`, s.outlets.join(', ')]), '    ');
  } else console.log('  no primary source is shared by two independent reports');

  heading('Quotes');
  if (r.quotes.length === 0) console.log('  none');
  for (const group of r.quotes.slice(0, MAX_SPEAKERS)) {
    console.log(`  ${group.speaker ?? '(speaker not named)'}`);
    const widest = [...group.quotes].sort((a, b) => b.carriers.length - a.carriers.length).slice(0, MAX_SPEAKER_QUOTES);
    for (const q of group.quotes.filter((x) => widest.includes(x))) {
      for (const line of wrap(`“${q.text}”`, '    ', '     ')) console.log(line);
      const carriers = q.carriers.map((c) => `${c.outlet}${c.copyOf ? ' (copy)' : ''}${c.variant === 'same' ? '' : ` (${c.variant})`}`);
      for (const line of wrap(`— ${carriers.join(', ')}`, '      ', '        ')) console.log(line);
      for (const c of q.carriers) {
        if (c.variant === 'same' || !c.text) continue;
        for (const line of wrap(`${c.variant} by ${c.outlet}: “${c.text}”`, '        ', '          ')) console.log(line);
      }
    }
    if (group.quotes.length > MAX_SPEAKER_QUOTES) console.log(`    ${more(group.quotes.length - MAX_SPEAKER_QUOTES, 'quotes')}`);
  }
  if (r.quotes.length > MAX_SPEAKERS) console.log(`  ${more(r.quotes.length - MAX_SPEAKERS, 'speakers')} (--json lists every quote)`);

  printClaims(r);
  printWording(r);

  heading('Flags');
  if (r.flags.length === 0) console.log('  none');
  for (const f of r.flags) {
    const who = f.articleId ? `${label(f.articleId)}: ` : 'story: ';
    for (const line of wrap(`! ${f.kind} · ${who}${f.message}`, '  ', '    ')) console.log(line);
    for (const e of f.evidence) for (const line of wrap(`> ${e.text}`, '      ', '        ')) console.log(line);
  }
}

/** "… and N more" under a list cut to its first few. */
const more = (n: number, what = ''): string => `… and ${n} more${what ? ` ${what}` : ''}`;
/** A grid key for the i-th outlet: A–Z, then AA, AB, … */
const key = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : key(Math.floor(i / 26) - 1) + key(i % 26));

/**
 * Claims: a grid of the claims more than one outlet carries (● carries it, · does not), widely
 * carried first, with their independent reports; then per outlet the claims only it carries and
 * the widely carried ones it omits.
 */
function printClaims(r: StoryReport): void {
  heading('Claims');
  const { claims, outlets, coverage, byOutlet } = r.claims;
  if (claims.length === 0) return console.log('  none: no sentence states a fact the alignment can compare');
  const shared = claims.filter((c) => c.outlets.length > 1);
  const single = claims.length - shared.length;
  console.log(`  ${plural(claims.length, 'claim')}: ${shared.length} carried by more than one outlet, ${single} by one only`);
  if (outlets.length === 1) console.log(`  one outlet (${outlets[0]}): no other outlet in this story to compare with`);
  if (shared.length) {
    // The outlets carrying most claims get columns; copies and one-source relays count once in IND.
    const carried = outlets.map((o, i) => ({ o, i, n: coverage.filter((row) => row[i]! > 0).length }));
    const shown = [...carried].sort((a, b) => b.n - a.n || a.i - b.i).slice(0, MAX_OUTLET_COLUMNS).sort((a, b) => a.i - b.i);
    const legend = shown.map((s, k) => `${key(k)} ${s.o}`).join(' · ');
    for (const line of wrap(`outlets: ${legend}${outlets.length > shown.length ? ` (${more(outlets.length - shown.length, 'outlets not shown')})` : ''}`, '  ', '    ')) console.log(line);
    console.log('  IND: independent reports (a copy, or outlets citing one source, count once); ~ weaker match');
    const grid = shown.map((_, k) => key(k).padEnd(2)).join('');
    const rows = shared.slice(0, MAX_CLAIM_ROWS).map((c) => [
      `${c.cohesion !== null && c.cohesion < WEAK_COHESION ? '~' : ' '}${c.id + 1}`,
      shown.map((s) => (coverage[c.id]![s.i]! > 0 ? '●' : '·').padEnd(key(shown.indexOf(s)).length + 1)).join(''),
      String(c.independentReports),
      c.representative.text,
    ]);
    columns([[' #', grid.trimEnd(), 'IND', 'CLAIM'], ...rows]);
    if (shared.length > MAX_CLAIM_ROWS) console.log(`  ${more(shared.length - MAX_CLAIM_ROWS, 'claims carried by more than one outlet')}`);
  }
  // With one outlet, everything is "only here": the count above says it.
  const listed = outlets.length > 1 ? byOutlet.filter((o) => o.onlyHere.length || o.omits.length) : [];
  for (const o of listed.slice(0, MAX_OUTLETS_LISTED)) {
    console.log(`  ${o.outlet}`);
    for (const [what, ids] of [['only here', o.onlyHere], ['omits', o.omits]] as const) {
      if (!ids.length) continue;
      console.log(`    ${what} (${ids.length}):`);
      for (const id of ids.slice(0, MAX_OUTLET_CLAIMS)) console.log(`      ${truncate(`${id + 1}. ${claims[id]!.representative.text}`, WIDTH - 6)}`);
      if (ids.length > MAX_OUTLET_CLAIMS) console.log(`      ${more(ids.length - MAX_OUTLET_CLAIMS)}`);
    }
  }
  if (listed.length > MAX_OUTLETS_LISTED) console.log(`  ${more(listed.length - MAX_OUTLETS_LISTED, 'outlets')}`);
}

/** Wording: per outlet the terms it uses more than the others, with how sure (z) — a description, not a verdict. */
function printWording(r: StoryReport): void {
  heading('Wording');
  if (r.wording.length < 2) return console.log('  one outlet wrote this story (copies aside): no other wording to compare with');
  console.log('  words and phrases each outlet uses more than the others (z: how sure; its uses vs theirs)');
  for (const o of r.wording.slice(0, MAX_OUTLETS_LISTED)) {
    const head = `${o.outlet} (${plural(o.articles, 'article')}, ${o.words} words)`;
    if (o.terms.length === 0) {
      console.log(`  ${head}: no term stands out`);
      continue;
    }
    const terms = o.terms.slice(0, MAX_TERMS).map((t) => `"${t.term}" z ${t.z.toFixed(1)} (${t.count} vs ${t.othersCount})`);
    const rest = o.terms.length > MAX_TERMS ? `, ${more(o.terms.length - MAX_TERMS)}` : '';
    for (const line of wrap(`${head}: ${terms.join(', ')}${rest}`, '  ', '      ')) console.log(line);
  }
  if (r.wording.length > MAX_OUTLETS_LISTED) console.log(`  ${more(r.wording.length - MAX_OUTLETS_LISTED, 'outlets')}`);
}
