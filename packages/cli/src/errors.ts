/** A problem the user can fix (bad argument, missing file, unreachable database): one line, exit code 1. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
