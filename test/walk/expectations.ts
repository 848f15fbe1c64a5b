import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { accessRules, type AccessRule } from '../../src/auth';
import { MyKindRolesAndGroupsDocument } from '../generated/graphql';
import { CALLERS, type Body, type Caller, type Callers } from '../support/callers';
import { isRecord } from '../support/narrow';
import { objectFieldsIn, type Samples, type Step } from '../support/walk';

/**
 * What each kind of caller must get from each root field, read from the access rules (`@Allow`) and
 * the README's "Who sees what" table, shared by the walks over HTTP and over graphql-ws.
 */

/**
 * Groups of seeds/data/tasking.json that both the north chair and member belong to: the North Joint
 * Tasking Group (cases, actions, meetings) and the North Neighbourhood Meeting (residents' issues).
 */
export const NORTH_JTG = 1;
export const NORTH_NEIGHBOURHOOD_MEETING = 2;

/**
 * Sample arguments: seeded things in the North groups' care where a root field names one, and plain
 * values for the rest. `first` keeps lists short so that deep paths stay under the cost limit.
 */
export const SAMPLES: Samples = {
  'Query.ward.code': 'E05013010',
  'Query.lsoa.code': 'E01007604',
  'Query.locality.name': 'North',
  'Query.case.id': '6',
  'Query.meeting.id': '8',
  'Query.cases.groupId': String(NORTH_JTG),
  'Query.meetings.groupId': String(NORTH_JTG),
  'Query.neighbourhoodIssues.groupId': String(NORTH_NEIGHBOURHOOD_MEETING),
  'Query.repeatCases.windowDays': 90,
  'Query.taskingGroupUpdatesCursor.locality': 'North',
  'Subscription.taskingGroupUpdates.locality': 'North',
  purpose: 'Checking every field answers (schema walk)',
  first: 3,
};

/**
 * Root fields that read one group's cases, actions, meetings or issues, or the live updates of a
 * locality's groups (the README's "a group's cases, actions, meetings, issues" column): only the
 * group's members see them, everyone else signed in gets FORBIDDEN. The samples above point each
 * at a North group the north chair and member belong to.
 */
const GROUP_DATA_ROOTS: Partial<Record<string, number>> = {
  'Query.case': NORTH_JTG,
  'Query.cases': NORTH_JTG,
  'Query.meeting': NORTH_JTG,
  'Query.meetings': NORTH_JTG,
  'Query.neighbourhoodIssues': NORTH_NEIGHBOURHOOD_MEETING,
  'Query.taskingGroupUpdatesCursor': NORTH_JTG,
  'Subscription.taskingGroupUpdates': NORTH_JTG,
};

/**
 * Fields below the root that the README restricts further; where the object is not the caller's,
 * the field answers FORBIDDEN: a group's members are shown to its members and admins, an account's
 * memberships to the account itself and admins.
 */
const RESTRICTED_FIELDS: Partial<Record<string, (caller: Caller) => boolean>> = {
  'TaskingGroup.members': (caller) => caller !== 'admin',
  'User.memberships': (caller) => caller !== 'admin',
};

interface Who {
  kind: string;
  roles: string[];
  groupIds: number[];
}

/** Whether a caller passes a root field's `@Allow` rules, as the README's "Who sees what" table states them. */
function passes(rules: readonly AccessRule[], w: Who): boolean {
  return rules.some((r) => r === 'AUTHENTICATED' || (r === 'PERSON' ? w.kind === 'PERSON' : w.roles.includes(r)));
}

function errorSummary(body: Body): string {
  return (body.errors ?? []).map((e) => `${String(e.extensions?.code)} at ${JSON.stringify(e.path)}: ${e.message}`).join('\n  ');
}

/** Object fields a selection of `path` ending in `type` touches: the path's own fields and the full selection's. */
function fieldsTouched(path: Step[], type: GraphQLObjectType): string[] {
  return [...path.map((s) => `${s.parent.name}.${s.field.name}`), ...objectFieldsIn(type)];
}

