// Compiles one AssemblyScript file to WebAssembly bytes with the options every kernel is built with
// (optimized, SIMD on, no runtime, imported memory), plus a kernel's own options (e.g. shared memory).
// Used by build.mjs and by test/wasm/kernels.test.ts, which checks that each committed module is current.
import { readFileSync } from 'node:fs';

export async function compileKernel(path, extra = {}) {
  const asc = await import('assemblyscript/asc');
  const version = JSON.parse(
    readFileSync(new URL('../../node_modules/assemblyscript/package.json', import.meta.url), 'utf8'),
  ).version;
  const { error, binary, stderr } = await asc.compileString(
    { 'kernels.ts': readFileSync(path, 'utf8') },
    {
      optimizeLevel: 3,
      shrinkLevel: 0,
      runtime: 'stub',
      noAssert: true,
      enable: ['simd', ...(extra.enable ?? [])],
      importMemory: true,
      noExportMemory: true,
      ...(extra.sharedMemory ? { sharedMemory: true, maximumMemory: 65536 } : {}),
    },
  );
  if (error || !binary) {
    throw new Error(
      `AssemblyScript compile of ${path} failed: ${error?.message ?? ''}\n${stderr?.toString()}`,
    );
  }
  return { bytes: binary, version };
}
