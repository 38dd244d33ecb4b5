export { type ArtifactArray, type DecodedArtifact, decodeArtifact, encodeArtifact } from './artifact.js';
export { fitContext, noProgress, throwIfAborted } from './fit-context.js';
export {
  type AnyModelPlugin,
  type FitContext,
  type ModelPlugin,
  type ProgressFn,
  pluginProblems,
} from './model-plugin.js';
export { ParamError, type ParamRule, type ParamRules, withDefaults } from './params.js';
export { ModelRegistry } from './registry.js';
