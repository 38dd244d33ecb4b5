// `pnpm bench <name> [args]`: runs ./<name>.ts (after the root script has built the packages).
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [name, ...args] = process.argv.slice(2);
const here = new URL('.', import.meta.url);
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`usage: pnpm bench <name> [args]\nbenchmarks: ${available.join(', ') || '(none yet)'}`);
  process.exit(name ? 2 : 0);
}
const file = new URL(`./${name}.ts`, here);
if (!existsSync(file)) process.exit(2);
process.argv = [process.argv[0]!, file.pathname, ...args];
await import(pathToFileURL(file.pathname).href);
