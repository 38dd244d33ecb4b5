export { type ArtifactArray, type DecodedArtifact, decodeArtifact, encodeArtifact } from './artifact.js';
export { fitContext, noProgress, throwIfAborted } from './fit-context.js';
export type { AnyModelPlugin, FitContext, ModelPlugin, ProgressFn } from './model-plugin.js';
export { withDefaults } from './params.js';
export { ModelRegistry } from './registry.js';
