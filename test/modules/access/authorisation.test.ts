import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  isInputObjectType,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client } from 'graphql-ws';
import { accessRules, assertEveryRootFieldHasARule } from '../../../src/auth';
import { generateApiKey } from '../../../src/modules/access/api-keys';
import {
  CaseActionsPeopleDocument,
  CasePeopleDocument,
  CasesPeopleDocument,
  CreateApiKeyDocument,
  EarlierCasesPeopleDocument,
  GroupUpdatesCaseAndActionPeopleDocument,
  LocalityGroupsMemberRolesDocument,
  MatrixAddCaseNoteDocument,
  MatrixApiKeysDocument,
  MatrixAssignActionDocument,
  MatrixAuditEntriesDocument,
  MatrixAuditExportDocument,
  MatrixCaseDocument,
  MatrixCasesDocument,
  MatrixCaseSummaryDocument,
  MatrixChangeCaseStatusDocument,
  MatrixCloseCaseDocument,
  MatrixCreateApiKeyDocument,
  MatrixGrantMembershipDocument,
  MatrixLsoaDocument,
  MatrixMeetingDocument,
  MatrixMeetingsDocument,
  MatrixNeighbourhoodIssuesDocument,
  MatrixOpenCaseDocument,
  MatrixOverdueActionsDocument,
  MatrixRaiseNeighbourhoodIssueDocument,
  MatrixRecordAttendanceDocument,
  MatrixRecordDecisionDocument,
  MatrixRepeatCasesDocument,
  MatrixRespondToNeighbourhoodIssueDocument,
  MatrixRevokeApiKeyDocument,
  MatrixRevokeMembershipDocument,
  MatrixScheduleMeetingDocument,
  MatrixUpdateActionDocument,
  MatrixUpdateCaseDocument,
  MatrixWardDocument,
  MatrixWardsDocument,
  MeetingCasesPeopleDocument,
  MyGroupsMembersDocument,
  MyKindAndRolesDocument,
  MyNameDocument,
  OpenAggregatesDocument,
  OpenCaseIdDocument,
  RevokeApiKeyDocument,
  TaskingGroupIdsDocument,
  TaskingGroupsAgenciesDocument,
  TaskingGroupsMembersDocument,
  type OpenAggregatesQuery,
} from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { tokenFor } from '../../support/auth';
import { CALLERS, Callers, DASHBOARD_USER_ID, type Body, type Caller } from '../../support/callers';
import { isRecord } from '../../support/narrow';
import { collect, socketClient } from '../../support/ws';

/**
 * The authorisation matrix: every root field that takes an id, for every kind of caller, against a
 * target in the North Joint Tasking Group (the north people's own group) and one in another group.
 * Expectations are data (rules below), checked against what the running hub answers.
 */

// The overdue job would otherwise tick every minute and change seeded actions under the snapshots.
const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });

// ---------------------------------------------------------------------------------------------
// Seeded ids (seeds/data/tasking.json, loaded in file order)

const GROUP = { NJTG: 1, NNM: 2, CJTG: 4, CNM: 5 } as const;
const USER = { northChair: 1, northPolice: 5, centralChair: 6, analyst: 18, admin: 19, dashboard: 20, housingDashboard: 21 } as const;
/** OPEN cases to copy for fixtures, and ones used as read targets. */
const CASE = { north: 6, central: 15 } as const;
/** Past meetings (decisions) and future ones (attendance) of NJTG and CJTG. */
const MEETING = { northPast: 8, centralPast: 31, northNext: 9, centralNext: 32 } as const;
const WARD = { north: 'E05012999', central: 'E05013004' } as const; // Dalton & Thrybergh (North), Keppel (Central)
const LSOA = { north: 'E01007718', central: 'E01007669' } as const;
const LOCALITY = { north: 1, central: 2 } as const;
const MISSING = '999999';

/** The kinds of caller (support/callers.ts): signed-in roles, the dashboard's API key, and no credentials. */
const ROLES = CALLERS;
type Role = Caller;

type Target = 'north' | 'other';
type Outcome = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';
type Rule = (role: Role, target: Target) => Outcome;

// ---------------------------------------------------------------------------------------------
// The rules, as the README's "Who sees what" table states them

/** Members of the owning group (chair or member); another group's member, analysts, the dashboard and admins are refused. */
const members: Rule = (role, target) =>
  role === 'unauthenticated'
    ? 'UNAUTHENTICATED'
    : (target === 'north' ? ['northChair', 'northMember'] : ['centralChair']).includes(role)
      ? 'ALLOWED'
      : 'FORBIDDEN';
/** The chair of the owning group only: a plain member is refused too. */
const chairs: Rule = (role, target) =>
  role === 'unauthenticated' ? 'UNAUTHENTICATED' : role === (target === 'north' ? 'northChair' : 'centralChair') ? 'ALLOWED' : 'FORBIDDEN';
const admins: Rule = (role) => (role === 'unauthenticated' ? 'UNAUTHENTICATED' : role === 'admin' ? 'ALLOWED' : 'FORBIDDEN');
const everyone: Rule = (role) => (role === 'unauthenticated' ? 'UNAUTHENTICATED' : 'ALLOWED');

// ---------------------------------------------------------------------------------------------
// Callers

const callers = new Callers(hub);

/** The row's outcome, or what was wrong with an answer that is none of them. */
function outcomeOf(body: Body, field: string): string {
  if (!body.errors?.length) return isRecord(body.data) && body.data[field] != null ? 'ALLOWED' : 'NO DATA AND NO ERROR';
  return [...new Set(body.errors.map((e) => String(e.extensions?.code)))].join('+');
}

// ---------------------------------------------------------------------------------------------
// Fixtures, made as the owner so that every row of the matrix gets a target of its own

let serial = 0;
const unique = (what: string) => `${what}-${process.pid}-${(serial += 1)}`;
const today = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await hub.ownerSql<T>(sql, params);
  return row;
}

