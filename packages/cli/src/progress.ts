import type { ImportProgress } from '@storewise/engine';
import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

/** Shows import progress; the null reporter does nothing. */
export interface ProgressReporter {
  update(progress: ImportProgress): void;
  stop(): void;
}

const NULL_REPORTER: ProgressReporter = { update() {}, stop() {} };

/** A progress bar on stderr when stderr is a terminal; otherwise nothing (the summary follows). */
export function createProgressReporter(io: CliIo, label: string): ProgressReporter {
  if (!io.stderr.isTTY) return NULL_REPORTER;
  const bar = new SingleBar(
    {
      stream: io.stderr as NodeJS.WriteStream,
      format: `${label} [{bar}] {percentage}% | {rows} rows | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      if (!started) {
        bar.start(progress.totalBytes, 0, { rows: 0 });
        started = true;
      }
      bar.update(progress.bytesRead, { rows: progress.rows.toLocaleString('en-US') });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** The steps of a long command ("fitting als (3/4)", epochs, similarities); the null reporter does nothing. */
export interface StepReporter {
  step(message: string): void;
  stop(): void;
}

const NULL_STEPS: StepReporter = { step() {}, stop() {} };

/**
 * On a terminal, each step replaces the previous one on a single status line of stderr, cleared by
 * `stop`; otherwise nothing (a log or a pipe would pile up a line per step: the summary follows).
 */
export function createStepReporter(io: CliIo): StepReporter {
  if (!io.stderr.isTTY) return NULL_STEPS;
  let shown = false;
  return {
    step(message) {
      io.stderr.write(`\r\x1b[K${message}`);
      shown = true;
    },
    stop() {
      if (shown) io.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
