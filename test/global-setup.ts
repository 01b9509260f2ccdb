import { execFileSync } from 'node:child_process';

/** CLI tests run the built program, so build it once before the suite (skip with STORYLINE_TEST_NO_BUILD=1 while iterating). */
export default function setup(): void {
  if (process.env.STORYLINE_TEST_NO_BUILD === '1') return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
