#!/usr/bin/env node
// `pnpm test`: builds what the tests import, runs every package's vitest suite through turbo, then prints
// one closing line summed over all packages ("N passed, N failed, N skipped") from vitest's JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const groups = ['packages', 'apps', 'examples'];
const packageDirs = groups
  .flatMap((g) => (existsSync(join(root, g)) ? readdirSync(join(root, g)).map((d) => join(root, g, d)) : []))
  .filter((d) => existsSync(join(d, 'package.json')));
const reportDirs = [...packageDirs, join(root, 'examples')];
for (const d of reportDirs) rmSync(join(d, '.vitest-report.json'), { force: true });

const turbo = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'test', '--concurrency=1', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', ...process.env },
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedSuites = [];
for (const d of reportDirs) {
  const file = join(d, '.vitest-report.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (t.status === 'skipped' || t.status === 'pending') skippedSuites.push(t.fullName ?? t.title);
    }
  }
}
if (skippedSuites.length > 0) {
  console.log(`\nSkipped ${skippedSuites.length} tests (see the notes printed above for why):`);
  for (const name of skippedSuites.slice(0, 20)) console.log(`  - ${name}`);
  if (skippedSuites.length > 20) console.log(`  ... and ${skippedSuites.length - 20} more`);
}
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
const code = turbo.status ?? 1;
process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
