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

// Both walks keep their own stack: a value nested thousands of levels deep must not exhaust the call stack.
function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes('\u0000')) return true;
        stack.push(item);
      }
    }
  }
  return false;
}

function literalHoldsNul(node: ValueNode): boolean {
  const stack: ValueNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === Kind.STRING && n.value.includes('\u0000')) return true;
    if (n.kind === Kind.LIST) for (const v of n.values) stack.push(v);
    if (n.kind === Kind.OBJECT) for (const f of n.fields) stack.push(f.value);
  }
  return false;
}