/** A new OPEN case, version 1, copied from a seeded case of the same group. */
async function newCase(from: number): Promise<string> {
  const ref = unique('FIX');
  const row = await one<{ id: number }>(
    `insert into tasking_case (reference, group_id, title, category, ward_code, lsoa_code, location, place_key, risk_level,
                               lead_agency_id, status, version, opened_at, updated_at, created_by_id)
     select $1, group_id, title, category, ward_code, lsoa_code, location, $1, risk_level, lead_agency_id, 'OPEN', 1, now(), now(), created_by_id
       from tasking_case where id = $2 returning id`,
    [ref, from],
  );
  return String(row.id);
}

async function newAction(caseId: number | string): Promise<string> {
  const row = await one<{ id: number }>(
    `insert into case_action (case_id, title, assigned_agency_id, due_on, status) values ($1, 'Fixture action', 7, current_date + 30, 'OPEN') returning id`,
    [caseId],
  );
  return String(row.id);
}

async function newIssue(groupId: number, wardCode: string): Promise<string> {
  const row = await one<{ id: number }>(
    `insert into neighbourhood_issue (group_id, ward_code, category, summary, raised_on, response_due_on)
     values ($1, $2, 'OTHER', 'Fixture issue', current_date - 3, current_date + 25) returning id`,
    [groupId, wardCode],
  );
  return String(row.id);
}

async function newUser(): Promise<string> {
  const slug = unique('fixture');
  const row = await one<{ id: number }>(
    `insert into hub_user (subject, name, kind, partner_id) values ($1, $2, 'PERSON', 1) returning id`,
    [`test:${slug}`, `Fixture ${slug}`],
  );
  return String(row.id);
}

async function newMembership(groupId: number): Promise<string> {
  const userId = await newUser();
  const row = await one<{ id: number }>(`insert into group_member (group_id, user_id, role) values ($1, $2, 'MEMBER') returning id`, [
    groupId,
    userId,
  ]);
  return String(row.id);
}

async function newApiKey(userId: number, extra: { expiresAt?: Date; revokedAt?: Date } = {}): Promise<{ id: string; key: string }> {
  const generated = generateApiKey();
  const row = await one<{ id: number }>(
    `insert into api_key (prefix, hash, user_id, label, expires_at, revoked_at) values ($1, $2, $3, 'Fixture key', $4, $5) returning id`,
    [generated.prefix, generated.hash, userId, extra.expiresAt ?? null, extra.revokedAt ?? null],
  );
  return { id: String(row.id), key: generated.key };
}

/** A fingerprint of every table a mutation could touch: any write shows as a changed entry. */
const WATCHED = [
  'tasking_case',
  'case_person',
  'case_address',
  'case_note',
  'case_action',
  'meeting',
  'meeting_agenda_item',
  'meeting_attendee',
  'meeting_decision',
  'neighbourhood_issue',
  'group_member',
  'api_key',
  'hub_user',
  'audit_entry',
  'outbox_event',
];

async function snapshot(): Promise<Record<string, string>> {
  return one<Record<string, string>>(
    `select ${WATCHED.map((t) => `(select count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from ${t} x) as ${t}`).join(', ')}`,
  );
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return WATCHED.filter((t) => before[t] !== after[t]);
}

// ---------------------------------------------------------------------------------------------
// The operations: every root field with an id argument (and variants where the rule differs)

interface OpDefinition<T, V> {
  field: string;
  /** Shown in the test name when one field has several rows, e.g. closing a case. */
  variant?: string;
  mutation?: boolean;
  rule: Rule;
  /** The variables for one row; may make a fresh fixture for it. */
  vars: (target: Target) => V | Promise<V>;
  /** A caller who would be allowed for an existing target gets NOT_FOUND for a missing id. */
  missing?: { role: Role; vars: () => V };
  /** Checks on the data of an allowed row. */
  check?: (data: T, target: Target, vars: V) => void;
}

/** One operation of the matrix, its data and variables typed inside, so that operations of every type share one list. */
interface Op {
  field: string;
  variant?: string;
  mutation?: boolean;
  rule: Rule;
  missingRole?: Role;
  /** Makes one row's variables (perhaps a fixture); the returned `send` then runs the operation as a caller. */
  prepare(target: Target | 'missing'): Promise<{ send: (role: Role) => Promise<{ body: Body; check: () => void }> }>;
}

/**
 * A row of the matrix for `document`. Curried, so that the document fixes T and V before the rest is
 * checked against them: inferred together, a literal returned from `vars` ('OTHER') would be widened to string.
 */
function op<T, V>(document: TypedDocumentNode<T, V>): (definition: OpDefinition<T, V>) => Op {
  return (definition) => {
    const { field, variant, mutation, rule, missing, check } = definition;
    return {
      field,
      variant,
      mutation,
      rule,
      missingRole: missing?.role,
      async prepare(target) {
        const vars = target === 'missing' ? missing!.vars() : await definition.vars(target);
        return {
          async send(role) {
            const body = await callers.gql(role, document, vars);
            return {
              body,
              // A missing id is never allowed, so only rows with a target are checked.
              check: () => {
                if (target !== 'missing') check?.(body.data!, target, vars);
              },
            };
          },
        };
      },
    };
  };
}

const groupOf = (target: Target, north: number, other: number) => String(target === 'north' ? north : other);

