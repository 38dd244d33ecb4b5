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

/** A field the operation selects that declares scopes (or is a root field without a declaration). */
interface ScopedField {
  field: string;
  scopes: readonly string[];
}

/**
 * The scoped fields of each document, worked out once: Apollo keeps one parsed and validated document per
 * query text, so repeated queries skip the walk over the document and the schema.
 */
const scopedFieldsOf = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly ScopedField[]>>();

function scopedFields(schema: GraphQLSchema, document: DocumentNode): readonly ScopedField[] {
  let ofSchema = scopedFieldsOf.get(schema);
  if (ofSchema === undefined) {
    ofSchema = new WeakMap();
    scopedFieldsOf.set(schema, ofSchema);
  }
  const known = ofSchema.get(document);
  if (known !== undefined) return known;
  const rootTypes = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const typeInfo = new TypeInfo(schema);
  const found: ScopedField[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (META_FIELDS.has(node.name.value)) return;
        const def = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!def || !parent) return;
        const isRoot = isObjectType(parent) && rootTypes.has(getNamedType(parent) as never);
        // A type's declaration (Customer: read) guards each of its fields that declares none, so no path
        // from a write or storefront root field reaches its data through a parent that lets them in.
        const scopes = fieldScopes(def.extensions) ?? (isRoot ? ['admin'] : fieldScopes(parent.extensions));
        if (scopes !== undefined) found.push({ field: `${parent.name}.${def.name}`, scopes });
      },
    }),
  );
  ofSchema.set(document, found);
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
  principal: Principal | null,
): void {
  for (const { field, scopes } of scopedFields(schema, document)) {
    if (allows(principal, scopes)) continue;
    throw principal === null
      ? new GraphQLError(`an API key is required for ${field}`, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        })
      : new GraphQLError(`this API key lacks the scope for ${field} (needs one of: ${scopes.join(', ')})`, {
          extensions: { code: 'FORBIDDEN', field, http: { status: 403 } },
        });
  }
}
