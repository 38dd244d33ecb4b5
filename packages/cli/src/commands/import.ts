import { resolve } from 'node:path';
import {
  detectFormat,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportSummary,
  importFile,
} from '@storewise/engine';
import type { Storage } from '@storewise/storage';
import { UserError } from '../errors.js';
import { checkFile } from '../files.js';
import type { CliIo } from '../io.js';
import { createProgressReporter } from '../progress.js';

export interface ImportCommandOptions {
  format: string;
  batchSize?: string;
  json?: boolean;
}

export function parseFormat(text: string): ImportFormat {
  if ((IMPORT_FORMATS as readonly string[]).includes(text)) return text as ImportFormat;
  throw new UserError(`unknown format "${text}": use one of ${IMPORT_FORMATS.join(', ')}`);
}

export function parseBatchSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UserError(`--batch-size must be a positive integer, got "${text}"`);
  return value;
}

/**
 * Checks that every file of a multi-file import is there before any is imported, so that a mistyped
 * name does not stop the command halfway.
 */
export function checkFilesExist(files: readonly string[], cwd: string): void {
  for (const file of files) checkFile(file, cwd);
}

/** Imports one file with a progress bar on a terminal; without `format`, the file's first line tells it (detectFormat). */
export async function runImport(
  storage: Storage,
  file: string,
  format: ImportFormat | undefined,
  batchSize: number | undefined,
  io: CliIo,
): Promise<ImportSummary> {
  const path = resolve(io.cwd, file);
  const chosen = format ?? (await detectFormat(path));
  const progress = createProgressReporter(io, `importing ${chosen}`);
  try {
    return await importFile(storage, path, {
      format: chosen,
      ...(batchSize !== undefined ? { batchSize } : {}),
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.stop();
  }
}
