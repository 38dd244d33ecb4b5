import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql/index.js';

export const MAX_PAGE_SIZE = 100;

/**
 * A scalar cannot know which field's argument it is: a literal's error carries its node (so `locations`
 * point at the very `first` of the document) and names the argument in `extensions.field`; a variable's
 * is reported by graphql-js with the variable's name.
 */
function checkPageSize(value: unknown, node?: ValueNode): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new GraphQLError(
      `first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(value)}`,
      { ...(node ? { nodes: node } : {}), extensions: { code: 'BAD_USER_INPUT', field: 'first' } },
    );
  }
  return value;
}

/**
 * How many list entries to return: an integer from 1 to 100. Every list field takes one as a required
 * `first` argument (GitHub-style), so no query can ask for an unbounded list.
 */
export const PageSizeScalar = new GraphQLScalarType({
  name: 'PageSize',
  description: `An integer from 1 to ${MAX_PAGE_SIZE}: how many entries a list field returns.`,
  serialize: (value) => checkPageSize(value),
  parseValue: (value) => checkPageSize(value),
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) {
      throw new GraphQLError(`first must be an integer from 1 to ${MAX_PAGE_SIZE}`, {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      });
    }
    return checkPageSize(Number(ast.value), ast);
  },
});

export { GraphQLJSONObject as JSONObjectScalar } from 'graphql-scalars';
export { GraphQLISODateTime as DateTimeScalar } from 'type-graphql';
