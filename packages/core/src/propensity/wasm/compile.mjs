// Compiles one AssemblyScript file to WebAssembly bytes with the options the kernels are built with
// (SIMD on, no runtime, imported memory). Used by build.mjs and by the test that checks the committed
// module is up to date.
import { readFileSync } from 'node:fs';

export async function compileKernels(path) {
  const asc = await import('assemblyscript/asc');
  const version = JSON.parse(
    readFileSync(new URL('../../../node_modules/assemblyscript/package.json', import.meta.url), 'utf8'),
  ).version;
  const { error, binary, stderr } = await asc.compileString(
    { 'kernels.ts': readFileSync(path, 'utf8') },
    {
      optimizeLevel: 3,
      shrinkLevel: 0,
      runtime: 'stub',
      noAssert: true,
      enable: ['simd'],
      importMemory: true,
      noExportMemory: true,
    },
  );
  if (error || !binary)
    throw new Error(`AssemblyScript compile failed: ${error?.message ?? ''}\n${stderr?.toString()}`);
  return { bytes: binary, version };
}
