// Every committed WebAssembly module is exactly what its AssemblyScript source compiles to, so that the
// kernels users run are the reviewed sources. Regenerate with `node scripts/wasm/build.mjs` (packages/core).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs build helpers without type declarations
import { compileKernel } from '../../scripts/wasm/compile.mjs';
// @ts-expect-error -- plain .mjs build helpers without type declarations
import { generatedModule, KERNELS, kernelRoot } from '../../scripts/wasm/kernels.mjs';

interface Kernel {
  package?: string;
  source: string;
  output: string;
  constant: string;
  options?: object;
}

const packages = new URL('../../..', import.meta.url).pathname;

describe('committed WebAssembly kernels', () => {
  for (const kernel of KERNELS as Kernel[]) {
    it(`${kernel.output} is the compiled ${kernel.source}`, async () => {
      const root = kernelRoot(packages, kernel) as string;
      const { bytes, version } = (await compileKernel(join(root, kernel.source), kernel.options)) as {
        bytes: Uint8Array;
        version: string;
      };
      expect(readFileSync(join(root, kernel.output), 'utf8')).toBe(generatedModule(kernel, bytes, version));
    });
  }
});
