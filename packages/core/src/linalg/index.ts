export { choleskyInPlace, choleskySolveInPlace, invertSpd, solveSpd } from './cholesky.js';
