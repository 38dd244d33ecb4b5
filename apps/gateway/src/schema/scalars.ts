import { parseIsoDateTime } from '@storewise/engine';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql/index.js';
import { GraphQLISODateTime } from 'type-graphql';

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

function parseDateTime(value: unknown, node?: ValueNode): Date {
  const date = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
  if (date === undefined)
    throw new GraphQLError(
      // graphql-js puts the value before it ('Variable "$asOf" got invalid value "x"; ...').
      'expected a date such as 2011-12-01 (midnight UTC) or a date-time such as 2011-12-01T10:00:00Z',
      { ...(node ? { nodes: node } : {}), extensions: { code: 'BAD_USER_INPUT' } },
    );
  return date;
}

/**
 * type-graphql's DateTimeISO (the same name and output) that also takes a date alone, as every `--as-of`
 * of the CLI does: `asOf: "2011-12-01"` is that day's midnight UTC; a date-time without a zone is UTC.
 */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTimeISO',
  description:
    'A date-time at UTC, such as 2007-12-03T10:15:30Z (RFC 3339), returned as ISO 8601 text. As input it also takes a date alone, such as 2007-12-03 (midnight UTC), and a date-time without a zone, read as UTC.',
  serialize: (value) => GraphQLISODateTime.serialize(value),
  parseValue: (value) => parseDateTime(value),
  parseLiteral(ast) {
    return parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined, ast);
  },
});
