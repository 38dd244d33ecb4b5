import {
  type DirectiveNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql/index.js';
import type { Scope } from './api-key.js';
import { unauthenticated } from './auth-refusals.js';
import type { Principal } from './authenticator.js';

const META_FIELDS = new Set(['__typename', '__schema', '__type']);

function fieldScopes(extensions: Readonly<Record<string, unknown>> | undefined): string[] | undefined {
  const scopes = extensions?.scopes;
  return Array.isArray(scopes) ? (scopes as string[]) : undefined;
}

function allows(principal: Principal | null, scopes: readonly string[]): boolean {
  if (scopes.includes('public')) return true;
  if (principal === null) return false;
  if (principal.scopes.has('admin')) return true;
  if (principal.customerId !== null && scopes.includes('customer')) return true;
  return scopes.some((s) => principal.scopes.has(s as never));
}

/**
 * An `@include(if: ...)` (include true) or `@skip(if: ...)` (include false) on the field or on a field or
 * inline fragment around it: its value, or the variable that holds it.
 */
interface Condition {
  include: boolean;
  value: boolean | { variable: string };
}

/** A field the operation selects that declares scopes (or is a root field without a declaration). */
interface ScopedField {
  field: string;
  scopes: readonly string[];
  /** The field is asked for when each holds (see Condition). */
  conditions: readonly Condition[];
}

/** The @include / @skip conditions of a node's directives. */
function conditionsOf(node: { readonly directives?: readonly DirectiveNode[] }): Condition[] {
  const out: Condition[] = [];
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'include' && name !== 'skip') continue;
    const arg = directive.arguments?.find((a) => a.name.value === 'if')?.value;
    if (arg?.kind === Kind.BOOLEAN) out.push({ include: name === 'include', value: arg.value });
    else if (arg?.kind === Kind.VARIABLE)
      out.push({ include: name === 'include', value: { variable: arg.name.value } });
  }
  return out;
}

/**
 * Whether the conditions let the field through, given the request's variables and the operations'
 * defaults; a condition whose value cannot be told counts as letting it through (its scope is checked).
 */
function asked(
  field: ScopedField,
  variables: Readonly<Record<string, unknown>>,
  defaults: Map<string, boolean>,
) {
  return field.conditions.every(({ include, value }) => {
    const v =
      typeof value === 'boolean' ? value : (variables[value.variable] ?? defaults.get(value.variable));
    return typeof v !== 'boolean' || v === include;
  });
}

/**
 * The Boolean defaults of the operation's variables (`$explain: Boolean! = false`). Only the operation that
 * runs: another operation of the document may give the same variable another default, and defaults taken
 * from the whole document let `query A($e: Boolean! = true) { customer(...) @include(if: $e) ... }
 * query B($e: Boolean! = false) { ... }` run A with its field unchecked.
 */
function booleanDefaults(operation: OperationDefinitionNode): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const v of operation.variableDefinitions ?? [])
    if (v.defaultValue?.kind === Kind.BOOLEAN) out.set(v.variable.name.value, v.defaultValue.value);
  return out;
}

/**
 * The scoped fields of each document, worked out once: Apollo keeps one parsed and validated document per
 * query text, so repeated queries skip the walk over the document and the schema.
 */
const scopedFieldsOf = new WeakMap<
  GraphQLSchema,
  WeakMap<DocumentNode, WeakMap<OperationDefinitionNode, readonly ScopedField[]>>
>();

