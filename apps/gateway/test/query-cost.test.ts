import {
  GraphQLBoolean,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { QueryCosts, queryCost } from '../src/limits/query-cost.js';
import { buildGatewaySchema } from '../src/schema/build-schema.js';

/** A schema whose declared costs count their calls: `items` reads `first`, `shelf` reads nothing. */
function countingSchema(readNode = false) {
  const calls = { items: 0 };
  const item = new GraphQLObjectType({
    name: 'Item',
    fields: { sku: { type: GraphQLString, extensions: { complexity: 1 } } },
  });
  const query = new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLList(item),
        args: { first: { type: GraphQLInt }, customerId: { type: GraphQLString } },
        extensions: {
          complexity: (a: { args: { first?: number }; childComplexity: number; node?: unknown }) => {
            calls.items++;
            if (readNode) void a.node;
            return 1 + (a.args.first ?? 1) * a.childComplexity;
          },
        },
      },
      shelf: { type: item, args: { flag: { type: GraphQLBoolean } }, extensions: { complexity: 5 } },
    },
  });
  return { schema: new GraphQLSchema({ query }), calls };
}

const ITEMS = parse(`
  query Items($n: Int, $id: String, $more: Boolean!) {
    items(first: $n, customerId: $id) { sku }
    again: items(first: 2, customerId: $id) @include(if: $more) { sku }
  }
  query Shelf($id: String) { items(first: 3, customerId: $id) { sku } shelf { sku } }
`);

describe('QueryCosts', () => {
  it('equals graphql-query-complexity for every variable value, operation and directive', () => {
    const { schema } = countingSchema();
    const costs = new QueryCosts(schema);
    for (const n of [1, 5, 50, undefined, null]) {
      for (const id of ['c1', 'c2']) {
        for (const more of [true, false]) {
          const vars: Record<string, unknown> = { id, more };
          if (n !== undefined) vars.n = n;
          expect(costs.cost(ITEMS, 'Items', vars)).toBe(queryCost(schema, ITEMS, 'Items', vars));
        }
      }
      expect(costs.cost(ITEMS, 'Shelf', { id: 'c1' })).toBe(queryCost(schema, ITEMS, 'Shelf', { id: 'c1' }));
    }
    // first: 5 with @include: 1 + 5 (items) + 1 + 2 (again) = 9; without: 6.
    expect(costs.cost(ITEMS, 'Items', { n: 5, id: 'c9', more: true })).toBe(9);
    expect(costs.cost(ITEMS, 'Items', { n: 5, id: 'c9', more: false })).toBe(6);
    // items(first: 3) = 1 + 3; shelf = 5 + its sku's 1.
    expect(costs.cost(ITEMS, 'Shelf', { id: 'c9' })).toBe(4 + 6);
  });

  it('costs a document again only when a variable its cost reads changes (not the customer)', () => {
    const { schema, calls } = countingSchema();
    const costs = new QueryCosts(schema);
    costs.cost(ITEMS, 'Items', { n: 5, id: 'c1', more: true });
    const afterFirst = calls.items;
    expect(afterFirst).toBeGreaterThan(0);
    costs.cost(ITEMS, 'Items', { n: 5, id: 'c2', more: true });
    costs.cost(ITEMS, 'Items', { n: 5, id: 'c3', more: true });
    expect(calls.items).toBe(afterFirst);
    costs.cost(ITEMS, 'Items', { n: 6, id: 'c3', more: true });
    expect(calls.items).toBeGreaterThan(afterFirst);
    const afterN = calls.items;
    costs.cost(ITEMS, 'Items', { n: 6, id: 'c3', more: false });
    expect(calls.items).toBeGreaterThan(afterN);
  });

  it('does not keep costs when a declared cost reads more than its arguments', () => {
    const { schema, calls } = countingSchema(true);
    const costs = new QueryCosts(schema);
    const before = calls.items;
    costs.cost(ITEMS, 'Items', { n: 5, id: 'c1', more: true });
    const perCost = calls.items - before;
    expect(perCost).toBe(2);
    costs.cost(ITEMS, 'Items', { n: 5, id: 'c2', more: true });
    expect(calls.items - before).toBe(2 * perCost);
  });

  it('keeps nothing for a bad variable: the error comes every time', () => {
    const { schema } = countingSchema();
    const costs = new QueryCosts(schema);
    for (let i = 0; i < 2; i++) {
      expect(() => costs.cost(ITEMS, 'Items', { n: 'many', id: 'c1', more: true })).toThrow(/\$n/);
    }
  });

  it("on the gateway's schema: recommendations cost 10 + first, whoever the customer", () => {
    const schema = buildGatewaySchema();
    const costs = new QueryCosts(schema);
    const doc = parse(
      'query ($id: String!, $n: PageSize!) { recommendations(customerId: $id, first: $n) { items { sku } } }',
    );
    for (const [id, n] of [
      ['a', 10],
      ['b', 10],
      ['a', 3],
    ] as const) {
      const vars = { id, n };
      expect(costs.cost(doc, undefined, vars)).toBe(queryCost(schema, doc, undefined, vars));
    }
    expect(costs.cost(doc, undefined, { id: 'z', n: 10 })).toBe(
      queryCost(schema, doc, undefined, { id: 'z', n: 10 }),
    );
  });
});

describe("the gateway's declared costs", () => {
  const schema = buildGatewaySchema();
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    queryCost(schema, parse(query), undefined, variables);

  it('prices recommendations as 10 + first x their selection, everywhere they are served', () => {
    // The README's example: items cost 1 plus because's 1, so 10 + 5 x 2.
    expect(
      cost(
        'query ($id: String!) { recommendations(customerId: $id, first: 5) { strategy items { sku title score because { title event } } } }',
        { id: '14078' },
      ),
    ).toBe(20);
    // items of scalars only cost 1 each page: 10 + first.
    expect(cost('{ recommendations(customerId: "c", first: 10) { items { sku } } }')).toBe(20);
    expect(cost('{ customer(id: "c") { recommendations(first: 10) { items { sku item { sku } } } } }')).toBe(
      1 + 10 + 10 * 2,
    );
    expect(cost('{ item(sku: "s") { related(first: 10) { sku item { sku } } } }')).toBe(1 + 10 + 10 * 1);
  });

  it('prices nested related items by their pages: n = m = 100 is over a million points', () => {
    const nested = `query ($n: PageSize!, $m: PageSize!) { recommendations(customerId: "12347", first: $n) {
      items { item { related(first: $m) { sku item { related(first: $m) { sku } } } } } } }`;
    // related(m) { sku } = 10 + m; item = 1 + that; related(m) { sku item } = 10 + m x (11 + m); ...
    const inner = (m: number) => 10 + m * (1 + 10 + m);
    const expected = (n: number, m: number) => 10 + n * (1 + 1 + inner(m));
    expect(cost(nested, { n: 100, m: 100 })).toBe(expected(100, 100));
    expect(expected(100, 100)).toBeGreaterThan(1_000_000);
    expect(cost(nested, { n: 1, m: 1 })).toBe(expected(1, 1));
  });
});
