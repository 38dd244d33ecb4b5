import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  getNullableType,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql/index.js';

interface Place {
  /** Where the value is in the field's arguments, as the gateway's own errors name fields: `rules.allow[0]`. */
  field: string;
  type: GraphQLInputType;
}

/**
 * graphql-js refuses a literal of the wrong type by its scalar's words alone (`customerId: 14078` is
 * "String cannot represent a non string value: 14078"), which names neither the argument nor what it takes.
 * This plugin prefixes such a refusal of a field argument's literal (or of a value inside it) with the
 * argument's path and type, and names the path in `extensions.field`, as the gateway names the field of a
 * refused variable: "customerId must be a String!: String cannot represent a non string value: 14078".
 * A refusal that already names its field (the page-size scalar's) is left as it is.
 */
export function literalErrorsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async validationDidStart({ schema, document }) {
          // Apollo answers with the very array the rules filled (each wrapped as a validation error):
          // its entries are replaced, never the errors themselves changed.
          return async (errors?: ReadonlyArray<Error>) => {
            if (errors === undefined || errors.length === 0) return;
            const places = argumentPlaces(schema, document);
            const list = errors as Error[];
            list.forEach((error, i) => {
              if (!(error instanceof GraphQLError) || error.extensions?.field !== undefined) return;
              const place = places.get(error.nodes?.[0] as ValueNode);
              if (place === undefined) return;
              list[i] = new GraphQLError(`${place.field} must be a ${String(place.type)}: ${error.message}`, {
                nodes: error.nodes ?? null,
                originalError: error.originalError ?? null,
                extensions: { ...error.extensions, field: place.field },
              });
            });
          };
        },
      };
    },
  };
}

/** Every value node of the document's field arguments, with its path and expected type. */
function argumentPlaces(schema: GraphQLSchema, document: DocumentNode): Map<ValueNode, Place> {
  const places = new Map<ValueNode, Place>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const arg = typeInfo.getArgument();
        if (arg != null && typeInfo.getDirective() == null)
          place(node.value, arg.type, node.name.value, places);
      },
    }),
  );
  return places;
}

function place(node: ValueNode, type: GraphQLInputType, field: string, places: Map<ValueNode, Place>): void {
  // A walk of its own stack: a literal nested thousands of levels deep must not exhaust the call stack.
  const stack: [ValueNode, GraphQLInputType, string][] = [[node, type, field]];
  while (stack.length > 0) {
    const [n, t, f] = stack.pop()!;
    places.set(n, { field: f, type: t });
    const inner = getNullableType(t);
    if (n.kind === Kind.LIST && isListType(inner))
      n.values.forEach((v, i) => {
        stack.push([v, inner.ofType, `${f}[${i}]`]);
      });
    if (n.kind === Kind.OBJECT && isInputObjectType(inner)) {
      const fields = inner.getFields();
      for (const member of n.fields) {
        const def = fields[member.name.value];
        if (def !== undefined) stack.push([member.value, def.type, `${f}.${member.name.value}`]);
      }
    }
  }
}
