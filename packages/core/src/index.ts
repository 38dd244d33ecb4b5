/**
 * @storewise/core: pure algorithms on typed arrays. No I/O; runs in Node and browsers.
 * Each area keeps its explicit named exports in its own index.
 */
export { createRng, type Rng } from './random/rng.js';