const OPS: Op[] = [
  // Queries --------------------------------------------------------------------------------------
  op(MatrixCaseDocument)({
    field: 'case',
    rule: members,
    vars: (t) => ({ id: String(t === 'north' ? CASE.north : CASE.central) }),
    missing: { role: 'northChair', vars: () => ({ id: MISSING }) },
    check: (d, t) => {
      expect(d.case.group.id).toBe(groupOf(t, GROUP.NJTG, GROUP.CJTG));
    },
  }),
  op(MatrixCasesDocument)({
    field: 'cases',
    rule: members,
    vars: (t) => ({ groupId: groupOf(t, GROUP.NJTG, GROUP.CJTG) }),
    check: (d, t) => {
      expect(d.cases.totalCount).toBeGreaterThan(0);
      expect(new Set(d.cases.nodes.map((n) => n.group.id))).toEqual(new Set([groupOf(t, GROUP.NJTG, GROUP.CJTG)]));
    },
  }),
  op(MatrixMeetingDocument)({
    field: 'meeting',
    rule: members,
    vars: (t) => ({ id: String(t === 'north' ? MEETING.northPast : MEETING.centralPast) }),
    missing: { role: 'northChair', vars: () => ({ id: MISSING }) },
    check: (d, t) => {
      expect(d.meeting.group.id).toBe(groupOf(t, GROUP.NJTG, GROUP.CJTG));
    },
  }),
  op(MatrixMeetingsDocument)({
    field: 'meetings',
    rule: members,
    vars: (t) => ({ groupId: groupOf(t, GROUP.NJTG, GROUP.CJTG) }),
    check: (d, t) => {
      expect(d.meetings.totalCount).toBeGreaterThan(0);
      expect(new Set(d.meetings.nodes.map((n) => n.group.id))).toEqual(new Set([groupOf(t, GROUP.NJTG, GROUP.CJTG)]));
    },
  }),
  op(MatrixNeighbourhoodIssuesDocument)({
    // Issues are raised with neighbourhood meetings; the north people belong to North's.
    field: 'neighbourhoodIssues',
    rule: members,
    vars: (t) => ({ groupId: groupOf(t, GROUP.NNM, GROUP.CNM) }),
    check: (d, t) => {
      expect(d.neighbourhoodIssues.totalCount).toBeGreaterThan(0);
      expect(new Set(d.neighbourhoodIssues.nodes.map((n) => n.group.id))).toEqual(new Set([groupOf(t, GROUP.NNM, GROUP.CNM)]));
    },
  }),
  op(MatrixApiKeysDocument)({
    field: 'apiKeys',
    rule: admins,
    vars: (t) => ({ userId: String(t === 'north' ? USER.dashboard : USER.housingDashboard) }),
    check: (d) => {
      expect(Array.isArray(d.apiKeys)).toBe(true);
    },
  }),
  op(MatrixAuditEntriesDocument)({
    field: 'auditEntries',
    rule: admins,
    vars: (t) => ({ caseId: String(t === 'north' ? CASE.north : CASE.central), userId: String(USER.northChair) }),
    check: (d) => {
      expect(typeof d.auditEntries.totalCount).toBe('number');
    },
  }),
  op(MatrixAuditExportDocument)({
    field: 'auditExport',
    rule: admins,
    vars: (t) => ({ caseId: String(t === 'north' ? CASE.north : CASE.central), userId: String(USER.northChair) }),
    check: (d) => {
      expect(d.auditExport).toMatch(/^id,at,user_id/);
    },
  }),
  op(MatrixCaseSummaryDocument)({
    field: 'caseSummary',
    rule: everyone,
    vars: (t) => ({ localityId: String(t === 'north' ? LOCALITY.north : LOCALITY.central) }),
    check: (d) => {
      expect(d.caseSummary.total).toBeGreaterThan(0);
    },
  }),
  op(MatrixOverdueActionsDocument)({
    field: 'overdueActions',
    rule: everyone,
    vars: (t) => ({ localityId: String(t === 'north' ? LOCALITY.north : LOCALITY.central) }),
    check: (d) => {
      expect(d.overdueActions.length).toBeGreaterThan(0);
    },
  }),
  op(MatrixRepeatCasesDocument)({
    field: 'repeatCases',
    rule: everyone,
    vars: (t) => ({ localityId: String(t === 'north' ? LOCALITY.north : LOCALITY.central) }),
    check: (d) => {
      expect(d.repeatCases.length).toBeGreaterThan(0);
    },
  }),
  op(MatrixLsoaDocument)({
    field: 'lsoa',
    rule: everyone,
    vars: (t) => ({ code: t === 'north' ? LSOA.north : LSOA.central }),
    missing: { role: 'analyst', vars: () => ({ code: 'E01099999' }) },
    check: (d, _t, v) => {
      expect(d.lsoa.code).toBe(v.code);
    },
  }),
  op(MatrixWardDocument)({
    field: 'ward',
    rule: everyone,
    vars: (t) => ({ code: t === 'north' ? WARD.north : WARD.central }),
    missing: { role: 'analyst', vars: () => ({ code: 'E05099999' }) },
    check: (d, _t, v) => {
      expect(d.ward.code).toBe(v.code);
    },
  }),
  op(MatrixWardsDocument)({
    field: 'wards',
    rule: everyone,
    vars: (t) => ({ codes: [t === 'north' ? WARD.north : WARD.central] }),
    check: (d, _t, v) => {
      expect(d.wards.nodes.map((n) => n.code)).toEqual(v.codes);
    },
  }),

  // Mutations ------------------------------------------------------------------------------------
  op(MatrixOpenCaseDocument)({
    field: 'openCase',
    mutation: true,
    rule: members,
    vars: (t) => ({
      input: {
        groupId: groupOf(t, GROUP.NJTG, GROUP.CJTG),
        title: 'Matrix case',
        category: 'OTHER',
        wardCode: t === 'north' ? WARD.north : WARD.central,
        location: unique('Matrix Street'),
        riskLevel: 'LOW',
        leadAgencyId: '1',
      },
    }),
    check: (d, t) => {
      expect(d.openCase).toMatchObject({ status: 'REFERRED', group: { id: groupOf(t, GROUP.NJTG, GROUP.CJTG) } });
    },
  }),
  op(MatrixUpdateCaseDocument)({
    field: 'updateCase',
    mutation: true,
    rule: members,
    vars: async (t) => ({
      input: { id: await newCase(t === 'north' ? CASE.north : CASE.central), version: 1, title: 'Retitled by the matrix' },
    }),
    missing: { role: 'northChair', vars: () => ({ input: { id: MISSING, version: 1, title: 'Nobody' } }) },
    check: (d) => {
      expect(d.updateCase).toMatchObject({ title: 'Retitled by the matrix', version: 2 });
    },
  }),
  op(MatrixChangeCaseStatusDocument)({
    field: 'changeCaseStatus',
    mutation: true,
    rule: members,
    vars: async (t) => ({ input: { id: await newCase(t === 'north' ? CASE.north : CASE.central), version: 1, status: 'UNDER_REVIEW' } }),
    missing: { role: 'northChair', vars: () => ({ input: { id: MISSING, version: 1, status: 'UNDER_REVIEW' } }) },
    check: (d) => {
      expect(d.changeCaseStatus).toMatchObject({ status: 'UNDER_REVIEW', version: 2 });
    },
  }),
  op(MatrixCloseCaseDocument)({
    field: 'changeCaseStatus',
    variant: 'closing needs the chair',
    mutation: true,
    rule: chairs,
    vars: async (t) => ({
      input: { id: await newCase(t === 'north' ? CASE.north : CASE.central), version: 1, status: 'CLOSED', reason: 'Resolved' },
    }),
    check: (d) => {
      expect(d.changeCaseStatus.status).toBe('CLOSED');
    },
  }),
  op(MatrixAddCaseNoteDocument)({
    field: 'addCaseNote',
    mutation: true,
    rule: members,
    vars: async (t) => ({ input: { caseId: await newCase(t === 'north' ? CASE.north : CASE.central), text: 'A matrix note' } }),
    missing: { role: 'northChair', vars: () => ({ input: { caseId: MISSING, text: 'A note' } }) },
    check: (d, _t, v) => {
      expect(d.addCaseNote.id).toBe(v.input.caseId);
    },
  }),
  op(MatrixAssignActionDocument)({
    field: 'assignAction',
    mutation: true,
    rule: members,
    vars: async (t) => ({
      input: { caseId: await newCase(t === 'north' ? CASE.north : CASE.central), title: 'Patrol', agencyId: '7', dueOn: today(30) },
    }),
    missing: { role: 'northChair', vars: () => ({ input: { caseId: MISSING, title: 'Patrol', agencyId: '7', dueOn: today(30) } }) },
    check: (d, _t, v) => {
      expect(d.assignAction).toMatchObject({ status: 'OPEN', case: { id: v.input.caseId } });
    },
  }),
  op(MatrixUpdateActionDocument)({
    field: 'updateAction',
    mutation: true,
    rule: members,
    vars: async (t) => ({
      input: { id: await newAction(await newCase(t === 'north' ? CASE.north : CASE.central)), version: 1, status: 'IN_PROGRESS' },
    }),
    missing: { role: 'northChair', vars: () => ({ input: { id: MISSING, version: 1, status: 'IN_PROGRESS' } }) },
    check: (d) => {
      expect(d.updateAction).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    },
  }),
  op(MatrixScheduleMeetingDocument)({
    field: 'scheduleMeeting',
    mutation: true,
    rule: chairs,
    vars: (t) => ({
      input: {
        groupId: groupOf(t, GROUP.NJTG, GROUP.CJTG),
        startsAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
        venue: 'Teams',
      },
    }),
    check: (d, t) => {
      expect(d.scheduleMeeting.group.id).toBe(groupOf(t, GROUP.NJTG, GROUP.CJTG));
    },
  }),
  op(MatrixRecordDecisionDocument)({
    field: 'recordDecision',
    mutation: true,
    rule: chairs,
    vars: (t) => ({ input: { meetingId: String(t === 'north' ? MEETING.northPast : MEETING.centralPast), text: 'Matrix decision' } }),
    missing: { role: 'northChair', vars: () => ({ input: { meetingId: MISSING, text: 'Matrix decision' } }) },
    check: (d, _t, v) => {
      expect(d.recordDecision.meeting.id).toBe(v.input.meetingId);
    },
  }),
  op(MatrixRecordAttendanceDocument)({
    field: 'recordAttendance',
    mutation: true,
    rule: members,
    vars: async (t) => {
      const meetingId = t === 'north' ? MEETING.northPast : MEETING.centralPast;
      const { version } = await one<{ version: number }>('select version from meeting where id = $1', [meetingId]);
      return { input: { meetingId: String(meetingId), version, attendees: [{ agencyId: '1', people: 2 }] } };
    },
    missing: { role: 'northChair', vars: () => ({ input: { meetingId: MISSING, version: 1, attendees: [] } }) },
    check: (d, _t, v) => {
      expect(d.recordAttendance.version).toBe(v.input.version + 1);
    },
  }),
  op(MatrixRaiseNeighbourhoodIssueDocument)({
    field: 'raiseNeighbourhoodIssue',
    mutation: true,
    rule: members,
    vars: (t) => ({
      input: {
        groupId: groupOf(t, GROUP.NNM, GROUP.CNM),
        wardCode: t === 'north' ? WARD.north : WARD.central,
        category: 'OTHER',
        summary: 'Bins left out',
        raisedOn: today(),
        responseDueOn: today(28),
      },
    }),
    check: (d, t) => {
      expect(d.raiseNeighbourhoodIssue.group.id).toBe(groupOf(t, GROUP.NNM, GROUP.CNM));
    },
  }),
  op(MatrixRespondToNeighbourhoodIssueDocument)({
    field: 'respondToNeighbourhoodIssue',
    mutation: true,
    rule: members,
    vars: async (t) => ({
      input: {
        id: await newIssue(t === 'north' ? GROUP.NNM : GROUP.CNM, t === 'north' ? WARD.north : WARD.central),
        version: 1,
        respondedOn: today(),
        response: 'Collected',
      },
    }),
    missing: {
      role: 'northChair',
      vars: () => ({ input: { id: MISSING, version: 1, respondedOn: today(), response: 'Collected' } }),
    },
    check: (d) => {
      expect(d.respondToNeighbourhoodIssue).toMatchObject({ respondedOn: today(), version: 2 });
    },
  }),
  op(MatrixGrantMembershipDocument)({
    field: 'grantMembership',
    mutation: true,
    rule: admins,
    vars: async (t) => ({ userId: await newUser(), groupId: groupOf(t, GROUP.NJTG, GROUP.CJTG) }),
    missing: { role: 'admin', vars: () => ({ userId: MISSING, groupId: String(GROUP.NJTG) }) },
    check: (d, _t, v) => {
      expect(d.grantMembership).toMatchObject({ role: 'MEMBER', group: { id: v.groupId } });
    },
  }),
  op(MatrixRevokeMembershipDocument)({
    field: 'revokeMembership',
    mutation: true,
    rule: admins,
    vars: async (t) => ({ id: await newMembership(t === 'north' ? GROUP.NJTG : GROUP.CJTG) }),
    missing: { role: 'admin', vars: () => ({ id: MISSING }) },
    check: (d) => {
      expect(d.revokeMembership.revokedAt).not.toBeNull();
    },
  }),
  op(MatrixCreateApiKeyDocument)({
    field: 'createApiKey',
    mutation: true,
    rule: admins,
    vars: (t) => ({ userId: String(t === 'north' ? USER.dashboard : USER.housingDashboard) }),
    missing: { role: 'admin', vars: () => ({ userId: MISSING }) },
    check: (d) => {
      expect(d.createApiKey.key.startsWith(`pdh_${d.createApiKey.apiKey.prefix}_`)).toBe(true);
    },
  }),
  op(MatrixRevokeApiKeyDocument)({
    field: 'revokeApiKey',
    mutation: true,
    rule: admins,
    vars: async (t) => ({ id: (await newApiKey(t === 'north' ? USER.dashboard : USER.housingDashboard)).id }),
    missing: { role: 'admin', vars: () => ({ id: MISSING }) },
    check: (d) => {
      expect(d.revokeApiKey.revokedAt).not.toBeNull();
    },
  }),
];

