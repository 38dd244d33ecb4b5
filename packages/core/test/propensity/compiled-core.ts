import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Worker threads run compiled JavaScript, so tests of the worker path compile core's sources (with the
 * package's own build config) into a scratch folder under node_modules and import from there. Type
 * errors elsewhere do not stop the emit; a missing output file does fail the test.
 */
let compiled: string | null = null;

export function compiledCore(): string {
  if (compiled) return compiled;
  const pkg = fileURLToPath(new URL('../../', import.meta.url));
  const out = `${pkg}node_modules/.tmp-propensity-test`;
  const tsc = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      `${pkg}tsconfig.build.json`,
      '--outDir',
      out,
      '--declaration',
      'false',
      '--declarationMap',
      'false',
      '--sourceMap',
      'false',
    ],
    {
      encoding: 'utf8',
    },
  );
  if (!existsSync(`${out}/propensity/forest/forest-worker.js`)) {
    throw new Error(`compiling core for the worker test failed:\n${result.stdout}\n${result.stderr}`);
  }
  compiled = out;
  return out;
}
