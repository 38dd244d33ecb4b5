/**
 * Creating a new PGlite data directory, in a child process: by extracting the image the storage build
 * made (data-dir-image.ts) when it is usable, else with PGlite's initdb. PGlite 0.5 runs initdb inside
 * the process that opens the directory: a second PostgreSQL instance in WebAssembly plus a copy of its
 * heap, 780-890 MB at its peak, which the process then keeps, since WebAssembly memory never shrinks.
 * Extracting the image needs far less (about 120 MB, mostly the inflated tarball), but what a Node
 * process allocates it does not give back to the system either: 30-40 MB more in the process that then
 * opens the database and imports into it. In a child, either is returned when it ends, and the process
 * that goes on to use the database opens an existing directory. docs/benchmarks/import.md has the numbers.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CHILD_CODE = `
const [pgliteModule, tarModule, dataDir, image] = process.argv.slice(1);
try {
  if (image) {
    const { extract } = await import(tarModule);
    // PG_VERSION, which tells that a directory holds a database, goes last: an extraction cut short
    // leaves a directory that the next open extracts into again.
    extract({ file: image, cwd: dataDir, strict: true, sync: true, filter: (path) => path !== 'PG_VERSION' });
    extract({ file: image, cwd: dataDir, strict: true, sync: true, filter: (path) => path === 'PG_VERSION' });
  } else {
    const { PGlite } = await import(pgliteModule);
    const client = new PGlite(dataDir);
    await client.waitReady;
    await client.close();
  }
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

/**
 * Creates the PostgreSQL data directory in `dataDir` (existing, holding no database) in a child process:
 * extracted from `image` (a usable image's tarball, see data-dir-image.ts) or, when null, by initdb.
 */
export async function initDataDir(dataDir: string, image: string | null): Promise<void> {
  const args = [
    import.meta.resolve('@electric-sql/pglite'),
    import.meta.resolve('tar'),
    dataDir,
    image ?? '',
  ];
  const what = image === null ? 'initdb' : `extracting ${image}`;
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', CHILD_CODE, ...args],
      { maxBuffer: 1 << 20 },
      (error, _stdout, stderr) => {
        if (error === null) resolve();
        else reject(new Error(`${what} failed: ${stderr.trim() || error.message}`, { cause: error }));
      },
    );
  });
}