// ---------------------------------------------------------------------------------------------

/** Root Query/Mutation fields with an argument of type ID, directly or inside an input object. */
function fieldsWithIdArguments(schema: GraphQLSchema): string[] {
  const carriesId = (type: GraphQLInputType, seen = new Set<GraphQLNamedType>()): boolean => {
    const named = getNamedType(type);
    if (named.name === 'ID') return true;
    if (!isInputObjectType(named) || seen.has(named)) return false;
    seen.add(named);
    return Object.values(named.getFields()).some((f) => carriesId(f.type, seen));
  };
  const out: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.args.some((a) => carriesId(a.type))) out.push(`${root!.name}.${field.name}`);
    }
  }
  return out.sort();
}

beforeAll(async () => {
  // Settle the hub's own jobs first, so that nothing but the operations under test writes.
  expect(await hub.app.scheduler.runNow('overdue-actions')).toBe(true);
  expect(await hub.app.scheduler.runNow('case-retention')).toBe(true);
  // Issues the dashboard's API key (to USER.dashboard) through the API, as an admin.
  expect(DASHBOARD_USER_ID).toBe(USER.dashboard);
  await callers.init('Authorisation matrix');
  const me = await callers.gql('dashboard', MyKindAndRolesDocument, {});
  expect(me.data).toEqual({ me: { kind: 'SERVICE', roles: ['PARTNER_DASHBOARD'] } });
});

