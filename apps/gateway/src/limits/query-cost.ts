import type { DocumentNode, GraphQLSchema } from 'graphql/index.js';
import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  visit,
} from 'graphql/index.js';
import { type ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';

/** Fields without a declared cost: scalars are free, objects cost one point plus their selections. */
const defaultEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  isLeafType(getNamedType(field.type)) ? 0 : 1 + childComplexity;

/** The declared cost of an operation: per-field costs from the schema, lists scaled by `first`. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    ...(operationName !== undefined ? { operationName } : {}),
    estimators: [fieldExtensionsEstimator(), defaultEstimator],
  });
}

/** Every argument name some field's declared cost reads, or 'any' when that cannot be told. */
type CostArguments = ReadonlySet<string> | 'any';

/**
 * Asks each declared cost function of the schema which arguments it reads, by calling it with arguments
 * that record what is read. A function that looks at anything else than its arguments, its field, its
 * type and its children's cost (the query's syntax, say), or that fails, makes the answer 'any'.
 */
function costArguments(schema: GraphQLSchema): CostArguments {
  const read = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const complexity = field.extensions?.complexity;
      if (typeof complexity !== 'function') continue;
      let opaque = false;
      const args = new Proxy({} as Record<string, unknown>, {
        get: (_t, key) => {
          if (typeof key === 'string') read.add(key);
          return undefined;
        },
        has: () => {
          opaque = true;
          return false;
        },
        ownKeys: () => {
          opaque = true;
          return [];
        },
      });
      const estimatorArgs = new Proxy(
        { args, childComplexity: 0, field, type },
        {
          get: (target, key) => {
            if (key in target) return target[key as keyof typeof target];
            opaque = true;
            return undefined;
          },
        },
      );
      try {
        complexity(estimatorArgs);
      } catch {
        opaque = true;
      }
      if (opaque) return 'any';
    }
  }
  return read;
}

/** The variables a document's cost can depend on: those inside cost arguments and directives (@skip). */
function costVariables(document: DocumentNode, names: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable(v) {
        found.add(v.name.value);
      },
    });
  visit(document, {
    Field(field) {
      for (const arg of field.arguments ?? []) if (names.has(arg.name.value)) collect(arg.value);
    },
    Directive(directive) {
      for (const arg of directive.arguments ?? []) collect(arg.value);
    },
  });
  return [...found].sort();
}

const MAX_COSTS_PER_DOCUMENT = 256;

/**
 * `queryCost` with the answers kept per document (Apollo keeps one parsed document per query text) and
 * per value of the variables the cost can depend on: a recommendations query asked for another customer
 * costs the same, and is not costed again. Only computed costs are kept, never errors.
 */
export class QueryCosts {
  readonly #costArguments: CostArguments;
  readonly #byDocument = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();

  constructor(private readonly schema: GraphQLSchema) {
    this.#costArguments = costArguments(schema);
  }

  cost(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ): number {
    if (this.#costArguments === 'any') return queryCost(this.schema, document, operationName, variables);
    let entry = this.#byDocument.get(document);
    if (entry === undefined) {
      entry = { variables: costVariables(document, this.#costArguments), costs: new Map() };
      this.#byDocument.set(document, entry);
    }
    // JSON escapes U+0000, so the separator cannot occur inside a part; a missing variable is not null.
    const key = [
      operationName ?? '',
      ...entry.variables.map((v) => (v in variables ? JSON.stringify(variables[v]) : '-')),
    ].join('\u0000');
    const known = entry.costs.get(key);
    if (known !== undefined) return known;
    const cost = queryCost(this.schema, document, operationName, variables);
    if (entry.costs.size >= MAX_COSTS_PER_DOCUMENT) entry.costs.clear();
    entry.costs.set(key, cost);
    return cost;
  }
}

export function costTooHigh(cost: number, max: number): GraphQLError {
  return new GraphQLError(`the query costs ${cost} points; at most ${max} are allowed per request`, {
    extensions: { code: 'COST_LIMIT_EXCEEDED', cost, maxCost: max, http: { status: 400 } },
  });
}
