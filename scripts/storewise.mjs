#!/usr/bin/env node
// `pnpm storewise <args>` from a checkout: the built CLI (packages/cli/dist/bin.js, `pnpm build` first), run
// in the directory pnpm was called from (pnpm runs a script in the repository root and names the caller's
// directory INIT_CWD), so that relative paths (--db ./shop, files to import) are the caller's.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
if (!existsSync(bin)) {
  process.stderr.write('storewise: the CLI is not built: run `pnpm build` in the repository first\n');
  process.exit(1);
}
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm when it runs this script, no turbo task reads it
const callerDir = process.env.INIT_CWD;
if (callerDir) process.chdir(callerDir);
process.argv.splice(1, 1, bin);
await import(bin);