describe('the matrix covers the schema', () => {
  it('has a row for every root field with an id argument, and no row for a field without one', () => {
    const sdl = buildSchema(fs.readFileSync(path.join(__dirname, '../../../schema/schema.graphql'), 'utf8'));
    const fromFile = fieldsWithIdArguments(sdl);
    const built = fieldsWithIdArguments(hub.app.schema);
    expect(built).toEqual(fromFile);
    const covered = [...new Set(OPS.map((op) => `${op.mutation ? 'Mutation' : 'Query'}.${op.field}`))].sort();
    const missing = fromFile.filter((f) => !covered.includes(f));
    const stale = covered.filter((f) => !fromFile.includes(f));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    // The fields the brief names are among them, so the discovery itself is not vacuous.
    expect(fromFile).toEqual(
      expect.arrayContaining([
        'Query.case',
        'Query.cases',
        'Query.auditEntries',
        'Mutation.updateCase',
        'Mutation.revokeApiKey',
        'Mutation.grantMembership',
      ]),
    );
  });
});

describe('authorisation matrix', () => {
  it.each(OPS.map((op) => [op.variant ? `${op.field} (${op.variant})` : op.field, op] as const))('%s', async (_name, op) => {
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    const messages: Record<string, string> = {};
    const rows: { key: string; role: Role; target: Target | 'missing'; want: Outcome }[] = [];
    for (const role of ROLES) {
      for (const target of ['north', 'other'] as const) {
        rows.push({ key: `${role} -> ${target}`, role, target, want: op.rule(role, target) });
      }
    }
    if (op.missingRole) rows.push({ key: `${op.missingRole} -> missing id`, role: op.missingRole, target: 'missing', want: 'NOT_FOUND' });

    // Every denial is paired with an allowed control of the same operation, so a hub that refuses
    // everything (or allows everything) fails here.
    expect(rows.some((r) => r.want === 'ALLOWED')).toBe(true);
    expect(rows.some((r) => r.want !== 'ALLOWED')).toBe(true);

    for (const row of rows) {
      const prepared = await op.prepare(row.target);
      const before = op.mutation ? await snapshot() : undefined;
      const { body, check } = await prepared.send(row.role);
      const got = outcomeOf(body, op.field);
      expected[row.key] = op.mutation ? { outcome: row.want, changed: row.want === 'ALLOWED' ? 'something' : [] } : row.want;
      if (op.mutation) {
        const changed = changedTables(before!, await snapshot());
        actual[row.key] = { outcome: got, changed: got === 'ALLOWED' && changed.length ? 'something' : changed };
      } else {
        actual[row.key] = got;
      }
      if (body.errors?.length) messages[row.key] = body.errors.map((e) => e.message).join(' | ');
      if (got === 'ALLOWED' && row.want === 'ALLOWED') check();
      if (got !== 'ALLOWED') expect(body.errors![0].message).toMatch(/\w/);
    }
    expect({ op: op.field, rows: actual }).toEqual({ op: op.field, rows: expected });
    // Refusals say why; the unauthenticated ones say how to sign in.
    for (const [key, message] of Object.entries(messages)) {
      if (key.startsWith('unauthenticated')) expect(message).toMatch(/Sign in/);
    }
  });
});

// ---------------------------------------------------------------------------------------------

const PURPOSE = 'Authorisation leak check';

async function auditCount(): Promise<number> {
  return Number((await one<{ n: string }>('select count(*) as n from audit_entry')).n);
}

