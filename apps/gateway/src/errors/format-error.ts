import { unwrapResolverError } from '@apollo/server/errors';
import { ContributedClassifierError, ContributedModelError } from '@storewise/engine';
import { StorageInputError } from '@storewise/storage';
import type { GraphQLFormattedError } from 'graphql/index.js';
import { clipMessage } from './clip-message.js';

/** Error codes whose messages the gateway wrote for clients (or graphql-js wrote about the query). */
export const CLIENT_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'COST_LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'MODEL_NOT_TRAINED',
  'JOB_RUNNING',
  'MODEL_PLUGIN_FAILED',
]);

/**
 * The code a client is sent for `error`, whose own code is `code`: a storage input error is
 * BAD_USER_INPUT, a client-facing code stays, anything else is INTERNAL_SERVER_ERROR. `createFormatError`
 * answers by it, and logs and metrics count an operation's outcome by it.
 */
export function clientCode(code: unknown, error: unknown): string {
  if (unwrapResolverError(error) instanceof StorageInputError) return 'BAD_USER_INPUT';
  if (isPluginFailure(unwrapResolverError(error))) return 'MODEL_PLUGIN_FAILED';
  return typeof code === 'string' && CLIENT_ERROR_CODES.has(code) ? code : 'INTERNAL_SERVER_ERROR';
}

/** A contributed recommender's or classifier's failure, its message naming the plugin (the engine's checks). */
function isPluginFailure(error: unknown): error is Error {
  return error instanceof ContributedModelError || error instanceof ContributedClassifierError;
}

/** Extension keys passed to clients; anything else (exceptions, stack traces, SQL) is dropped. */
const CLIENT_EXTENSION_KEYS = ['code', 'reason', 'field', 'problems', 'cost', 'maxCost', 'retryAfterSeconds'];

/** Most entries of `extensions.problems` (each a field and its message) sent back. */
const MAX_PROBLEMS = 20;

export type InternalErrorLogger = (error: unknown, context?: Record<string, unknown>) => void;

/**
 * Builds Apollo's `formatError`: an allowlist. Storage input errors become BAD_USER_INPUT naming the
 * field; errors with a client-facing code keep their message and a few known extension keys; everything
 * else becomes "internal server error" (logged on the server, never shown to the client).
 */
export function createFormatError(logInternal: InternalErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const base = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    const original = unwrapResolverError(error);
    if (original instanceof StorageInputError) {
      return {
        message: clipMessage(original.message),
        ...base,
        extensions: { code: 'BAD_USER_INPUT', field: `${original.where}.${original.field}` },
      };
    }
    // A contributed plugin's model failed (its scores not one finite score per item, or its code threw):
    // the request fails saying which plugin and what, and the server logs it, as an error it must fix.
    if (isPluginFailure(original)) {
      logInternal(original);
      return {
        message: clipMessage(original.message),
        ...base,
        extensions: { code: 'MODEL_PLUGIN_FAILED' },
      };
    }
    const code = clientCode(formatted.extensions?.code, error);
    if (code !== 'INTERNAL_SERVER_ERROR') {
      const extensions: Record<string, unknown> = {};
      for (const key of CLIENT_EXTENSION_KEYS) {
        if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
      }
      if (Array.isArray(extensions.problems))
        extensions.problems = (extensions.problems as { field: string; message: string }[])
          .slice(0, MAX_PROBLEMS)
          .map((p) => ({ field: p.field, message: clipMessage(p.message) }));
      if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
        const field = variableField(formatted.message);
        if (field !== null) extensions.field = field;
      }
      return { message: clipMessage(withoutArmorPrefix(formatted.message)), ...base, extensions };
    }
    logInternal(original);
    return { message: 'internal server error', ...base, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * The field of graphql-js's refusal of a variable's value, as the gateway's own errors name fields:
 * `Variable "$events" got invalid value "1" at "events[0].quantity"; ...` names `events[0].quantity`, a
 * refusal of the whole variable (`Variable "$asOf" of required type ...`) names `asOf`.
 */
function variableField(message: string): string | null {
  const m = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (?:got invalid value .*? at "([^"]+)";)?/s.exec(message);
  if (m === null) return null;
  return m[2] ?? m[1]!;
}

/**
 * graphql-armor words its limits (depth, aliases, directives, structural cost) as "Syntax Error: Query
 * depth limit of 8 exceeded, found 9.", about queries whose syntax is fine: the prefix is dropped. The
 * structural cost found may be any number (724999999992.75, 1e+21).
 */
function withoutArmorPrefix(message: string): string {
  const limit =
    /^Syntax Error: ((Query depth|Aliases|Directives|Query Cost) limit of \d+ exceeded, found \S+\.)$/.exec(
      message,
    );
  return limit ? limit[1]! : message;
}