/** The scoped fields of `operation` (one of `document`'s) and of every fragment of the document. */
function scopedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): readonly ScopedField[] {
  let ofSchema = scopedFieldsOf.get(schema);
  if (ofSchema === undefined) {
    ofSchema = new WeakMap();
    scopedFieldsOf.set(schema, ofSchema);
  }
  let ofDocument = ofSchema.get(document);
  if (ofDocument === undefined) {
    ofDocument = new WeakMap();
    ofSchema.set(document, ofDocument);
  }
  const known = ofDocument.get(operation);
  if (known !== undefined) return known;
  // The operation that runs and the fragments it may spread; another operation's fields do not run.
  const walked: DocumentNode = {
    ...document,
    definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION),
  };
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const typeInfo = new TypeInfo(schema);
  const found: ScopedField[] = [];
  // The conditions of the fields and inline fragments being walked, innermost last. (A named fragment's
  // fields are walked where it is defined, without the conditions of its spreads: they are checked.)
  const around: Condition[][] = [];
  visit(
    walked,
    visitWithTypeInfo(typeInfo, {
      InlineFragment: {
        enter: (node) => void around.push(conditionsOf(node)),
        leave: () => void around.pop(),
      },
      Field: {
        enter(node) {
          around.push(conditionsOf(node));
          if (META_FIELDS.has(node.name.value)) return;
          const def = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          if (!def || !parent) return;
          const isRoot = isObjectType(parent) && rootTypes.has(getNamedType(parent) as never);
          // A type's declaration (Customer: read) guards each of its fields that declares none, so no path
          // from a write or storefront root field reaches its data through a parent that lets them in.
          const scopes = fieldScopes(def.extensions) ?? (isRoot ? ['admin'] : fieldScopes(parent.extensions));
          if (scopes !== undefined)
            found.push({ field: `${parent.name}.${def.name}`, scopes, conditions: around.flat() });
        },
        leave: () => void around.pop(),
      },
    }),
  );
  ofDocument.set(operation, found);
  return found;
}

/**
 * Checks every field an operation selects against the scopes declared on the schema (see `Access`).
 * Root fields without a declaration are admin-only; other fields without one take their type's, if any.
 * Throws 401 UNAUTHENTICATED when a request without a key asks for more than public fields, 403 FORBIDDEN
 * when a key lacks a scope.
 */
export function checkScopes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  principal: Principal | null,
  variables: Readonly<Record<string, unknown>> = {},
): void {
  let defaults: Map<string, boolean> | null = null;
  for (const field of scopedFields(schema, document, operation)) {
    // A field left out by @include / @skip is not asked for (the SDK asks for `because` only with $explain).
    if (field.conditions.length > 0 && !asked(field, variables, (defaults ??= booleanDefaults(operation))))
      continue;
    requireScopes(principal, field.field, field.scopes);
  }
}

/**
 * Throws the error `checkScopes` gives when `principal` has none of `scopes` for `field`. Resolvers call
 * it for what the schema cannot declare: an argument's value that only some scopes may send.
 */
export function requireScopes(principal: Principal | null, field: string, scopes: readonly string[]): void {
  if (allows(principal, scopes)) return;
  throw principal === null
    ? unauthenticated(`an API key is required for ${field}`, 'API_KEY_MISSING', 'authorization')
    : new GraphQLError(
        `this API key lacks the scope for ${field} (needs one of: ${scopes.map(scopeName).join(', ')})`,
        {
          extensions: { code: 'FORBIDDEN', field, http: { status: 403 } },
        },
      );
}

/** A scope as the refusal names it: 'customer' is not a key's scope but a token beside the key. */
function scopeName(scope: string): string {
  return scope === 'customer' ? 'a customer token (X-Storewise-Customer-Token) for this customer' : scope;
}

/**
 * Whether `principal` may act on `customerId`'s data: a key with one of the `anyCustomer` scopes (admin
 * included), or a key with a customer token naming that customer (a storefront showing the customer who is
 * logged in).
 */
export function maySeeCustomer(
  principal: Principal | null,
  customerId: string | null,
  anyCustomer: readonly Scope[] = ['read'],
): boolean {
  if (principal === null) return false;
  if (principal.scopes.has('admin') || anyCustomer.some((s) => principal.scopes.has(s))) return true;
  return principal.customerId !== null && principal.customerId === customerId;
}

/**
 * For what tells a customer's history (`because`, excludeBought, excludeSeen) about `customerId`, or acts
 * for them (`offerFor`): a key with one of the `anyCustomer` scopes, or a key with a customer token naming
 * that customer. Throws FORBIDDEN otherwise, naming `field`.
 */
export function requireCustomerData(
  principal: Principal | null,
  field: string,
  customerId: string | null,
  anyCustomer: readonly Scope[] = ['read'],
): void {
  requireScopes(principal, field, [...anyCustomer, 'customer']);
  if (maySeeCustomer(principal, customerId, anyCustomer)) return;
  // Data of no customer (related items' explanations): a token opens none of it.
  const why =
    customerId === null
      ? `${field} here is of no customer, which a customer token does not open`
      : `the customer token names another customer: ${field} is for the token's own customer only`;
  throw new GraphQLError(`${why} (or a key with the ${anyCustomer.join(' or ')} scope)`, {
    extensions: { code: 'FORBIDDEN', field, http: { status: 403 } },
  });
}
