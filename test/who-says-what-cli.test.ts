import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotations } from '../src/model/annotations.js';
import type { EntitySummary, StoredQuote } from '../src/store/index.js';
import { runCli } from './helpers/cli.js';
import { SEEDS, tempDir } from './helpers/paths.js';

describe('who says what, stored with each article', () => {
  const dir = tempDir();
  const db = path.join(dir, 'seeds.db');
  const ingest = runCli(['ingest', '--db', db, SEEDS]);

  it('answers "every quote by Blinken" with the quote and the article that carried it', () => {
    expect(ingest.status).toBe(0);
    const quotes = JSON.parse(runCli(['quotes', '--speaker', 'blinken', '--json', '--db', db]).stdout) as StoredQuote[];
    expect(quotes.some((q) => q.text.startsWith('I do not think you have months'))).toBe(true);
    expect(quotes.every((q) => /Blinken/.test(q.speaker ?? ''))).toBe(true);
    expect(quotes[0]!.title).toMatch(/US-Israeli discord/);
  });

  it("lists a story's quotes, unnamed speakers kept as such", () => {
    const all = JSON.parse(runCli(['quotes', '--json', '--limit', '500', '--db', db]).stdout) as StoredQuote[];
    const unnamed = all.find((q) => q.text.startsWith('We are not convinced this is the best way forward'));
    expect(unnamed?.speaker).toMatch(/senior administration official/);
    const inStory = JSON.parse(runCli(['quotes', '--story', unnamed!.storyId!.slice(0, 10), '--json', '--db', db]).stdout) as StoredQuote[];
    expect(inStory.length).toBeGreaterThan(0);
    expect(inStory.every((q) => q.storyId === unnamed!.storyId)).toBe(true);
    expect(inStory.some((q) => q.text.startsWith('I do not think you have months'))).toBe(false);
  });

  it('lists the people named, one entity however it is spelled within an article', () => {
    const people = JSON.parse(runCli(['entities', '--type', 'person', '--json', '--db', db]).stdout) as EntitySummary[];
    const names = people.map((p) => p.name);
    for (const name of ['Antony Blinken', 'Benjamin Netanyahu', 'Herzi Halevi', 'Yoav Gallant']) expect(names).toContain(name);
    expect(names).not.toContain('Tony Blinken');
    expect(people.every((p) => p.type === 'person')).toBe(true);
    const bad = runCli(['entities', '--type', 'celebrity', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--type must be one of/);
  });

  it('merges the spellings articles use into one entity across the corpus', () => {
    const people = JSON.parse(runCli(['entities', '--type', 'person', '--json', '--limit', '500', '--db', db]).stdout) as EntitySummary[];
    const blinken = people.filter((p) => /Blinken/.test(p.name));
    expect(blinken.map((p) => p.name)).toEqual(['Antony Blinken']);
    // 002 writes "Anthony Blinken"; elsewhere he is "Antony", "Tony" or just "Blinken".
    expect(blinken[0]!.aliases).toEqual(expect.arrayContaining(['Anthony Blinken']));
    // 002 and 003 are the seeds that name him.
    expect(blinken[0]!.articles).toBe(2);
    const orgs = JSON.parse(runCli(['entities', '--type', 'organisation', '--json', '--limit', '500', '--db', db]).stdout) as EntitySummary[];
    expect(orgs.filter((o) => /^(the )?washington post$/i.test(o.name))).toHaveLength(1);
    const table = runCli(['entities', '--type', 'person', '--db', db]).stdout;
    expect(table).toMatch(/Antony Blinken \(also .*Anthony Blinken/);
  });

  it('shows annotations with the article and keeps them through re-extraction', () => {
    const article = (JSON.parse(runCli(['articles', '--json', '--db', db]).stdout) as { id: string; title: string }[]).find((a) => a.title?.startsWith('US-Israeli discord'))!;
    const before = JSON.parse(runCli(['show', article.id, '--json', '--db', db]).stdout) as { annotations: Annotations };
    expect(before.annotations.citations.map((c) => c.source)).toEqual(expect.arrayContaining(['Axios']));
    expect(runCli(['reextract', '--db', db]).status).toBe(0);
    const after = JSON.parse(runCli(['show', article.id, '--json', '--db', db]).stdout) as { annotations: Annotations };
    expect(after.annotations).toEqual(before.annotations);
    expect(runCli(['show', article.id, '--db', db]).stdout).toMatch(/quotes:\n {2}“/);
  });
});
