export { choleskyInPlace, choleskySolveInPlace, invertSpd, invertSpdScalar, solveSpd } from './cholesky.js';
export { linalgWasmAvailable, type SpdWorkspace, SWEEP_BLOCK, spdWorkspace } from './invert-wasm.js';
