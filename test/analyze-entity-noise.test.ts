import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../src/analyze/index.js';
import type { EntityMention } from '../src/analyze/entities.js';
import { extractFromHtml } from '../src/extract/html/index.js';
import { articleText } from '../src/model/article.js';

/**
 * Capitalised words wrongly taken for entities, on the demo corpus (examples/corpus), the seeds
 * and CoNLL-2003 dev: sentence openers that are everyday words, streets and grounds typed as
 * people, institutions cut at "and" or at a plural possessive.
 */
const EXAMPLES = new URL('../examples/corpus/', import.meta.url);
const wire = new Map(
  readFileSync(new URL('feeds/coastline-wire.jsonl', EXAMPLES), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string })
    .map((r) => [r.id, r.text]),
);
const wireStory = (id: string): string => {
  const text = wire.get(id);
  if (!text) throw new Error(`no story ${id} in the Coastline Wire feed`);
  return text;
};
const page = (file: string): string => articleText(extractFromHtml(readFileSync(new URL(file, EXAMPLES), 'utf8'), { url: null }));
const entities = (text: string): EntityMention[] => analyzeArticle(text).entities;
const named = (ms: EntityMention[], text: string): EntityMention[] => ms.filter((m) => m.text === text);

describe('everyday words opening a sentence are no entities', () => {
  it('drops "Smoke", "Several" and "Everyone" from the Kestrel Park fire wire story', () => {
    const text = wireStory('cw-20260319-0655');
    // The words are there, opening sentences and a quotation.
    for (const w of ['Smoke was seen', 'Several people', '“Everyone got out']) expect(text).toContain(w);
    const texts = new Set(entities(text).map((m) => m.text));
    for (const w of ['Smoke', 'Several', 'Everyone']) expect(texts.has(w)).toBe(false);
    // Names opening sentences stay.
    expect(texts.has('Eastmoor Rovers')).toBe(true);
  });

  it('drops plural nouns, numbers and contractions opening sentences of the demo pages, keeping the people', () => {
    const text = page('harbour-gazette/2026-03-03-dockers-walk-out-port-calder.html');
    const ms = entities(text);
    for (const w of ['Hundreds', 'Nobody', 'Traffic', 'Figures', 'Businesses']) {
      expect(text).toMatch(new RegExp(`(?:^|[.“"]\\s*)${w}\\b`, 'mu'));
      expect(named(ms, w)).toEqual([]);
    }
    // A contraction is no name anywhere: "I swore I'd never do it".
    expect(text).toContain("I'd never");
    expect(named(ms, "I'd")).toEqual([]);
    expect(named(ms, 'Dana Rusk')[0]?.type).toBe('person');
    expect(named(ms, 'Ellen Graves')[0]?.type).toBe('person');
  });

  it('keeps the club when "Members of" opens the sentence', () => {
    const text = page('eastmoor-herald/eastmoor-volunteers-flooded-valebridge.html');
    expect(text).toContain('Members of Eastmoor Rotary Club');
    const ms = entities(text);
    expect(ms.some((m) => m.text.startsWith('Members'))).toBe(false);
    expect(named(ms, 'Eastmoor Rotary Club')[0]?.type).toBe('organisation');
  });

  it('drops sentence openers of a seed article but keeps its names', () => {
    const text = readFileSync(new URL('../../shared/seeds/004_5b4bfc248042df46.txt', import.meta.url), 'utf8');
    const ms = entities(text);
    expect(named(ms, 'Tensions')).toEqual([]);
    expect(named(ms, 'Donald Trump')[0]?.type).toBe('person');
    expect(named(ms, 'Benjamin Netanyahu')[0]?.type).toBe('person');
  });
});

