import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles, placeStoredArticles } from '../src/pipeline.js';
import { openStore, type Store } from '../src/store/index.js';
import { EXAMPLES, tempDir } from './helpers/paths.js';

/** Linking in rounds (as `watch` does) places articles exactly as linking them from a fresh start. */

const OUTLET_DIRS = readdirSync(path.join(EXAMPLES, 'corpus')).sort().map((d) => path.join(EXAMPLES, 'corpus', d));
const FIRST = OUTLET_DIRS.slice(0, 4);
const SECOND = OUTLET_DIRS.slice(4);

async function placements(store: Store): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for await (const { link } of store.linkedArticles()) map.set(link.articleId, link.storyId);
  return map;
}

describe('linking in rounds', () => {
  it('reuses its linker between rounds and places articles as a linker rebuilt from the store would', async () => {
    const dir = tempDir();
    const kept = await openStore(path.join(dir, 'kept.db'));
    const rebuilt = await openStore(path.join(dir, 'rebuilt.db'));
    try {
      for (const store of [kept, rebuilt]) await ingestFiles(FIRST, store, { link: false });
      const round1 = await placeStoredArticles(kept, { entitiesChanged: false });
      await placeStoredArticles(rebuilt, { entitiesChanged: false });
      expect(round1.linked).toBeGreaterThan(0);

      for (const store of [kept, rebuilt]) await ingestFiles(SECOND, store, { link: false });
      const round2 = await placeStoredArticles(kept, { kept: round1.kept, entitiesChanged: false });
      await placeStoredArticles(rebuilt, { entitiesChanged: false });
      expect(round2.linked).toBeGreaterThan(0);
      expect(round2.kept).toBe(round1.kept);
      expect(await placements(kept)).toEqual(await placements(rebuilt));
    } finally {
      await kept.close();
      await rebuilt.close();
    }
  });

  it('rebuilds a kept linker when another process placed articles meanwhile', async () => {
    const store = await openStore(path.join(tempDir(), 'shared.db'));
    try {
      await ingestFiles(FIRST, store, { link: false });
      const round1 = await placeStoredArticles(store, { entitiesChanged: false });
      // Another process ingests and links the rest.
      await ingestFiles(SECOND.slice(0, 1), store);
      await ingestFiles(SECOND.slice(1), store, { link: false });
      const round2 = await placeStoredArticles(store, { kept: round1.kept, entitiesChanged: false });
      expect(round2.kept).not.toBe(round1.kept);
      expect(round2.kept!.placements).toBe(await store.placementCount());
    } finally {
      await store.close();
    }
  });
});
