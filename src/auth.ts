import {
  Kind,
  defaultFieldResolver,
  type GraphQLField,
  type FragmentDefinitionNode,
  type GraphQLFieldMap,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { Authorized, Extensions, type AuthChecker } from 'type-graphql';
import type { Context } from './context';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { SystemRole, UserKind } from './modules/access/access.enums';
import { credentialExpired } from './modules/access/viewer';

/**
 * Who may call a root field. Any authenticated account sees open data and aggregates; finer rules
 * (a group's own cases) are applied by the services, which scope every case query to the caller's
 * groups, with row-level security behind them.
 */
export type AccessRule = 'AUTHENTICATED' | 'PERSON' | SystemRole;

declare module 'graphql' {
  interface GraphQLFieldExtensions<_TSource, _TContext, _TArgs> {
    /** The root field's access rule, from its `@Allow`. */
    allow?: readonly AccessRule[];
  }
}

/**
 * The access rule of a Query, Mutation or Subscription field. The rule travels with the field into
 * the built schema (as its `allow` extension), so it belongs to that one field of that one root type:
 * `Query.wards`, never every field named `wards`. The schema refuses to build when a root field has
 * none, so access is never open by default.
 */
export function Allow(...rules: [AccessRule, ...AccessRule[]]): MethodDecorator {
  const authorized = Authorized<AccessRule>(...rules);
  const extension = Extensions({ allow: rules });
  return (target, key, descriptor) => {
    authorized(target, key, descriptor);
    extension(target, key, descriptor);
  };
}

/**
 * Gives a root field made outside type-graphql (federation's `_entities` and `_service`) an access
 * rule, kept and enforced as `@Allow` keeps and enforces one.
 */
export function allowRootField(field: GraphQLField<unknown, Context>, ...rules: [AccessRule, ...AccessRule[]]): void {
  const resolve = field.resolve ?? defaultFieldResolver;
  field.extensions = { ...field.extensions, allow: rules };
  field.resolve = (source, args, context, info) => {
    enforce(context, rules);
    return resolve(source, args, context, info);
  };
}

function rootTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t) => t != null);
}

/** The rule of every root field of `schema`, keyed `Type.field` (`Query.wards`, `Mutation.openCase`). */
export function accessRules(schema: GraphQLSchema): ReadonlyMap<string, readonly AccessRule[]> {
  const rules = new Map<string, readonly AccessRule[]>();
  for (const type of rootTypes(schema)) {
    for (const field of Object.values(type.getFields())) {
      if (field.extensions.allow) rules.set(`${type.name}.${field.name}`, field.extensions.allow);
    }
  }
  return rules;
}

/** Throws naming every root field without an access rule, as `Type.field`. */
export function assertEveryRootFieldHasARule(schema: GraphQLSchema): void {
  const rules = accessRules(schema);
  const fields = rootTypes(schema).flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`));
  const missing = fields.filter((key) => !rules.has(key));
  if (missing.length) throw new Error(`Root fields without an access rule (add @Allow): ${missing.join(', ')}`);
}

const NO_TOKEN =
  'Sign in: send "Authorization: Bearer <token>" (a JWT for people, an API key for service accounts); ' +
  'over websockets, put it in connectionParams as "authorization".';

/** Throws unless the context's viewer satisfies one of `rules`. */
function enforce(context: Pick<Context, 'viewer' | 'authError'>, rules: readonly AccessRule[]): true {
  if (context.authError) throw context.authError;
  const viewer = context.viewer;
  if (!viewer) throw new UnauthenticatedError(NO_TOKEN);
  // A credential without an expiry never expires, so checking expiresAt first changes nothing.
  const expiresAt = viewer.expiresAt;
  if (expiresAt && credentialExpired(viewer)) {
    throw new UnauthenticatedError(`The token expired at ${expiresAt.toISOString()}; sign in again.`);
  }
  if (rules.includes('AUTHENTICATED')) return true;
  if (rules.includes('PERSON') && viewer.kind === UserKind.PERSON) return true;
  if (rules.some((r) => r !== 'PERSON' && r !== 'AUTHENTICATED' && viewer.roles.includes(r))) return true;
  throw new ForbiddenError(`This needs one of: ${rules.map((r) => (r === 'PERSON' ? 'a personal account' : `the ${r} role`)).join(', ')}.`);
}

/** Evaluates `@Allow` rules per root field; throws the hub's own errors so the formatter shows them as they are. */
export const authChecker: AuthChecker<Context, AccessRule> = ({ context }, rules) => enforce(context, rules);

function rootFields(
  selectionSet: SelectionSetNode,
  fragments: Partial<Record<string, FragmentDefinitionNode>>,
  out: string[] = [],
): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) out.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootFields(selection.selectionSet, fragments, out);
    } else {
      // The query may spread a fragment it never defines; validation reports that, not this.
      const fragment = fragments[selection.name.value];
      if (fragment) rootFields(fragment.selectionSet, fragments, out);
    }
  }
  return out;
}

/**
 * Checks the rules of every root field of an operation before it runs. For a subscription this is
 * what stops the stream from starting at all; for queries and mutations it refuses the whole
 * operation up front rather than field by field. Throws UNAUTHENTICATED or FORBIDDEN.
 */
export function checkOperationAccess(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  context: Pick<Context, 'viewer' | 'authError'>,
): void {
  const fields: Partial<GraphQLFieldMap<unknown, unknown>> = schema.getRootType(operation.operation)?.getFields() ?? {};
  for (const field of rootFields(operation.selectionSet, fragments)) {
    const rules = fields[field]?.extensions.allow;
    if (rules) enforce(context, rules);
  }
}
