import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from 'graphql/index.js';

/**
 * Refuses an operation whose variables, variable defaults or argument literals hold U+0000 anywhere
 * (PostgreSQL can neither store nor look up such text): the client's error (400), naming the variable or
 * argument, instead of a failed query reported as an internal error. A default is a literal of the
 * document, not a variable sent, so it is checked with the arguments.
 */
export function refuseNulInput(document: DocumentNode, variables: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(variables))
    if (holdsNul(value)) throw nulError(`variable $${name}`);
  visit(document, {
    VariableDefinition(node) {
      if (node.defaultValue !== undefined && literalHoldsNul(node.defaultValue))
        throw nulError(`the default value of variable $${node.variable.name.value}`);
    },
    Argument(node) {
      if (literalHoldsNul(node.value)) throw nulError(`argument ${node.name.value}`);
    },
  });
}

function nulError(what: string): GraphQLError {
  return new GraphQLError(`${what} holds a NUL character (U+0000), which Storewise cannot store or look up`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([key, v]) => key.includes('\u0000') || holdsNul(v));
  return false;
}

function literalHoldsNul(node: ValueNode): boolean {
  if (node.kind === Kind.STRING) return node.value.includes('\u0000');
  if (node.kind === Kind.LIST) return node.values.some(literalHoldsNul);
  if (node.kind === Kind.OBJECT) return node.fields.some((f) => literalHoldsNul(f.value));
  return false;
}
