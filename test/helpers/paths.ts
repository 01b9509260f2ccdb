import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The repository root and the shared data beside it (`../shared`, as CI lays it out). */
export const REPO = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED = path.resolve(REPO, '..', 'shared');
export const SEEDS = path.join(SHARED, 'seeds');
export const DATASETS = path.join(SHARED, 'datasets');
export const EXAMPLES = path.join(REPO, 'examples');

/** The seed file whose name starts with `prefix` ("000", "001", …). */
export function seedPath(prefix: string): string {
  const names = ['000_bf7efe2af75ebb43.txt', '001_0885b715c835cb80.txt', '002_05de7d474f0860e8.txt', '003_31195212ecc3b151.txt', '004_5b4bfc248042df46.txt'];
  const name = names.find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}`);
  return path.join(SEEDS, name);
}

/** A temporary directory removed after the test file. */
export function tempDir(label = 'storyline-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), label));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
