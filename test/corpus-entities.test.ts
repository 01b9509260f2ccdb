import { describe, expect, it } from 'vitest';
import { corpusEntityAliases, oneLetterApart, type EntityName } from '../src/analyze/corpus-entities.js';

const person = (name: string, articles: number, mentions = articles): EntityName => ({ name, type: 'person', articles, mentions });
const aliasMap = (names: EntityName[]) => new Map(corpusEntityAliases(names).map((a) => [`${a.type}:${a.name}`, a.canonical]));

describe('entity names across the corpus', () => {
  it('merges full names with familiar or one-letter-apart given names under the formal, most used one', () => {
    const aliases = aliasMap([person('Antony Blinken', 3, 20), person('Anthony Blinken', 1), person('Tony Blinken', 2)]);
    expect(aliases.get('person:Anthony Blinken')).toBe('Antony Blinken');
    expect(aliases.get('person:Tony Blinken')).toBe('Antony Blinken');
    expect(aliases.has('person:Antony Blinken')).toBe(false);
  });

  it('sends a surname alone to the one person of that surname, or a letter apart', () => {
    const aliases = aliasMap([person('Herzi Halevi', 2), person('Halevy', 1), person('Gallant', 1), person('Yoav Gallant', 1)]);
    expect(aliases.get('person:Halevy')).toBe('Herzi Halevi');
    expect(aliases.get('person:Gallant')).toBe('Yoav Gallant');
  });

  it('keeps different people of one surname apart, and a surname alone with them unless one dominates', () => {
    const close = aliasMap([person('Joe Biden', 4), person('Hunter Biden', 2), person('Biden', 3)]);
    expect(close.has('person:Hunter Biden')).toBe(false);
    expect(close.has('person:Biden')).toBe(false);
    const dominant = aliasMap([person('Joe Biden', 30), person('Hunter Biden', 2), person('Biden', 3)]);
    expect(dominant.get('person:Biden')).toBe('Joe Biden');
    expect(dominant.has('person:Hunter Biden')).toBe(false);
  });

  it('does not merge short names a letter apart, nor names of different types', () => {
    const aliases = aliasMap([person('Anna Lee', 1), person('Anna Lea', 1), { name: 'Jordan', type: 'place', articles: 5, mentions: 5 }, person('Michael Jordan', 2)]);
    expect(aliases.size).toBe(0);
  });

  it('merges organisation and place spellings that differ in case, dots and a leading "the"', () => {
    const aliases = aliasMap([
      { name: 'The Washington Post', type: 'organisation', articles: 3, mentions: 4 },
      { name: 'Washington Post', type: 'organisation', articles: 1, mentions: 1 },
      { name: 'U.S.', type: 'place', articles: 1, mentions: 1 },
      { name: 'US', type: 'place', articles: 4, mentions: 9 },
    ]);
    expect(aliases.get('organisation:Washington Post')).toBe('The Washington Post');
    expect(aliases.get('place:U.S.')).toBe('US');
  });

  it('keeps plurals, possessives, derived forms and doubled surnames out of a person\'s aliases', () => {
    // Names a store of news pages gave "Donald Trump": all-capitals forms are his, the rest are not.
    const aliases = aliasMap([
      person('Donald Trump', 500, 2000), person('Trump', 300, 900), person('TRUMP', 3), person('DONALD TRUMP', 2),
      person('Trumpy', 2), person('Donald J. Trump Trump', 1), person('Donald Trump Trump', 1), person('Donald Trumps', 1), person("TRUMP'S", 2), person('Trumps', 1),
    ]);
    expect(aliases.get('person:Trump')).toBe('Donald Trump');
    expect(aliases.get('person:TRUMP')).toBe('Donald Trump');
    expect(aliases.get('person:DONALD TRUMP')).toBe('Donald Trump');
    for (const name of ['Trumpy', 'Donald J. Trump Trump', 'Donald Trump Trump', 'Donald Trumps', "TRUMP'S", 'Trumps']) expect(aliases.has(`person:${name}`), name).toBe(false);
    // Nor does a bent form gather aliases of its own.
    expect([...aliases.values()].every((c) => c === 'Donald Trump')).toBe(true);
  });

  it('still merges a doubled final letter of a transliteration and a surname a letter apart', () => {
    const aliases = aliasMap([person('Volodymyr Zelensky', 5), person('Volodymyr Zelenskyy', 2), person('Herzi Halevi', 3), person('Halevy', 1)]);
    expect(aliases.get('person:Volodymyr Zelenskyy')).toBe('Volodymyr Zelensky');
    expect(aliases.get('person:Halevy')).toBe('Herzi Halevi');
  });

  it('measures one letter apart as one insertion, deletion or change', () => {
    expect(oneLetterApart('antony', 'anthony')).toBe(true);
    expect(oneLetterApart('halevi', 'halevy')).toBe(true);
    expect(oneLetterApart('halevi', 'halev')).toBe(true);
    expect(oneLetterApart('halevi', 'helevy')).toBe(false);
    expect(oneLetterApart('smith', 'smyth')).toBe(true);
    expect(oneLetterApart('lee', 'lea')).toBe(false);
  });
});
