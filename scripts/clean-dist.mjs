#!/usr/bin/env node
// Part of each package's build, before tsc: empties the package's dist (run from the package's directory),
// because tsc never removes what an earlier build made from a source file that is gone (a stale module
// stays importable and is published). `--keep <path> ...` keeps those files (paths relative to dist):
// the storage package's PGlite image, which takes initdb to make again.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const args = process.argv.slice(2);
const keep = new Set(args[0] === '--keep' ? args.slice(1) : []);
const dist = join(process.cwd(), 'dist');

/** Removes everything below `dir` but the kept files; returns whether anything kept is left in it. */
function clean(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return false;
    throw error;
  }
  let kept = false;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (clean(path)) kept = true;
      else rmSync(path, { recursive: true, force: true });
    } else if (keep.has(relative(dist, path).split(sep).join('/'))) kept = true;
    else rmSync(path, { force: true });
  }
  return kept;
}

clean(dist);