async function auditedCaseIds(sinceCount: number): Promise<number[]> {
  const rows = await hub.ownerSql<{ case_ids: number[] }>('select case_ids from audit_entry order by id offset $1', [sinceCount]);
  return rows.flatMap((r) => r.case_ids.map(Number));
}

async function caseIdsOf(groups: number[]): Promise<Set<number>> {
  const rows = await hub.ownerSql<{ id: number }>('select id from tasking_case where group_id = any($1::int[])', [groups]);
  return new Set(rows.map((r) => r.id));
}

async function peopleOf(caseIds: number[]): Promise<string[]> {
  const rows = await hub.ownerSql<{ name: string }>('select name from case_person where case_id = any($1::int[])', [caseIds]);
  return rows.map((r) => r.name);
}

describe("Case.personal of another group's case is never reachable", () => {
  it("through cases: only the caller's groups are listed, and only their cases are read and audited", async () => {
    const northIds = await caseIdsOf([GROUP.NJTG, GROUP.NNM]);
    const before = await auditCount();
    const body = await callers.gql('northChair', CasesPeopleDocument, { purpose: PURPOSE });
    expect(body.errors).toBeUndefined();
    const { nodes, totalCount } = body.data!.cases;
    expect(totalCount).toBe(northIds.size);
    expect(nodes.length).toBe(Math.min(100, northIds.size));
    for (const n of nodes) expect(northIds.has(Number(n.id))).toBe(true);
    const audited = await auditedCaseIds(before);
    expect(audited.length).toBeGreaterThan(0);
    for (const id of audited) expect(northIds.has(id)).toBe(true);
    const others = await peopleOf([...(await caseIdsOf([GROUP.CJTG, GROUP.CNM]))]);
    expect(others.length).toBeGreaterThan(0);
    const seen = nodes.flatMap((n) => n.personal?.people.map((p) => p.name) ?? []);
    expect(seen.length).toBeGreaterThan(0);
    for (const name of others) expect(seen).not.toContain(name);
  });

  it("through case(id): another group's case is FORBIDDEN and nothing is read or audited; its own members read it", async () => {
    const before = await auditCount();
    const denied = await callers.gql('northChair', CasePeopleDocument, { id: String(CASE.central), purpose: PURPOSE });
    expect(denied.data).toBeNull();
    expect(denied.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await auditCount()).toBe(before);

    const allowed = await callers.gql('centralChair', CasePeopleDocument, { id: String(CASE.central), purpose: PURPOSE });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.case.personal!.people.map((p) => p.name).sort()).toEqual((await peopleOf([CASE.central])).sort());
    expect(await auditedCaseIds(before)).toEqual([CASE.central]);
  });

  it('through Action.case: the actions of a case lead back to that case only', async () => {
    const before = await auditCount();
    const body = await callers.gql('northMember', CaseActionsPeopleDocument, { id: String(CASE.north), purpose: PURPOSE });
    expect(body.errors).toBeUndefined();
    const actions = body.data!.case.actions;
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a.case.id).toBe(String(CASE.north));
    expect(await auditedCaseIds(before)).toEqual([CASE.north]);
  });

  it("through earlierCases: another group's case at the same place stays hidden", async () => {
    // Case 4 (NJTG) has an earlier case at the same place, case 3 (NJTG). Put a Central case there too, between them.
    const [c3, c4] = await hub.ownerSql<{ id: number; opened_at: Date; place_key: string }>(
      'select id, opened_at, place_key from tasking_case where id in (3, 4) order by id',
    );
    expect(c3.place_key).toBe(c4.place_key);
    const between = new Date((c3.opened_at.getTime() + c4.opened_at.getTime()) / 2);
    const central = Number(await newCase(CASE.central));
    await hub.ownerSql('update tasking_case set place_key = $1, opened_at = $2 where id = $3', [c4.place_key, between, central]);
    await hub.ownerSql(`insert into case_person (case_id, name, role) values ($1, 'Zebedee Hiddenfield', 'WITNESS')`, [central]);
    try {
      // Without the group filter the Central case would be among the earlier cases.
      const raw = await hub.ownerSql<{ id: number }>(
        `select e.id from tasking_case c join tasking_case e on e.id <> c.id and e.opened_at < c.opened_at and e.place_key = c.place_key where c.id = 4`,
      );
      expect(raw.map((r) => r.id).sort()).toEqual([3, central].sort());

      const before = await auditCount();
      const north = await callers.gql('northChair', EarlierCasesPeopleDocument, { id: '4', purpose: PURPOSE });
      expect(north.errors).toBeUndefined();
      expect(north.data!.case.earlierCases.map((c) => c.id)).toEqual(['3']);
      expect(JSON.stringify(north.data)).not.toContain('Zebedee');
      expect(await auditedCaseIds(before)).toEqual([3]);

      // And the other way round: the Central chair sees their case, but not the North one before it.
      const other = await callers.gql('centralChair', EarlierCasesPeopleDocument, { id: String(central), purpose: PURPOSE });
      expect(other.errors).toBeUndefined();
      expect(other.data!.case.earlierCases).toEqual([]);
    } finally {
      await hub.ownerSql('update tasking_case set place_key = reference where id = $1', [central]);
    }
  });

  it("through Meeting.agenda and MeetingDecision.case: another group's case put on a meeting is left out", async () => {
    // Break the rule "agendas and decisions hold the group's own cases" behind the hub's back.
    const agenda = await one<{ id: number }>('insert into meeting_agenda_item (meeting_id, case_id) values ($1, $2) returning id', [
      MEETING.northPast,
      CASE.central,
    ]);
    const decision = await one<{ id: number }>(
      `insert into meeting_decision (meeting_id, case_id, text, recorded_by_id) values ($1, $2, 'Forged decision', $3) returning id`,
      [MEETING.northPast, CASE.central, USER.northChair],
    );
    try {
      const before = await auditCount();
      const body = await callers.gql('northChair', MeetingCasesPeopleDocument, { id: String(MEETING.northPast), purpose: PURPOSE });
      expect(body.errors).toBeUndefined();
      const meeting = body.data!.meeting;
      expect(meeting.agenda.length).toBeGreaterThan(0);
      for (const c of meeting.agenda) expect(c.group.id).toBe(String(GROUP.NJTG));
      expect(meeting.agenda.map((c) => c.id)).not.toContain(String(CASE.central));
      const forged = meeting.decisions.find((d) => d.id === String(decision.id));
      expect(forged).toEqual({ id: String(decision.id), case: null });
      expect(meeting.decisions.some((d) => d.case?.id)).toBe(true);
      const audited = await auditedCaseIds(before);
      expect(audited.length).toBeGreaterThan(0);
      expect(audited).not.toContain(CASE.central);
    } finally {
      await hub.ownerSql('delete from meeting_agenda_item where id = $1', [agenda.id]);
      await hub.ownerSql('delete from meeting_decision where id = $1', [decision.id]);
    }
  });

  it("through taskingGroupUpdates: an event naming another group's case and action resolves them to null", async () => {
    const head = await one<{ cursor: string | null } | undefined>(
      `select txid::text || '.' || id::text as cursor from outbox_event order by txid desc, id desc limit 1`,
    );
    const centralAction = await one<{ id: number }>('select id from case_action where case_id = $1 order by id limit 1', [CASE.central]);
    const client: Client = socketClient(hub, 'seed:north-police');
    const before = await auditCount();
    const sub = collect(client, GroupUpdatesCaseAndActionPeopleDocument, { since: head?.cursor ?? '0.0', purpose: PURPOSE });
    // What arrived without errors, and every error, whether in a result or ending the subscription.
    const received = () => sub.results.filter((r) => !r.errors).map((r) => r.data!);
    const errors = () => [...sub.results.flatMap((r) => r.errors ?? []), ...(sub.ended?.errors ?? [])];
    try {
      await hub.ownerSql(`insert into outbox_event (channel, type, payload) values ('group:1', 'ACTION_UPDATED', $1)`, [
        JSON.stringify({ groupId: GROUP.NJTG, caseId: CASE.central, actionId: centralAction.id }),
      ]);
      const opened = await callers.gql('northChair', OpenCaseIdDocument, {
        input: {
          groupId: String(GROUP.NJTG),
          title: 'Live case',
          category: 'OTHER',
          wardCode: WARD.north,
          location: unique('Live Street'),
          riskLevel: 'LOW',
          leadAgencyId: '1',
          people: [{ name: 'Livia Pushwell', role: 'RESIDENT' }],
        },
      });
      expect(opened.errors).toBeUndefined();
      const openedId = opened.data!.openCase.id;
      await sub.until(() => received().length >= 2 || errors().length > 0).catch(() => {});
      expect(errors()).toEqual([]);
      expect(received()).toHaveLength(2);
      const [forged, live] = received().map((d) => d.taskingGroupUpdates);
      expect(forged).toEqual({ type: 'ACTION_UPDATED', case: null, action: null });
      expect(live).toEqual({
        type: 'CASE_OPENED',
        case: { id: openedId, personal: { people: [{ name: 'Livia Pushwell' }] } },
        action: null,
      });
      const audited = await auditedCaseIds(before);
      expect(audited).toEqual([Number(openedId)]);
    } finally {
      sub.stop();
      await client.dispose();
    }
  });
});

