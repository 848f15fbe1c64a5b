import {
  Kind,
  isObjectType,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { Authorized, type AuthChecker } from 'type-graphql';
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

const ruled = new Map<string, readonly AccessRule[]>();

/**
 * The access rule of a Query, Mutation or Subscription field; the method name must be the field
 * name. The schema refuses to build when a root field has none, so access is never open by default.
 */
export function Allow(...rules: [AccessRule, ...AccessRule[]]): MethodDecorator {
  const authorized = Authorized<AccessRule>(...rules);
  return (target, key, descriptor) => {
    ruled.set(String(key), rules);
    authorized(target, key, descriptor);
  };
}

/** The rule declared for each root field name. */
export function accessRules(): ReadonlyMap<string, readonly AccessRule[]> {
  return ruled;
}

/** Throws naming every root field without an access rule. */
export function assertEveryRootFieldHasARule(schema: GraphQLSchema): void {
  const missing: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type || !isObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) if (!ruled.has(field)) missing.push(`${type.name}.${field}`);
  }
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
  if (credentialExpired(viewer)) {
    throw new UnauthenticatedError(`The token expired at ${viewer.expiresAt!.toISOString()}; sign in again.`);
  }
  if (rules.includes('AUTHENTICATED')) return true;
  if (rules.includes('PERSON') && viewer.kind === UserKind.PERSON) return true;
  if (rules.some((r) => r !== 'PERSON' && r !== 'AUTHENTICATED' && viewer.roles.includes(r))) return true;
  throw new ForbiddenError(`This needs one of: ${rules.map((r) => (r === 'PERSON' ? 'a personal account' : `the ${r} role`)).join(', ')}.`);
}

/** Evaluates `@Allow` rules per root field; throws the hub's own errors so the formatter shows them as they are. */
export const authChecker: AuthChecker<Context, AccessRule> = ({ context }, rules) => enforce(context, rules);

function rootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, out: string[] = []): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) out.push(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootFields(selection.selectionSet, fragments, out);
    } else if (fragments[selection.name.value]) {
      rootFields(fragments[selection.name.value].selectionSet, fragments, out);
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
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  context: Pick<Context, 'viewer' | 'authError'>,
): void {
  for (const field of rootFields(operation.selectionSet, fragments)) {
    const rules = ruled.get(field);
    if (rules) enforce(context, rules);
  }
}
