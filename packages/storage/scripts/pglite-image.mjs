// Part of the storage package's build, after tsc: makes the image new PGlite databases start from
// (src/pglite/data-dir-image.ts), unless dist/pglite already holds an intact one of the installed
// PGlite version. A process of its own, because initdb peaks at 800-900 MB.
import { PGlite } from '@electric-sql/pglite';
import { writeDataDirImage } from '../dist/pglite/data-dir-image.js';

const started = performance.now();
if (await writeDataDirImage(PGlite))
  console.log(`pglite image: made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