describe('TaskingGroup.members', () => {
  it('is visible to admins for every group, and to members for their own groups', async () => {
    const counts = await hub.ownerSql<{ group_id: number; n: string }>(
      'select group_id, count(*) as n from group_member where revoked_at is null group by group_id',
    );
    const admin = await callers.gql('admin', TaskingGroupsMembersDocument, {});
    expect(admin.errors).toBeUndefined();
    const groups = admin.data!.taskingGroups;
    expect(groups.length).toBe(9);
    for (const g of groups) expect(g.members.length).toBe(Number(counts.find((c) => c.group_id === Number(g.id))?.n ?? 0));

    const own = await callers.gql('northMember', MyGroupsMembersDocument, {});
    expect(own.errors).toBeUndefined();
    const mine = own.data!.me.memberships.map((m) => m.group);
    expect(mine.map((g) => g.id).sort()).toEqual([String(GROUP.NJTG), String(GROUP.NNM)]);
    expect(mine.find((g) => g.id === String(GROUP.NJTG))!.members.map((m) => m.user.name)).toContain('Paul Mockridge');
  });

  it.each([
    ['northMember', [GROUP.NJTG, GROUP.NNM]],
    ['centralChair', [GROUP.CJTG, GROUP.CNM]],
    ['analyst', []],
    ['dashboard', []],
  ] as const)('is FORBIDDEN to %s for a group they are not in', async (role, ownGroups) => {
    const own = ownGroups as readonly number[];
    const groupIds = async (locality?: string) =>
      (await callers.gql('admin', TaskingGroupIdsDocument, { locality })).data!.taskingGroups.map((g) => Number(g.id));
    const ids = await groupIds();
    const body = await callers.gql(role, TaskingGroupsMembersDocument, {});
    // A refused list item nulls the whole (non-null) list, so GraphQL reports the first refusal only.
    expect(body.data).toBeNull();
    const firstStranger = ids.findIndex((id) => !own.includes(id));
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['taskingGroups', firstStranger, 'members'], extensions: { code: 'FORBIDDEN' } });
    expect(body.errors![0].message).toMatch(/visible to its members and admins only/);
    // Each group on its own: a locality whose groups the caller is not all in.
    for (const locality of ['North', 'Central', 'South']) {
      const inLocality = await groupIds(locality);
      const res = await callers.gql(role, LocalityGroupsMemberRolesDocument, { locality });
      const stranger = inLocality.findIndex((id) => !own.includes(id));
      expect(stranger).toBeGreaterThanOrEqual(0);
      expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['taskingGroups', stranger, 'members'], 'FORBIDDEN']]);
    }
    // The groups themselves, and their agencies, are open to everyone signed in.
    const open = await callers.gql(role, TaskingGroupsAgenciesDocument, {});
    expect(open.errors).toBeUndefined();
    expect(open.data!.taskingGroups).toHaveLength(9);
  });

  it('is UNAUTHENTICATED without credentials', async () => {
    const body = await callers.gql('unauthenticated', TaskingGroupsMembersDocument, {});
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('open aggregates', () => {
  it('are readable by every signed-in caller, with the same counts whatever their groups, and refused without credentials', async () => {
    const answers: Record<string, OpenAggregatesQuery | null | undefined> = {};
    for (const role of ROLES.filter((r) => r !== 'unauthenticated')) {
      const body = await callers.gql(role, OpenAggregatesDocument, {});
      expect({ role, errors: body.errors }).toEqual({ role, errors: undefined });
      answers[role] = body.data;
    }
    const [first, ...rest] = Object.values(answers);
    for (const other of rest) expect(other).toEqual(first);
    const data = first!;
    expect(data.wards.totalCount).toBe(25);
    expect(data.caseSummary.total).toBeGreaterThan(0);
    expect(data.issueResponsePerformance.borough.raised).toBeGreaterThan(0);

    const none = await callers.gql('unauthenticated', OpenAggregatesDocument, {});
    expect(none.data).toBeNull();
    expect(new Set(none.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
  });
});

describe('credentials the hub refuses', () => {
  const as = async (authorization: string) => (await hub.gql(MyNameDocument, {}, { authorization })).body;

  it('a revoked API key is UNAUTHENTICATED, saying it was revoked; it worked until then', async () => {
    const issued = await callers.gql('admin', CreateApiKeyDocument, { userId: String(USER.dashboard), label: 'Soon revoked' });
    const { key, apiKey } = issued.data!.createApiKey;
    expect((await as(`Bearer ${key}`)).data).toEqual({ me: { name: 'Voluntary Action Rotherham dashboard' } });
    const revoked = await callers.gql('admin', RevokeApiKeyDocument, { id: apiKey.id });
    expect(revoked.errors).toBeUndefined();
    const body = await as(`Bearer ${key}`);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'The API key has been revoked.',
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
  });

  it('an expired API key is UNAUTHENTICATED, saying when it expired; an unexpired one works', async () => {
    const expiredAt = new Date(Date.now() - 60_000);
    const expired = await newApiKey(USER.dashboard, { expiresAt: expiredAt });
    const body = await as(`Bearer ${expired.key}`);
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0].message).toBe(`The API key expired at ${expiredAt.toISOString()}.`);
    const fresh = await newApiKey(USER.dashboard, { expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await as(`Bearer ${fresh.key}`)).errors).toBeUndefined();
  });

  it('an expired JWT is UNAUTHENTICATED, saying it expired', async () => {
    const token = await tokenFor('seed:north-chair', { ttlSeconds: -600 });
    const body = await as(`Bearer ${token}`);
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0].message).toMatch(/^The token expired at \d{4}-\d\d-\d\dT.*; get a new one\.$/);
    expect((await as(`Bearer ${await tokenFor('seed:north-chair')}`)).data).toEqual({ me: { name: 'Nadia Exampleton' } });
  });

  it('a valid JWT for a subject with no account is UNAUTHENTICATED', async () => {
    const body = await as(`Bearer ${await tokenFor('seed:nobody-by-that-name')}`);
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0].message).toMatch(/no account in the hub has its subject/);
  });

  it('an API key that was never issued is UNAUTHENTICATED', async () => {
    const body = await as(`Bearer ${generateApiKey().key}`);
    expect(body.errors![0]).toMatchObject({ message: 'The API key is not recognised.', extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('every root field has an access rule', () => {
  it('in the built schema: Query, Mutation and Subscription', () => {
    const schema = hub.app.schema;
    const rules = accessRules(schema);
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const fields = roots.flatMap((t) => Object.keys(t?.getFields() ?? {}).map((f) => `${t!.name}.${f}`));
    expect(fields.length).toBeGreaterThan(40);
    expect(fields.filter((f) => !rules.has(f))).toEqual([]);
    expect(() => {
      assertEveryRootFieldHasARule(schema);
    }).not.toThrow();
    // Spot checks that the rules are the ones the README states.
    expect(rules.get('Query.users')).toEqual(['ADMIN']);
    expect(rules.get('Query.auditEntries')).toEqual(['ADMIN']);
    expect(rules.get('Mutation.openCase')).toEqual(['PERSON']);
    expect(rules.get('Query.caseSummary')).toEqual(['AUTHENTICATED']);
    expect(rules.get('Subscription.taskingGroupUpdates')).toEqual(['PERSON']);
  });

  it('assertEveryRootFieldHasARule throws naming each unruled root field', () => {
    const tiny = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: { me: { type: GraphQLString, extensions: { allow: ['AUTHENTICATED'] } }, secretsWithoutARule: { type: GraphQLString } },
      }),
      mutation: new GraphQLObjectType({ name: 'Mutation', fields: { dropEverything: { type: GraphQLString } } }),
    });
    expect(() => {
      assertEveryRootFieldHasARule(tiny);
    }).toThrow(/Query\.secretsWithoutARule/);
    expect(() => {
      assertEveryRootFieldHasARule(tiny);
    }).toThrow(/Mutation\.dropEverything/);
    expect(() => {
      assertEveryRootFieldHasARule(tiny);
    }).not.toThrow(/Query\.me\b/);
    const ruled = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { me: { type: GraphQLString, extensions: { allow: ['AUTHENTICATED'] } } } }),
    });
    expect(() => {
      assertEveryRootFieldHasARule(ruled);
    }).not.toThrow();
  });

  it('a rule belongs to one root type: a field of the same name on another root type does not share it', () => {
    const twins = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { me: { type: GraphQLString, extensions: { allow: ['AUTHENTICATED'] } } } }),
      mutation: new GraphQLObjectType({ name: 'Mutation', fields: { me: { type: GraphQLString } } }),
    });
    expect(accessRules(twins)).toEqual(new Map([['Query.me', ['AUTHENTICATED']]]));
    expect(() => {
      assertEveryRootFieldHasARule(twins);
    }).toThrow(/: Mutation\.me$/);
  });
});
