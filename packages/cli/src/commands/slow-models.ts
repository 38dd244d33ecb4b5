/** The propensity models as the help lists them, and the warning printed before the slow one starts. */
import { PROPENSITY_MODELS } from '@storewise/engine';
import type { CliIo } from '../io.js';

/** The ml-random-forest npm package as a classifier: kept to compare against, far slower than `forest`. */
const SLOW_MODEL = 'ml-random-forest';

/** What the help says of the choices: ml-random-forest is not one to pick for speed. */
export const PROPENSITY_MODELS_HELP =
  `${PROPENSITY_MODELS.join(' | ')}; ${SLOW_MODEL} is the ml-random-forest npm package, kept as a ` +
  'reference peer: roughly 50-100x slower than forest (minutes on a few thousand rows)';

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
