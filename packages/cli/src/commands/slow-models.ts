/**
 * The propensity models as the help lists them, and the warnings printed before a slow fit starts (the
 * ml-random-forest peer; EASE on a large catalog; more threads than cores).
 */
import { availableParallelism } from 'node:os';
import { PROPENSITY_MODELS } from '@storewise/engine';
import type { CliIo } from '../io.js';

/** The ml-random-forest npm package as a classifier: kept to compare against, far slower than `forest`. */
const SLOW_MODEL = 'ml-random-forest';

/** What the help says of the choices: ml-random-forest is not one to pick for speed. */
export const PROPENSITY_MODELS_HELP =
  `${PROPENSITY_MODELS.join(' | ')}; ${SLOW_MODEL} is the ml-random-forest npm package, kept as a ` +
  'reference peer: roughly 50-100x slower than forest (minutes on a few thousand rows); or a classifier a --plugin module registers, by its name';

/**
 * One line on stderr before a fit with ml-random-forest among `models` starts, saying how long it may
 * take on `size` ("12,330 rows"): the command is silent meanwhile (--json's stdout stays clean).
 */
export function warnIfSlowModel(models: readonly string[], size: string, io: CliIo): void {
  if (!models.includes(SLOW_MODEL)) return;
  io.stderr.write(
    `storewise: warning: ${SLOW_MODEL} (the npm package, a reference peer) is roughly 50-100x slower than forest: on ${size} it may take minutes; forest is the fast one\n`,
  );
}

/** Items above which an EASE fit (an items x items inverse: n^3 work, 12 n^2 bytes) takes minutes. */
const LARGE_EASE_ITEMS = 8_000;

/**
 * One line on stderr before EASE fits on more than LARGE_EASE_ITEMS items: its work grows with the cube of
 * the catalog and its memory with the square. Measured on the 2-core machine (docs/recommendations.md):
 * 10,000 items took 80 s and 1.2 GB (`pnpm bench ease-scale`, docs/benchmarks.md).
 */
export function warnIfLargeEase(models: readonly string[], items: number, io: CliIo): void {
  if (!models.some((m) => m === 'ease') || items <= LARGE_EASE_ITEMS) return;
  const minutes = (80 / 60) * (items / 10_000) ** 3;
  const gb = (12 * items * items) / 1e9;
  io.stderr.write(
    `storewise: warning: ease inverts an items x items matrix: with ${items.toLocaleString('en-US')} items expect about ${minutes < 1.5 ? 'a minute' : `${Math.round(minutes)} minutes`} and ${gb.toFixed(1)} GB of memory on 2 cores (10,000 items: 80 s and 1.2 GB); item-knn or als scale to larger catalogs\n`,
  );
}

/**
 * One line on stderr when `--param <flag>` asks `model` for more threads than the machine has cores: the
 * forest caps them to the cores (more only held memory and waited: threads=99 on 2 cores fitted 4x slower at
 * 1.5 GB), and the forest is the same whatever the count.
 */
export function warnIfThreadsCapped(model: string, flag: string, threads: unknown, io: CliIo): void {
  const cores = availableParallelism();
  if (typeof threads !== 'number' || threads <= cores) return;
  io.stderr.write(
    `storewise: warning: --param ${flag}: this machine has ${cores} cores, so ${model} grows on ${cores} threads (more would only hold memory; the model is the same)\n`,
  );
}
