/**
 * Organisations the capitalisation rules alone miss: team nicknames, county sides in cricket
 * reports, clubs in results lines, a company's short name after its full name, a person "of" a
 * firm — on small hand-made texts, and on the CoNLL-2003 validation articles, where a cricket
 * county written in a cricket report is never typed a place.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../src/analyze/index.js';

const CONLL_DEV = new URL('../../shared/datasets/entities-dev/conll2003_valid.detok.docs.jsonl', import.meta.url);

const typeOf = (text: string, name: string): string | undefined => analyzeArticle(text).entities.find((m) => m.text === name)?.type;

describe('organisations', () => {
  it('types baseball and rugby nicknames as teams', () => {
    const text = 'The Mets lost to the Braves 6-4 on Sunday, their eighth straight loss.\nThe All Blacks beat the Springboks in Pretoria.';
    expect(typeOf(text, 'Mets')).toBe('organisation');
    expect(typeOf(text, 'Braves')).toBe('organisation');
    expect(typeOf(text, 'All Blacks')).toBe('organisation');
    expect(typeOf(text, 'Springboks')).toBe('organisation');
  });

  it('keeps a nickname that is an everyday word out of a report on anything but sport', () => {
    const text = 'Conservationists said Tigers once roamed across the region.';
    expect(typeOf(text, 'Tigers')).not.toBe('organisation');
  });

  it('types counties as sides in a cricket report and as places elsewhere', () => {
    const cricket = 'CRICKET - ENGLISH COUNTY CHAMPIONSHIP\nSurrey were bowled out for 210 in their first innings at the Oval, and Essex reached 150 for three.';
    expect(typeOf(cricket, 'Surrey')).toBe('organisation');
    expect(typeOf(cricket, 'Essex')).toBe('organisation');
    const floods = 'Heavy rain flooded roads in Surrey on Tuesday, police said.';
    expect(typeOf(floods, 'Surrey')).not.toBe('organisation');
  });

  it('types two-word clubs in a results line as teams, but not golfers in a scores table', () => {
    const results = 'Results of Spanish first division matches on Saturday:\nDeportivo Coruna 1 Real Madrid 1\nHercules 2 Sporting Gijon 0';
    expect(typeOf(results, 'Deportivo Coruna')).toBe('organisation');
    expect(typeOf(results, 'Real Madrid')).toBe('organisation');
    const golf = 'Leading scores after the second round:\n134 Greg Norman 66 68\n135 Duffy Waldorf 67 68';
    expect(typeOf(golf, 'Greg Norman')).toBe('person');
  });

  it('types a company by its first word once it was named in full', () => {
    const text = 'Magna International Inc agreed to buy the seat maker. Analysts said Magna would pay cash.';
    expect(analyzeArticle(text).entities.filter((m) => m.text === 'Magna').map((m) => m.type)).toEqual(['organisation']);
  });

  it('splits a person of a firm, and leaves a sentence-final period out of "Corp."', () => {
    const text = 'Sales were strong, said John Casesa of Schroder Wertheim & Co.\nShares rose at Lear Corp.\nThe market closed higher.';
    const e = analyzeArticle(text).entities;
    expect(e.find((m) => m.text === 'John Casesa')?.type).toBe('person');
    expect(e.find((m) => m.text.startsWith('Schroder Wertheim'))).toMatchObject({ type: 'organisation', text: 'Schroder Wertheim & Co' });
    expect(e.find((m) => m.text.startsWith('Lear'))?.text).toBe('Lear Corp');
  });

  it('types a name after "news agency" or before "newspaper", and an acronym in brackets after an organisation', () => {
    const text = 'Officials met on Friday, the news agency Tanjug reported. Liberte newspaper said the bomb was hidden. The National Bank of Romania (BNR) said its rate was unchanged.';
    expect(typeOf(text, 'Tanjug')).toBe('organisation');
    expect(typeOf(text, 'Liberte')).toBe('organisation');
    expect(typeOf(text, 'BNR')).toBe('organisation');
  });

  it('types the club of a player in a soccer report, but not the country of an international', () => {
    const text = 'SOCCER - FRIENDLY\nNorwich striker Keith O\'Neill scored twice and Everton\'s Duncan Ferguson went close. England captain Tony Adams was rested.';
    expect(typeOf(text, 'Norwich')).toBe('organisation');
    expect(typeOf(text, 'Everton')).toBe('organisation');
    expect(typeOf(text, 'England')).toBe('place');
  });

  it('does not take time zones, sports statistics or headline words for organisations', () => {
    const text = 'GOLF - NORMAN LEADS\nTrading closed at 1600 GMT. He drove in three runs and leads the league with 110 RBI. Norman said he would win the golf title.';
    const orgs = analyzeArticle(text).entities.filter((m) => m.type === 'organisation').map((m) => m.text);
    expect(orgs).not.toContain('GMT');
    expect(orgs).not.toContain('RBI');
    expect(orgs).not.toContain('GOLF');
  });

  it('never types a cricket county a place in the dev cricket reports', () => {
    const counties = /^(?:Derbyshire|Durham|Essex|Glamorgan|Gloucestershire|Hampshire|Kent|Lancashire|Leicestershire|Middlesex|Northamptonshire|Nottinghamshire|Somerset|Surrey|Sussex|Warwickshire|Worcestershire|Yorkshire)$/;
    const reports = readFileSync(CONLL_DEV, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text).filter((t) => /^CRICKET\b/m.test(t));
    expect(reports.length).toBeGreaterThan(0);
    const typed = reports.flatMap((t) => analyzeArticle(t).entities.filter((m) => counties.test(m.text)));
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.filter((m) => m.type === 'place')).toEqual([]);
  });
});
