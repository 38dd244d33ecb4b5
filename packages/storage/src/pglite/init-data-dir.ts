/**
 * Creating a new PGlite data directory (initdb) in a child process. PGlite 0.5 runs initdb inside the
 * process that opens the directory: a second PostgreSQL instance in WebAssembly plus a copy of its
 * heap, 780-890 MB at its peak, which the process then keeps (about 800 MB resident after the open),
 * since WebAssembly memory never shrinks. In a child, that memory is returned when initdb ends (the
 * machine still needs it for those seconds), and the process that goes on to use the database opens an
 * existing directory (about 280 MB). docs/benchmarks/import.md has the numbers.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Runs PGlite's initdb in a child process. */
const INIT_CODE = `
const [module, dataDir] = process.argv.slice(1);
const { PGlite } = await import(module);
try {
  const client = new PGlite(dataDir);
  await client.waitReady;
  await client.close();
} catch (error) {
  // PGlite's file system errors carry only an errno.
  process.stderr.write(error?.message || (error?.name ?? 'error') + ' (errno ' + error?.errno + ')');
  process.exit(1);
}
`;

/** Whether `dataDir` already holds a PostgreSQL data directory. */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/** Creates the PostgreSQL data directory in `dataDir` (existing and empty) with initdb, in a child process. */
export async function initDataDir(dataDir: string): Promise<void> {
  const module = import.meta.resolve('@electric-sql/pglite');
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', INIT_CODE, module, dataDir],
      { maxBuffer: 1 << 20 },
      (error, _stdout, stderr) => {
        if (error === null) resolve();
        else reject(new Error(`initdb failed: ${stderr.trim() || error.message}`, { cause: error }));
      },
    );
  });
}
