import { registerEnumType } from 'type-graphql';

/** Whether an account is a person (signs in with a JWT) or a service (uses an API key). */
export enum UserKind {
  PERSON = 'PERSON',
  SERVICE = 'SERVICE',
}

/** Roles that hold across the hub; roles in a tasking group are `GroupRole`. */
export enum SystemRole {
  ANALYST = 'ANALYST',
  PARTNER_DASHBOARD = 'PARTNER_DASHBOARD',
  ADMIN = 'ADMIN',
}

/** A member's role in one tasking group. */
export enum GroupRole {
  CHAIR = 'CHAIR',
  MEMBER = 'MEMBER',
}

registerEnumType(UserKind, {
  name: 'UserKind',
  description: 'Whether an account is a person or a service account.',
  valuesConfig: {
    PERSON: { description: 'A person, who signs in with a token from the identity provider.' },
    SERVICE: { description: 'A service account, e.g. a partner dashboard, which uses an API key.' },
  },
});

registerEnumType(SystemRole, {
  name: 'SystemRole',
  description: 'A role that holds across the hub, whatever groups the account belongs to.',
  valuesConfig: {
    ANALYST: { description: 'Explores the open data and case aggregates, e.g. in GraphiQL.' },
    PARTNER_DASHBOARD: { description: 'A partner dashboard: open data and case aggregates only.' },
    ADMIN: { description: 'Manages accounts, memberships and API keys, and reads the audit trail.' },
  },
});

registerEnumType(GroupRole, {
  name: 'GroupRole',
  description: "A member's role in a tasking group.",
  valuesConfig: {
    CHAIR: { description: 'Chairs the group: may also close cases, schedule meetings and record decisions.' },
    MEMBER: { description: "Works the group's cases: may open and update cases and actions." },
  },
});
