import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql/index.js';
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
  return scopes.some((s) => principal.scopes.has(s as never));
}

/**
 * Checks every field an operation selects against the scopes declared on the schema (see `Access`).
 * Root fields without a declaration are admin-only. Throws 401 UNAUTHENTICATED when a request without a
 * key asks for more than public fields, 403 FORBIDDEN when a key lacks a scope.
 */
export function checkScopes(
  schema: GraphQLSchema,
  document: DocumentNode,
  principal: Principal | null,
): void {
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const typeInfo = new TypeInfo(schema);
  let refusal: GraphQLError | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (refusal !== null || META_FIELDS.has(node.name.value)) return;
        const def = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!def || !parent) return;
        const declared = fieldScopes(def.extensions);
        const isRoot = isObjectType(parent) && rootTypes.has(getNamedType(parent) as never);
        const scopes = declared ?? (isRoot ? ['admin'] : undefined);
        if (scopes === undefined || allows(principal, scopes)) return;
        const field = `${parent.name}.${def.name}`;
        refusal =
          principal === null
            ? new GraphQLError(`an API key is required for ${field}`, {
                extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
              })
            : new GraphQLError(
                `this API key lacks the scope for ${field} (needs one of: ${scopes.join(', ')})`,
                {
                  extensions: { code: 'FORBIDDEN', field, http: { status: 403 } },
                },
              );
      },
    }),
  );
  if (refusal !== null) throw refusal;
}
