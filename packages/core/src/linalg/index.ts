export { choleskyInPlace, choleskySolveInPlace, invertSpd, invertSpdScalar, solveSpd } from './cholesky.js';
export { linalgWasmAvailable } from './invert-wasm.js';
