#!/usr/bin/env node
// Compiles every AssemblyScript kernel (kernels.mjs) and writes its generated module. Run from
// packages/core: `node scripts/wasm/build.mjs`. The output is deterministic for a given AssemblyScript
// version (package.json pins the range); test/wasm/kernels.test.ts fails when a committed module is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileKernel } from './compile.mjs';
import { generatedModule, KERNELS, kernelRoot } from './kernels.mjs';

const packages = new URL('../../..', import.meta.url).pathname;
for (const kernel of KERNELS) {
  const root = kernelRoot(packages, kernel);
  const { bytes, version } = await compileKernel(join(root, kernel.source), kernel.options);
  writeFileSync(join(root, kernel.output), generatedModule(kernel, bytes, version));
  console.log(`${kernel.output}: ${bytes.length} bytes`);
}
