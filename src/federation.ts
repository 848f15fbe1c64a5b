import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  Kind,
  isInterfaceType,
  isObjectType,
  parse,
  printSchema,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLFieldMap,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { createResolversMap } from 'type-graphql';
import { allowRootField } from './auth';
import type { Context } from './context';
import type { ReferenceResolver } from './module';

/** The Federation 2 spec the subgraph links, and the one directive it uses from it. */
const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/**
 * The hub's SDL with each type's directives from its decorators (`@Directive('@key(…)')` on an
 * entity), which GraphQL's own printer leaves out; the SDL the hub commits is printed without them.
 */
function sdlWithDirectives(schema: GraphQLSchema): DocumentNode {
  const printed = parse(printSchema(schema));
  const definitions = printed.definitions.map((definition): DefinitionNode => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) return definition;
    const directives = schema.getType(definition.name.value)?.astNode?.directives;
    return directives?.length ? { ...definition, directives: [...(definition.directives ?? []), ...directives] } : definition;
  });
  return { ...printed, definitions: [...parse(FEDERATION_LINK).definitions, ...definitions] };
}

/** `_entities` costs what its selection costs once per representation, as a list of that many would. */
function representationsCost({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const representations: unknown = args.representations;
  return 1 + (Array.isArray(representations) ? representations.length : 1) * childComplexity;
}

/**
 * The hub's schema as an Apollo Federation 2 subgraph: the same types, fields and resolvers (so the
 * same field guards and loaders), plus `_service { sdl }` and `_entities`, which finds each entity
 * through its module's reference resolver. Both federation fields need an authenticated caller, as
 * every root field does, and `_entities` is priced per representation.
 */
export function federate(schema: GraphQLSchema, references: Readonly<Record<string, ReferenceResolver>>): GraphQLSchema {
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [type, resolve] of Object.entries(references)) {
    if (!isObjectType(schema.getType(type))) throw new Error(`A reference resolver names ${type}, which is no object type of the schema.`);
    // @apollo/subgraph reads `__resolveReference` from the type's resolvers and calls it as (reference, context, info).
    const resolveReference = resolve as unknown as GraphQLFieldResolver<unknown, unknown>;
    resolvers[type] = {
      ...(resolvers[type] as Record<string, GraphQLFieldResolver<unknown, unknown>>),
      __resolveReference: resolveReference,
    };
  }
  const subgraph = buildSubgraphSchema([{ typeDefs: sdlWithDirectives(schema), resolvers }]);
  // Built from SDL, the subgraph's fields lack what the decorators put in their extensions: each
  // root field's access rule and each field's cost. They are carried over field by field.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const target = subgraph.getType(type.name);
    if (!target || !(isObjectType(target) || isInterfaceType(target))) continue;
    const fields: Partial<GraphQLFieldMap<unknown, unknown>> = target.getFields();
    for (const field of Object.values(type.getFields())) {
      const copy = fields[field.name];
      if (copy) copy.extensions = { ...copy.extensions, ...field.extensions };
    }
  }
  const query = subgraph.getQueryType();
  if (!query) throw new Error('The subgraph has no query type.');
  const rootFields: Partial<GraphQLFieldMap<unknown, Context>> = query.getFields();
  const entities = rootFields._entities;
  const service = rootFields._service;
  if (!entities || !service) throw new Error('The subgraph lacks _entities or _service: no type has a @key.');
  entities.extensions = { ...entities.extensions, complexity: representationsCost };
  allowRootField(entities, 'AUTHENTICATED');
  allowRootField(service, 'AUTHENTICATED');
  return subgraph;
}
