/**
 * The image of a new PGlite database: a gzipped tarball of a freshly initialised data directory with
 * every migration applied, made by the storage package's build (`scripts/pglite-image.mjs`) from the
 * PGlite it is built against, with a manifest naming that PGlite's version, the migrations' digest and
 * the tarball's SHA-256. Opening a new database then finds nothing to migrate (0.46-0.53 s less).
 * A new data directory is extracted from it (init-data-dir.ts) instead of running initdb, whose second
 * PostgreSQL instance and heap copy peak at 800-900 MB. A new database in memory has no directory to
 * extract into and is loaded from it with PGlite's `loadDataDir`. An image made by
 * another PGlite version, or one that is missing or damaged, is not used: the caller runs initdb as
 * before. docs/architecture.md says why the build makes it; docs/benchmarks/import.md has the numbers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { create } from 'tar';
import { migrationsFolder } from '../sql/migrations.js';

/**
 * Where the build writes the image: `dist/pglite` of the storage package. Both this module's source
 * (`src/pglite`) and its build (`dist/pglite`) sit two levels below the package, so the tests, which
 * run the source, use the image of the last build too.
 */
export const DATA_DIR_IMAGE_DIR = fileURLToPath(new URL('../../dist/pglite/', import.meta.url));

const TARBALL = 'new-data-dir.tar.gz';
const MANIFEST = 'new-data-dir.json';

/** What the manifest beside the tarball says. */
export interface DataDirImageManifest {
  /** The version of @electric-sql/pglite that made the tarball. */
  pglite: string;
  /** migrationsDigest() of the migrations applied in the image (an older image is still usable: opening migrates it). */
  migrations?: string;
  /** SHA-256 of the tarball, hex. */
  sha256: string;
  bytes: number;
}

/** A usable image (its tarball's bytes, gzipped, and the digest of its migrations), or why there is none. */
export type DataDirImage =
  | { tarball: Buffer; path: string; migrations: string | null }
  | { unusable: string };

/** SHA-256 over the names and contents of the package's migration files (SQL and drizzle-kit's journal). */
export async function migrationsDigest(folder = migrationsFolder): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`${file.slice(folder.length)}\0`).update(await readFile(file));
  return hash.digest('hex');
}

/** The version of the installed @electric-sql/pglite (its package.json, beside its dist/). */
export function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof pkg.version !== 'string')
    throw new Error('@electric-sql/pglite has no version in its package.json');
  return pkg.version;
}

/**
 * Reads the image in `dir` if it was made by the installed PGlite and is intact; otherwise says why
 * not (the caller falls back to initdb).
 */
export async function readDataDirImage(dir = DATA_DIR_IMAGE_DIR): Promise<DataDirImage> {
  let manifest: DataDirImageManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as DataDirImageManifest;
  } catch (error) {
    return {
      unusable: `no image manifest (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
  const installed = pgliteVersion();
  if (manifest.pglite !== installed)
    return { unusable: `the image was made by PGlite ${manifest.pglite}, this is PGlite ${installed}` };
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, TARBALL));
  } catch (error) {
    return {
      unusable: `no image tarball (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== manifest.bytes || sha256 !== manifest.sha256)
    return { unusable: `the image tarball does not match its manifest (sha256 ${sha256})` };
  return { tarball: bytes, path: join(dir, TARBALL), migrations: manifest.migrations ?? null };
}

/**
 * Makes the image in `dir` with `PGliteClass` (initdb of a new data directory in a temporary directory,
 * the package's migrations applied, then a gzipped tarball of it, names relative to the data directory),
 * unless an intact image of the same PGlite version and migrations is already there. Returns whether it
 * wrote one. Run by the build, in a process of its own: initdb peaks at 800-900 MB.
 */
export async function writeDataDirImage(
  PGliteClass: typeof PGlite,
  dir = DATA_DIR_IMAGE_DIR,
): Promise<boolean> {
  const migrations = await migrationsDigest();
  const existing = await readDataDirImage(dir);
  if ('tarball' in existing && existing.migrations === migrations) return false;
  const work = await mkdtemp(join(tmpdir(), 'storewise-pglite-image-'));
  try {
    const pg = new PGliteClass(work);
    try {
      await pg.waitReady;
      const [{ drizzle }, { migrate }] = await Promise.all([
        import('drizzle-orm/pglite'),
        import('drizzle-orm/pglite/migrator'),
      ]);
      await migrate(drizzle({ client: pg }), { migrationsFolder });
    } finally {
      await pg.close();
    }
    const tarballPath = join(dir, TARBALL);
    await create({ file: tarballPath, cwd: work, gzip: true, portable: true }, await readdir(work));
    const tarball = await readFile(tarballPath);
    const manifest: DataDirImageManifest = {
      pglite: pgliteVersion(),
      migrations,
      sha256: createHash('sha256').update(tarball).digest('hex'),
      bytes: tarball.length,
    };
    await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return true;
}
