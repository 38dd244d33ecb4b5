import { GraphQLError, GraphQLScalarType, Kind } from 'graphql/index.js';

export const MAX_PAGE_SIZE = 100;

function checkPageSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new GraphQLError(
      `first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(value)}`,
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
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
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return checkPageSize(Number(ast.value));
  },
});

export { GraphQLJSONObject as JSONObjectScalar } from 'graphql-scalars';
export { GraphQLISODateTime as DateTimeScalar } from 'type-graphql';
