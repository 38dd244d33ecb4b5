/**
 * An import that cannot start or go on because of its input (missing file, wrong format, bad header).
 * The CLI prints its message on one line and exits with code 1; it is the user's to fix, not a bug.
 */
export class ImportInputError extends Error {
  override readonly name = 'ImportInputError';
}
