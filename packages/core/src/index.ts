/**
 * @storewise/core: pure algorithms on typed arrays. No I/O; runs in Node and browsers.
 * Each area keeps its explicit named exports in its own index; this file lists the areas.
 */
export * from './campaigns/index.js';
export * from './customers/index.js';
export * from './forecast/index.js';
export * from './linalg/index.js';
export * from './optimize/index.js';
export * from './plugin/index.js';
export * from './propensity/index.js';
export { createRng, type Rng } from './random/rng.js';
export * from './recs/index.js';
export * from './tabular/index.js';