export class Expectations {
  private readonly who = new Map<Caller, Who>();

  /** `schema` gives the hub's schema, whose root fields carry their access rules. */
  constructor(private readonly schema: () => GraphQLSchema) {}

  /** Asks the hub who each caller is (`me`), and checks the seeded callers are what the README says. */
  async learn(callers: Callers): Promise<void> {
    for (const caller of CALLERS) {
      if (caller === 'unauthenticated') continue;
      const me = await callers.gql(caller, MyKindRolesAndGroupsDocument, {});
      if (me.errors?.length || !me.data) throw new Error(`${caller}: ${errorSummary(me)}`);
      const m = me.data.me;
      this.who.set(caller, { kind: m.kind, roles: m.roles, groupIds: m.memberships.map((x) => Number(x.group.id)) });
    }
    for (const group of [NORTH_JTG, NORTH_NEIGHBOURHOOD_MEETING]) {
      expect(this.who.get('northChair')!.groupIds).toContain(group);
      expect(this.who.get('northMember')!.groupIds).toContain(group);
      expect(this.who.get('centralChair')!.groupIds).not.toContain(group);
    }
    expect(this.who.get('dashboard')!.kind).toBe('SERVICE');
    expect(this.who.get('admin')!.roles).toContain('ADMIN');
  }

  /** The error a caller must get at a root field (`Query.cases`), or null when it must get data. */
  rootOutcome(caller: Caller, root: string): 'UNAUTHENTICATED' | 'FORBIDDEN' | null {
    if (caller === 'unauthenticated') return 'UNAUTHENTICATED';
    const rules = accessRules(this.schema()).get(root);
    if (!rules) throw new Error(`The root field ${root} has no access rule`);
    const w = this.who.get(caller);
    if (!w) throw new Error('Expectations.learn() has not run');
    if (!passes(rules, w)) return 'FORBIDDEN';
    const group = GROUP_DATA_ROOTS[root];
    if (group !== undefined && !w.groupIds.includes(group)) return 'FORBIDDEN';
    return null;
  }

  /** The caller who must see the most: a North group member where the root allows one, else whoever the rules allow. */
  referenceCaller(root: string): Caller | undefined {
    return (['northChair', 'admin', 'analyst', 'dashboard', 'northMember', 'centralChair'] as const).find(
      (c) => this.rootOutcome(c, root) === null,
    );
  }

  /**
   * What is wrong with a caller's answer: it must be the root error alone, or data with no errors
   * but FORBIDDEN on restricted fields (only on those, and only for callers they are restricted for).
   */
  check(caller: Caller, path: Step[], type: GraphQLObjectType, body: Body): string[] {
    const problems: string[] = [];
    const root = path[0].field.name;
    const expected = this.rootOutcome(caller, `${path[0].parent.name}.${root}`);
    const codes = [...new Set((body.errors ?? []).map((e) => String(e.extensions?.code)))];
    if (expected) {
      if (codes.length !== 1 || codes[0] !== expected)
        problems.push(`expected only ${expected}, got:\n  ${errorSummary(body) || 'no error'}`);
      if (isRecord(body.data) && body.data[root] != null) problems.push(`expected no data at ${root} along with ${expected}`);
      return problems;
    }
    const restricted = fieldsTouched(path, type).filter((f) => RESTRICTED_FIELDS[f]?.(caller));
    for (const e of body.errors ?? []) {
      const at = e.path ?? [];
      const field = [...at].reverse().find((p): p is string => typeof p === 'string');
      const allowed = e.extensions?.code === 'FORBIDDEN' && restricted.some((r) => r.endsWith(`.${field}`));
      if (!allowed) problems.push(`unexpected error ${String(e.extensions?.code)} at ${JSON.stringify(at)}: ${e.message}`);
    }
    if (!restricted.length && body.data == null) problems.push('no data and no documented reason');
    return problems;
  }
}
