// Part of the storage package's build, after tsc: makes the image new PGlite databases start from
// (src/pglite/data-dir-image.ts), unless dist/pglite already holds an intact one of the installed
// PGlite version. A process of its own, because initdb peaks at 800-900 MB. If it cannot be made, the
// build goes on and says so: new databases then run initdb when they are opened (the storage tests fail
// on a build without an image, so CI notices).
import { PGlite } from '@electric-sql/pglite';
import { writeDataDirImage } from '../dist/pglite/data-dir-image.js';

const started = performance.now();
try {
  if (await writeDataDirImage(PGlite))
    console.log(`pglite image: made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.warn(
    `pglite image: not made (${error?.message ?? error}); new embedded databases will run initdb instead (800-900 MB)`,
  );
}