describe('streets, grounds and natural features are places', () => {
  it('types roads and grounds of the demo corpus as places, not people', () => {
    const fire = entities(page('eastmoor-herald/kestrel-park-fire-thousands-evacuated.html'));
    expect(named(fire, 'Kestrel Road').map((m) => m.type)).toContain('place');
    expect(fire.filter((m) => /Kestrel (?:Road|Park)/.test(m.text) && m.type === 'person')).toEqual([]);
    const walkout = entities(page('harbour-gazette/2026-03-03-dockers-walk-out-port-calder.html'));
    expect(named(walkout, 'Harbour Road')[0]?.type).toBe('place');
    expect(named(walkout, 'Port Calder')[0]?.type).toBe('place');
    const wireFire = entities(wireStory('cw-20260319-0655'));
    expect(named(wireFire, 'Kestrel Park')[0]?.type).toBe('place');
    const flood = entities(wireStory('cw-20260306-0291'));
    expect(named(flood, 'River Wend')[0]?.type).toBe('place');
    expect(named(flood, 'Wend Bridge')[0]?.type).toBe('place');
  });

  it('never types a CoNLL-2003 dev street, square or bridge a person', () => {
    const docs = readFileSync(new URL('../../shared/datasets/entities-dev/conll2003_valid.detok.docs.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { text: string; entities: { start: number; end: number; type: string; text: string }[] });
    let seen = 0;
    for (const doc of docs) {
      const places = doc.entities.filter((e) => e.type === 'LOC' && /\s(?:Street|Road|Square|Bridge|Avenue)$/.test(e.text));
      if (!places.length) continue;
      const ours = entities(doc.text);
      for (const g of places) {
        const m = ours.find((x) => x.start === g.start && x.end === g.end);
        if (!m) continue;
        seen++;
        expect(m.type, g.text).toBe('place');
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('institutions are not cut at "and" or at a plural possessive', () => {
  it('keeps "Eastmoor Fire and Rescue Service" whole', () => {
    const ms = entities(wireStory('cw-20260319-0655'));
    expect(named(ms, 'Eastmoor Fire and Rescue Service')[0]?.type).toBe('organisation');
    expect(ms.filter((m) => m.text === 'Eastmoor Fire' || m.text === 'Rescue Service')).toEqual([]);
  });

  it('keeps the dockers\' union and the arbitration board whole', () => {
    const strike = entities(wireStory('cw-20260303-0417'));
    expect(named(strike, "Calder Dock and Harbour Workers' Union")[0]?.type).toBe('organisation');
    expect(strike.filter((m) => m.type === 'person' && /Dock|Harbour/.test(m.text))).toEqual([]);
    const deal = entities(wireStory('cw-20260310-0388'));
    expect(named(deal, 'Arbitration and Conciliation Board')[0]?.type).toBe('organisation');
  });

  it('keeps two names joined by "and" apart when the first is a name of its own', () => {
    const text = wireStory('cw-20260310-0388');
    const ms = entities(text);
    // "Port Calder Authority" and the union are two organisations in the same story.
    expect(named(ms, 'Port Calder Authority')[0]?.type).toBe('organisation');
    const seed = entities(readFileSync(new URL('../../shared/seeds/004_5b4bfc248042df46.txt', import.meta.url), 'utf8'));
    expect(named(seed, 'United States')[0]?.type).toBe('place');
    expect(named(seed, 'Israel')[0]?.type).toBe('place');
  });
});

describe('names ending in an everyday word with no given name first are not people', () => {
  it('does not take a ferry operator or a haulage firm for a person', () => {
    const strike = entities(wireStory('cw-20260303-0417'));
    expect(strike.filter((m) => m.text === 'Strait Lines' && m.type === 'person')).toEqual([]);
    const hauliers = entities(readFileSync(new URL('eastmoor-herald/eastmoor-hauliers-relieved-port-strike-ends.txt', EXAMPLES), 'utf8'));
    expect(hauliers.filter((m) => m.text === 'Whitlock Freight' && m.type === 'person')).toEqual([]);
    expect(named(hauliers, 'Gary Whitlock')[0]?.type).toBe('person');
  });
});
