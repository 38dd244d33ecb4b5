/** A problem the user can fix (bad argument, missing file, unreachable database): one line, exit code 1. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/**
 * The command ran and printed why it has no result (`clv` when BG/NBD cannot be fitted): exit code 2,
 * as an import whose every row was rejected, and nothing more on stderr.
 */
export class NoResult extends Error {
  override readonly name = 'NoResult';
}
