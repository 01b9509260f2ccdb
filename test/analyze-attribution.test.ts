/**
 * Who says what beyond "X said": signed and colon-introduced quotes, transcript turns, clause
 * subjects that hold a view, polls, relative pronouns, and the phrases that are not sources —
 * on small hand-made texts, and the layouts as they occur in the PolNeAR dev articles.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../src/analyze/index.js';

const POLNEAR_DEV = new URL('../../shared/datasets/attribution-dev/polnear_dev.quotes.jsonl', import.meta.url);
const devTexts = (): string[] => readFileSync(POLNEAR_DEV, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);

const speakerOf = (text: string, opening: string): string | null => analyzeArticle(text).quotes.find((q) => q.text.startsWith(opening))?.speaker ?? null;
const sourcesOf = (text: string): string[] => analyzeArticle(text).citations.map((c) => c.sourceText);

describe('speakers of quotes laid out without a verb', () => {
  it('reads a signature after the closing mark', () => {
    const text = '“He represents our greatest shame.” ― Sonya Herridge\n\n“I am truly afraid.” ― Pamela Padilla';
    expect(speakerOf(text, 'He represents')).toBe('Sonya Herridge');
    expect(speakerOf(text, 'I am truly')).toBe('Pamela Padilla');
  });

  it('reads a transcript turn inside the marks', () => {
    expect(speakerOf('"WALLACE: Let us start with the debate."', 'WALLACE')).toBe('WALLACE');
  });

  it('gives a block quote after a colon to the line that introduces it', () => {
    expect(speakerOf('The New York Times reports:\n\n“Hillary Clinton has gotten into trouble.”', 'Hillary Clinton has')).toBe('New York Times');
    expect(speakerOf('On July 6, 2015, Bernie Sanders made the following comment:\n\n“Youth unemployment is a disaster.”', 'Youth')).toBe('Bernie Sanders');
  });

  it('takes the named speaker of an apposition, not the listener', () => {
    expect(speakerOf('A top strategist, John Weaver, tells reporters “we are staying in.”', 'we are staying')).toBe('John Weaver');
  });

  it('does not make a clause subject, a year or a modifier the speaker', () => {
    expect(speakerOf('Yepez said Perez was right to urge Latino leaders “to stand up.”', 'to stand up')).not.toBe('Latino leaders');
    expect(speakerOf('South Korean President Park Geun-hye said Kim’s mental state is “spiraling out of control.”', 'spiraling')).toContain('Park Geun-hye');
  });

  it('gives a crowd its chant', () => {
    expect(speakerOf('Trump asked the rally a question.\n\n“Out!” the crowd yelled.', 'Out')).toBe('the crowd');
  });

  it('finds the signature and transcript layouts in the PolNeAR dev articles', () => {
    let signed = 0;
    for (const text of devTexts()) {
      for (const q of analyzeArticle(text).quotes) {
        const signature = /^\s?[―—]\s?([\p{Lu}][\p{L}.]*(?: [\p{Lu}][\p{L}.]*)+)/u.exec(text.slice(q.end, q.end + 60));
        if (!signature) continue;
        signed++;
        expect(q.speaker).toBe(signature[1]!.replace(/\.$/, ''));
      }
    }
    expect(signed).toBeGreaterThan(0);
  });
});

describe('cited sources beyond verbs of saying', () => {
  it('cites the subject of a verb of stance, and a description that can hold a view', () => {
    expect(sourcesOf('Senator Ellen Park has defended the plan.')).toContain('Senator Ellen Park');
    expect(sourcesOf('Party leaders are openly questioning the nominee.')).toContain('Party leaders');
    expect(sourcesOf('Other leaders denounced the test.')).toContain('Other leaders');
  });

  it('does not cite the subject of other verbs', () => {
    expect(sourcesOf('Senator Ellen Park traveled to Ohio on Monday.')).toEqual([]);
  });

  it('cites a relative pronoun standing for a named person', () => {
    const c = analyzeArticle('Glenn Beck, who has described the plan as reckless, spoke on Friday.').citations;
    expect(c.some((x) => x.sourceText === 'who' && x.source === 'Glenn Beck')).toBe(true);
  });

  it('cites polls and "according to" a document', () => {
    expect(sourcesOf('Trump led in a new Fox News poll released Thursday.')).toContain('a new Fox News poll');
    expect(sourcesOf('The fund lost money, according to a count by the state auditor.').some((s) => s.startsWith('a count by'))).toBe(true);
  });

  it('cites a named speaker of a transcript or headline before a colon, not a label', () => {
    expect(sourcesOf('Pence: Flowers Won’t Be at Debate\n\nMike Pence spoke on Sunday.')).toContain('Pence');
    expect(sourcesOf('Contributing: Nicole Gaudiano.')).toEqual([]);
  });

  it('does not cite the reported clause, a possessive before a noun or a headless description', () => {
    expect(sourcesOf('Last week the senator said Clinton was not the originator.')).not.toContain('Clinton');
    expect(sourcesOf('Clinton suggested that Sanders was wrong.')).not.toContain('that Sanders');
    expect(sourcesOf('He deleted a controversial tweet from the account.')).toEqual([]);
  });

  it('cites the outlet told only when the teller is unnamed', () => {
    expect(sourcesOf('Sources with direct knowledge of the talks told Axios on Thursday that it failed.')).toContain('Axios');
    expect(sourcesOf('Maria Lopez told Axios on Thursday that it failed.')).not.toContain('Axios');
  });
});

describe('entities', () => {
  it('types a dateline as a place even when a team of the same name plays in the article', () => {
    const text = 'NEW YORK 1996-08-22\n\nResults on Thursday:\nNEW YORK 5 Boston 3\nBoston 2 Chicago 1';
    const e = analyzeArticle(text).entities;
    expect(e.find((m) => m.start === 0)?.type).toBe('place');
  });

  it('types an unknown name after a preposition of place as a place, and Turkey as a country', () => {
    const e = analyzeArticle('Fighting broke out near Tavildara on Monday. Turkey protested.').entities;
    expect(e.find((m) => m.text === 'Tavildara')?.type).toBe('place');
    expect(e.find((m) => m.text === 'Turkey')?.type).toBe('place');
  });

  it('types a name with a company or institution ending as an organisation', () => {
    const e = analyzeArticle('Amnesty International and Pirelli SpA said nothing.').entities;
    expect(e.find((m) => m.text === 'Amnesty International')?.type).toBe('organisation');
    expect(e.find((m) => m.text === 'Pirelli SpA')?.type).toBe('organisation');
  });
});
