/** Quotes, speakers and cited sources on small hand-made texts, the CLI's batch mode, and the PolNeAR dev figures. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../src/analyze/index.js';
import { findQuoteSpans } from '../src/analyze/quotes.js';
import { runCli } from './helpers/cli.js';

const POLNEAR_DEV = new URL('../../shared/datasets/attribution-dev/polnear_dev.quotes.jsonl', import.meta.url);

describe('quote marks', () => {
  it.each([
    ['straight', 'He said "we will win" today.', 'we will win'],
    ['curly', 'He said “we will win” today.', 'we will win'],
    ['guillemets', 'Il a dit «nous gagnerons» hier.', 'nous gagnerons'],
    ['German', 'Er sagte „wir werden gewinnen“ heute.', 'wir werden gewinnen'],
    ['mixed', 'He said “we will win" today.', 'we will win'],
  ])('%s', (_style, text, inner) => {
    const quotes = analyzeArticle(text).quotes;
    expect(quotes.map((q) => q.text)).toEqual([inner]);
    expect(text.slice(quotes[0]!.start, quotes[0]!.end)).toContain(inner);
  });

  it('joins a quote that runs over paragraphs (mark repeated at the paragraph start, none at the end)', () => {
    const text = 'Smith said: “The first part goes on.\n\n“And the second part ends here.”\n\nThen nothing.';
    const spans = findQuoteSpans(text);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.multiParagraph).toBe(true);
    expect(text.slice(spans[0]!.start, spans[0]!.end)).toMatch(/^“The first.*ends here\.”$/s);
  });
});

describe('speakers', () => {
  const speakerOf = (text: string, opening: string): string | null => analyzeArticle(text).quotes.find((q) => q.text.startsWith(opening))?.speaker ?? null;

  it('reads "X said" after and "said X" inverted', () => {
    expect(speakerOf('“We are ready,” Maria Lopez said.', 'We are ready')).toBe('Maria Lopez');
    expect(speakerOf('“We are ready,” said Maria Lopez, the mayor.', 'We are ready')).toBe('Maria Lopez');
  });

  it('reads a cue before the quote, with an object ("X told Y")', () => {
    expect(speakerOf('Yoav Gallant told Antony Blinken that "the war goes on."', 'the war goes on')).toBe('Yoav Gallant');
  });

  it('resolves a surname and a pronoun to the person named in full', () => {
    const text = 'Senator Ellen Park arrived late. Park said: “Not today.” Later she added: “Maybe tomorrow.”';
    expect(speakerOf(text, 'Not today')).toBe('Ellen Park');
    expect(speakerOf(text, 'Maybe tomorrow')).toBe('Ellen Park');
  });

  it('keeps an unnamed speaker as a description and resolves "the official" back to it', () => {
    const text = 'A senior administration official said: “We disagree.” The official added: “Strongly.”';
    expect(speakerOf(text, 'We disagree')).toBe('A senior administration official');
    expect(speakerOf(text, 'Strongly')).toBe('A senior administration official');
  });

  it('continues the speaker over a run of quotes', () => {
    const text = '“First,” Park said.\n\n“Second.”';
    expect(speakerOf(text, 'Second')).toBe('Park');
  });
});

describe('cited sources', () => {
  it('marks outlets, "according to" and anonymous sourcing', () => {
    const text = 'NBC News reported that talks stalled. According to Axios, the plan changed. Officials familiar with the talks said it failed.\nSource: Reuters';
    const c = analyzeArticle(text).citations;
    const bySource = new Map(c.map((x) => [x.source, x.kind]));
    expect(bySource.get('NBC News')).toBe('outlet');
    expect(bySource.get('Axios')).toBe('outlet');
    expect(bySource.get('Reuters')).toBe('outlet');
    expect(c.some((x) => x.kind === 'anonymous' && x.source.startsWith('Officials familiar'))).toBe(true);
    for (const x of c) expect(text.slice(x.start, x.end)).toBe(x.sourceText);
  });
});

describe('PolNeAR dev', () => {
  it('finds the quotes (overlap F1 ≥ 0.95) and most speakers', () => {
    const docs = readFileSync(POLNEAR_DEV, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; quotes: { start: number; end: number; speaker: string | null; speaker_is_pronoun: boolean }[] });
    let predicted = 0, tp = 0, gold = 0, found = 0;
    for (const d of docs) {
      const quotes = analyzeArticle(d.text).quotes;
      predicted += quotes.length;
      tp += quotes.filter((q) => d.quotes.some((g) => q.start < g.end && g.start < q.end)).length;
      gold += d.quotes.length;
      found += d.quotes.filter((g) => quotes.some((q) => q.start < g.end && g.start < q.end)).length;
    }
    const p = tp / predicted;
    const r = found / gold;
    expect((2 * p * r) / (p + r)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('storyline analyze --jsonl', () => {
  it('prints one annotation line per input line and flags bad lines', () => {
    const input = [JSON.stringify({ id: 'a', text: '“We are ready,” Maria Lopez said.' }), 'not json', JSON.stringify({ id: 'b' })].join('\n');
    const r = runCli(['analyze', '--jsonl', '-'], { input });
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: 'a', quotes: [{ text: 'We are ready,', speaker: 'Maria Lopez', speakerText: 'Maria Lopez', start: 0, end: 15 }] });
    expect(lines[1]).toMatchObject({ line: 2 });
    expect(lines[2]).toMatchObject({ id: 'b', line: 3 });
    expect(r.stderr).toMatch(/line 2/);
  });
});
