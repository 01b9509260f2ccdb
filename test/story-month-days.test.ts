import { describe, expect, it } from 'vitest';
import { readStoryRows } from '../bench/lib/story-datasets.js';
import { profileArticle } from '../src/link/index.js';
import { StoryClusterer } from '../src/link/story-clusterer.js';

const MS_PER_DAY = 86_400_000;
/** Whether `monthDays` names `day` or one of the three days before it (as the clusterer asks). */
const writesDayNear = (monthDays: Uint16Array, day: number): boolean =>
  [-1, 0, 1, 2, 3].some((k) => {
    const d = new Date((Math.floor(day) - k) * MS_PER_DAY);
    return monthDays.includes(d.getUTCMonth() * 32 + d.getUTCDate());
  });

describe("the month-days an undated article writes", () => {
  it('are read with or without a year, and only for undated articles', () => {
    const text = 'The levee broke on Nov. 16 and again on September 3rd, 2019. The Mayor 5 times said so; May 40 is no day.';
    const undated = profileArticle({ id: 'a', title: null, text, published: null, outlet: null });
    expect([...undated.writtenMonthDays].sort((a, b) => a - b)).toEqual([8 * 32 + 3, 10 * 32 + 16]);
    expect(profileArticle({ id: 'a', title: null, text, published: Date.UTC(2019, 10, 17), outlet: null }).writtenMonthDays.length).toBe(0);
  });

  it("name an article's own publication day far more often than another article's (stories-dev, dates taken away)", () => {
    const rows = readStoryRows('allsides_neus_baly.dev.jsonl').filter((r) => r.date);
    const days = rows.map((r) => Date.parse(r.date!) / MS_PER_DAY);
    let own = 0;
    let other = 0;
    rows.forEach((r, i) => {
      const { writtenMonthDays } = profileArticle({ id: r.id, title: r.title, text: r.text, published: null, outlet: r.source });
      if (writesDayNear(writtenMonthDays, days[i]!)) own++;
      // An article about another event: one a quarter of the file away.
      if (writesDayNear(writtenMonthDays, days[(i + Math.floor(rows.length / 4)) % rows.length]!)) other++;
    });
    expect(own).toBeGreaterThan(rows.length / 20);
    expect(own).toBeGreaterThan(5 * other);
  });

  it("raise the same-event probability of an undated report that writes the dated report's day", () => {
    const lead = 'Floodwater broke through the valley levee, and crews worked through the night to close the gap.';
    const probabilityWith = (written: string) => {
      const clusterer = new StoryClusterer();
      const first = clusterer.place(profileArticle({ id: 'a', title: 'Valley levee breaks', text: lead, published: Date.UTC(2021, 2, 17), outlet: 'a' }));
      const undated = profileArticle({ id: 'b', title: 'Levee gives way in the valley', text: `${lead} It gave way on ${written}.`, published: null, outlet: 'b' });
      const { evidence } = clusterer.placeWithEvidence(undated, undefined, true);
      return evidence.find((e) => e.story === first.story)?.probability ?? 0;
    };
    expect(probabilityWith('March 16')).toBeGreaterThan(probabilityWith('August 16'));
  });
});
