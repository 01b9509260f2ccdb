/**
 * Runs every benchmark in bench/ one after another (never in parallel: they time themselves) and
 * passes their one-line JSON results through, so `npm run bench` prints one JSON line per benchmark.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts').sort();
let failed = 0;
for (const file of benches) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${file} failed with exit code ${r.status}`);
  }
}
process.exitCode = failed ? 1 : 0;
