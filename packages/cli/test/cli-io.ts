import type { CliIo } from '../src/index.js';

/** An in-memory CliIo for running `main` in-process; with `tty`, stderr passes for a terminal. */
export function testIo(
  cwd: string,
  env: Record<string, string | undefined> = {},
  tty = false,
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
    env,
    cwd,
    out: () => out,
    err: () => err,
  };
}
