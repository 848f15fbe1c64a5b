import { parse } from 'csv-parse/sync';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client } from 'graphql-ws';
import {
  AuditEntriesDocument,
  AuditExportDocument,
  CaseAndEarlierCasesPersonalDocument,
  CaseErasedAtDocument,
  CaseErasureDocument,
  CasePersonalDocument,
  CasePersonalOnlyDocument,
  CasesPersonalByGroupDocument,
  CaseTitleDocument,
  ClosedCaseSummaryDocument,
  GroupCasesPersonalDocument,
  GroupUpdatesCasePeopleDocument,
  OpenCaseIdDocument,
  TwoCasesPersonalDocument,
  type AuditEntriesQueryVariables,
} from '../../generated/graphql';
import { useTestApp, type GraphQLResult } from '../../support/app';
import { authHeader } from '../../support/auth';
import { collect, socketClient } from '../../support/ws';

/** The audit trail of personal case data: reads, pushes, erasure, and who may read the trail. */

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });

const NJTG = 1;
const CASE = { north: 6, northOther: 7, central: 15 } as const;
const USER = { northChair: 1, northPolice: 5, centralChair: 6 } as const;

async function as<T, V>(subject: string, document: TypedDocumentNode<T, V>, variables: V): Promise<GraphQLResult<T>> {
  return (await hub.gqlAs(subject, document, variables)).body;
}

interface AuditRow {
  id: string;
  at: Date;
  user_id: number;
  user_name: string;
  organisation: string;
  role: string;
  purpose: string;
  operation: string;
  case_ids: number[];
}

async function lastAuditId(): Promise<number> {
  const [row] = await hub.ownerSql<{ id: string | null }>('select max(id) as id from audit_entry');
  return Number(row.id ?? 0);
}

async function auditSince(id: number): Promise<AuditRow[]> {
  return hub.ownerSql<AuditRow>('select * from audit_entry where id > $1 order by id', [id]);
}

async function people(caseIds: number[]): Promise<string[]> {
  const rows = await hub.ownerSql<{ name: string }>('select name from case_person where case_id = any($1::int[]) order by name', [caseIds]);
  return rows.map((r) => r.name);
}

beforeAll(async () => {
  // The hourly erasure could otherwise first run in the middle of a test; run it now.
  expect(await hub.app.scheduler.runNow('case-retention')).toBe(true);
});

describe('reading Case.personal over HTTP', () => {
  it('writes exactly one READ row per response: who, organisation, role, purpose and the case ids', async () => {
    const expected = (
      await hub.ownerSql<{ id: number }>('select id from tasking_case where group_id = $1 and personal_erased_at is null order by id', [
        NJTG,
      ])
    ).map((r) => r.id);
    const before = await lastAuditId();
    const started = Date.now();
    const body = await as('seed:north-chair', GroupCasesPersonalDocument, {
      groupId: String(NJTG),
      purpose: '  Preparing for the JTG meeting on 9 February  ',
    });
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.cases.nodes;
    expect(nodes.map((n) => Number(n.id)).sort((a, b) => a - b)).toEqual(expect.arrayContaining(expected));
    expect(nodes.flatMap((n) => n.personal?.people.map((p) => p.name) ?? []).sort()).toEqual(await people(expected));

    const rows = await auditSince(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: USER.northChair,
      user_name: 'Nadia Exampleton',
      organisation: 'Neighbourhoods (RMBC)',
      role: 'CHAIR of North Joint Tasking Group',
      purpose: 'Preparing for the JTG meeting on 9 February',
      operation: 'READ',
    });
    expect(rows[0].case_ids.map(Number)).toEqual(expected);
    expect(rows[0].at.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(rows[0].at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("names the reader's role in each group whose cases were read", async () => {
    const before = await lastAuditId();
    const body = await as('seed:north-police', CasesPersonalByGroupDocument, { purpose: 'Checking my caseload' });
    expect(body.errors).toBeUndefined();
    const rows = await auditSince(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: USER.northPolice,
      user_name: 'Paul Mockridge',
      organisation: 'South Yorkshire Police',
      role: 'MEMBER of North Joint Tasking Group; MEMBER of North Neighbourhood Meeting',
      operation: 'READ',
    });
  });

  it('writes no row for a response without personal data', async () => {
    const before = await lastAuditId();
    const body = await as('seed:north-chair', CaseTitleDocument, { id: String(CASE.north) });
    expect(body.errors).toBeUndefined();
    expect(await auditSince(before)).toEqual([]);
  });

  // Personal data is read and audited in one transaction per batch of cases: cases reached through
  // different root fields, or at different depths, are read (and audited) separately. Each case
  // appears in exactly one row, with the response's purpose.
  it('audits every case of a response with personal data from two root fields, each case once', async () => {
    const before = await lastAuditId();
    const body = await as('seed:north-chair', TwoCasesPersonalDocument, {
      a: String(CASE.north),
      b: String(CASE.northOther),
      purpose: 'Comparing two cases',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.a.personal!.people.length + body.data!.b.personal!.people.length).toBeGreaterThan(0);
    const rows = await auditSince(before);
    expect(rows.flatMap((r) => r.case_ids.map(Number)).sort((a, b) => a - b)).toEqual([CASE.north, CASE.northOther]);
    expect(rows.every((r) => r.purpose === 'Comparing two cases' && r.operation === 'READ')).toBe(true);
  });

  it('audits a case and its earlier cases (two depths), each case once', async () => {
    // Case 4 has an earlier case at the same place, case 3 (both North JTG).
    const before = await lastAuditId();
    const body = await as('seed:north-chair', CaseAndEarlierCasesPersonalDocument, {
      id: '4',
      purpose: 'Looking at the history of the place',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.case.earlierCases.map((c) => c.id)).toEqual(['3']);
    const rows = await auditSince(before);
    expect(rows.flatMap((r) => r.case_ids.map(Number)).sort((a, b) => a - b)).toEqual([3, 4]);
    expect(rows.every((r) => r.purpose === 'Looking at the history of the place')).toBe(true);
  });

  it('is atomic with the read: when the audit row cannot be written, no personal data is returned', async () => {
    await hub.ownerSql(`alter table audit_entry add constraint audit_test_refuse check (purpose <> 'This audit row will be refused')`);
    try {
      const before = await lastAuditId();
      const body = await as('seed:north-chair', CasePersonalDocument, {
        id: String(CASE.north),
        purpose: 'This audit row will be refused',
      });
      expect(body.data!.case).toEqual({ id: String(CASE.north), personal: null });
      expect(body.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([[['case', 'personal'], 'INTERNAL_SERVER_ERROR']]);
      for (const name of await people([CASE.north])) expect(JSON.stringify(body)).not.toContain(name);
      expect(await auditSince(before)).toEqual([]);
    } finally {
      await hub.ownerSql('alter table audit_entry drop constraint audit_test_refuse');
    }
  });
});

describe('the purpose', () => {
  it.each([
    ['blank', '   '],
    ['empty', ''],
  ])('when %s is BAD_USER_INPUT naming purpose; nothing is read or audited', async (_what, purpose) => {
    const before = await lastAuditId();
    const body = await as('seed:north-chair', CasePersonalDocument, { id: String(CASE.north), purpose });
    expect(body.data!.case).toEqual({ id: String(CASE.north), personal: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['case', 'personal'], extensions: { code: 'BAD_USER_INPUT', field: 'purpose' } });
    expect(body.errors![0].message).toMatch(/purpose/);
    for (const name of await people([CASE.north])) expect(JSON.stringify(body)).not.toContain(name);
    expect(await auditSince(before)).toEqual([]);
  });

  it('over 300 characters is BAD_USER_INPUT naming purpose; 300 is accepted', async () => {
    const before = await lastAuditId();
    const long = await as('seed:north-chair', CasePersonalOnlyDocument, { id: String(CASE.north), purpose: 'x'.repeat(301) });
    expect(long.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'purpose' });
    expect(await auditSince(before)).toEqual([]);
    const ok = await as('seed:north-chair', CasePersonalOnlyDocument, { id: String(CASE.north), purpose: 'x'.repeat(300) });
    expect(ok.errors).toBeUndefined();
    expect(await auditSince(before)).toHaveLength(1);
  });

  it('cannot be left out: the query fails validation and nothing runs', async () => {
    const before = await lastAuditId();
    const res = await hub.post(
      { query: `{ case(id: "${CASE.north}") { id personal { people { name } } } }` },
      await authHeader('seed:north-chair'),
    );
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].message).toBe('Field "personal" argument "purpose" of type "String!" is required, but it was not provided.');
    expect(res.body.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await auditSince(before)).toEqual([]);
  });
});

describe('pushing personal data to a subscription', () => {
  it('writes a PUSH row for the subscriber, naming the case', async () => {
    const head = (
      await hub.ownerSql<{ cursor: string | null }>(
        `select txid::text || '.' || id::text as cursor from outbox_event order by txid desc, id desc limit 1`,
      )
    ).at(0);
    const client: Client = socketClient(hub, 'seed:north-police');
    const before = await lastAuditId();
    const sub = collect(client, GroupUpdatesCasePeopleDocument, { since: head?.cursor ?? '0.0', purpose: 'Following North JTG live' });
    // What arrived without errors, and every error, whether in a result or ending the subscription.
    const received = () => sub.results.filter((r) => !r.errors).map((r) => r.data!);
    const errors = () => [...sub.results.flatMap((r) => r.errors ?? []), ...(sub.ended?.errors ?? [])];
    try {
      const opened = await as('seed:north-chair', OpenCaseIdDocument, {
        input: {
          groupId: String(NJTG),
          title: 'Pushed case',
          category: 'ANTI_SOCIAL_BEHAVIOUR',
          wardCode: 'E05012999', // Dalton & Thrybergh, North
          location: 'Push Lane',
          riskLevel: 'MEDIUM',
          leadAgencyId: '1',
          people: [{ name: 'Petra Pushington', role: 'VICTIM' }],
        },
      });
      expect(opened.errors).toBeUndefined();
      const id = Number(opened.data!.openCase.id);
      await sub.until(() => received().length > 0 || errors().length > 0).catch(() => {});
      expect(errors()).toEqual([]);
      expect(received()).toEqual([
        { taskingGroupUpdates: { type: 'CASE_OPENED', case: { id: String(id), personal: { people: [{ name: 'Petra Pushington' }] } } } },
      ]);
      // The push is audited as the subscriber's, not the author's (whose mutation read no personal data).
      const rows = await auditSince(before);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        user_id: USER.northPolice,
        user_name: 'Paul Mockridge',
        organisation: 'South Yorkshire Police',
        role: 'MEMBER of North Joint Tasking Group',
        purpose: 'Following North JTG live',
        operation: 'PUSH',
      });
      expect(rows[0].case_ids.map(Number)).toEqual([id]);
    } finally {
      sub.stop();
      await client.dispose();
    }
  });
});

describe('the audit trail for admins', () => {
  const readAs = async (subject: string, caseId: number, purpose: string) => {
    const body = await as(subject, CasePersonalOnlyDocument, { id: String(caseId), purpose });
    expect(body.errors).toBeUndefined();
  };

  let entries: AuditRow[] = [];

  beforeAll(async () => {
    const before = await lastAuditId();
    await readAs('seed:north-chair', CASE.north, 'Filter test A');
    await readAs('seed:north-police', CASE.north, 'Filter test B');
    await readAs('seed:central-chair', CASE.central, 'Filter test C');
    await readAs('seed:north-police', CASE.northOther, 'Filter test D');
    entries = await auditSince(before);
    expect(entries.map((e) => e.purpose)).toEqual(['Filter test A', 'Filter test B', 'Filter test C', 'Filter test D']);
  });

  const expectedNode = (r: AuditRow) => ({
    id: r.id,
    at: r.at.toISOString(),
    userId: r.user_id,
    userName: r.user_name,
    organisation: r.organisation,
    role: r.role,
    purpose: r.purpose,
    operation: r.operation,
    caseIds: r.case_ids.map(Number),
  });

  it.each<[string, () => AuditEntriesQueryVariables, (r: AuditRow) => boolean]>([
    ['caseId', () => ({ caseId: String(CASE.north) }), (r: AuditRow) => r.case_ids.map(Number).includes(CASE.north)],
    ['userId', () => ({ userId: String(USER.northPolice) }), (r: AuditRow) => r.user_id === USER.northPolice],
    [
      'caseId and userId',
      () => ({ caseId: String(CASE.north), userId: String(USER.northPolice) }),
      (r: AuditRow) => r.user_id === USER.northPolice && r.case_ids.map(Number).includes(CASE.north),
    ],
  ])('lists the entries matching %s, newest first, as stored', async (_what, vars, matches) => {
    const all = await hub.ownerSql<AuditRow>('select * from audit_entry order by id desc');
    const want = all.filter(matches);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(all.length);
    const body = await as('seed:admin', AuditEntriesDocument, vars());
    expect(body.errors).toBeUndefined();
    const list = body.data!.auditEntries;
    expect(list.totalCount).toBe(want.length);
    expect(list.nodes).toEqual(want.slice(0, 100).map(expectedNode));
  });

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const [, b, c] = entries;
    const body = await as('seed:admin', AuditEntriesDocument, { from: b.at.toISOString(), to: c.at.toISOString() });
    expect(body.errors).toBeUndefined();
    expect(body.data!.auditEntries.nodes.map((n) => n.purpose)).toEqual(['Filter test B']);
    const wide = await as('seed:admin', AuditEntriesDocument, { from: b.at.toISOString() });
    expect(wide.data!.auditEntries.nodes.map((n) => n.purpose)).toEqual(
      expect.arrayContaining(['Filter test B', 'Filter test C', 'Filter test D']),
    );
    expect(wide.data!.auditEntries.nodes.map((n) => n.purpose)).not.toContain('Filter test A');
    const backwards = await as('seed:admin', AuditEntriesDocument, { from: c.at.toISOString(), to: b.at.toISOString() });
    expect(backwards.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('exports CSV, oldest first, whose rows match the entries', async () => {
    const body = await as('seed:admin', AuditExportDocument, { caseId: String(CASE.north) });
    expect(body.errors).toBeUndefined();
    const csv = body.data!.auditExport;
    const rows = parse<Record<string, string>>(csv, { columns: true });
    const want = await hub.ownerSql<AuditRow>('select * from audit_entry where $1 = any(case_ids) order by id', [CASE.north]);
    expect(want.length).toBeGreaterThanOrEqual(2);
    expect(rows).toEqual(
      want.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        user_id: String(r.user_id),
        user_name: r.user_name,
        organisation: r.organisation,
        role: r.role,
        purpose: r.purpose,
        operation: r.operation,
        case_ids: r.case_ids.map(Number).join(' '),
      })),
    );
    // The same filters as the list give the same entries.
    const list = await as('seed:admin', AuditEntriesDocument, { caseId: String(CASE.north) });
    expect(rows.map((r) => r.id).reverse()).toEqual(list.data!.auditEntries.nodes.map((n) => n.id));
    // The header names the columns in the documented order.
    expect(csv.split('\n')[0]).toBe('id,at,user_id,user_name,organisation,role,purpose,operation,case_ids');
  });

  it.each(['seed:north-chair', 'seed:analyst', 'seed:central-chair'])('is FORBIDDEN to %s, list and export alike', async (subject) => {
    for (const read of [
      () => as(subject, AuditEntriesDocument, { caseId: String(CASE.north) }),
      () => as(subject, AuditExportDocument, { caseId: String(CASE.north) }),
    ]) {
      const body = await read();
      expect(body.data).toBeNull();
      expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    const admin = await as('seed:admin', AuditExportDocument, { caseId: String(CASE.north) });
    expect(admin.errors).toBeUndefined();
  });
});

describe('retention', () => {
  const counts = async (id: number) => {
    const [row] = await hub.ownerSql<{ people: number; addresses: number; notes: number; erased: Date | null; status: string }>(
      `select (select count(*)::int from case_person where case_id = c.id) as people,
              (select count(*)::int from case_address where case_id = c.id) as addresses,
              (select count(*)::int from case_note where case_id = c.id) as notes,
              c.personal_erased_at as erased, c.status
         from tasking_case c where c.id = $1`,
      [id],
    );
    return row;
  };

  it('erases the personal data of a case closed past the retention period, keeps the case, and audits it; a case closed yesterday is untouched', async () => {
    const old = CASE.north; // NJTG, open in the seed
    const recent = CASE.northOther;
    for (const id of [old, recent]) {
      await hub.ownerSql(`insert into case_address (case_id, address, postcode) values ($1, '1 Retention Row', 'S60 1AA')`, [id]);
    }
    await hub.ownerSql(`update tasking_case set status = 'CLOSED', closed_at = now() - interval '3 years' where id = $1`, [old]);
    await hub.ownerSql(`update tasking_case set status = 'CLOSED', closed_at = now() - interval '1 day' where id = $1`, [recent]);
    const oldBefore = await counts(old);
    const recentBefore = await counts(recent);
    expect(oldBefore.people).toBeGreaterThan(0);
    expect(oldBefore.addresses).toBeGreaterThan(0);
    expect(oldBefore.notes).toBeGreaterThan(0);
    expect(recentBefore.people + recentBefore.notes).toBeGreaterThan(0);

    const summary = async () => (await as('seed:analyst', ClosedCaseSummaryDocument, {})).data!;
    const summaryBefore = await summary();
    const before = await lastAuditId();
    const startedAt = Date.now();

    expect(await hub.app.scheduler.runNow('case-retention')).toBe(true);

    expect(await counts(old)).toMatchObject({ people: 0, addresses: 0, notes: 0, status: 'CLOSED' });
    const erasedAt = (await counts(old)).erased!;
    expect(erasedAt).toBeInstanceOf(Date);
    expect(erasedAt.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(await counts(recent)).toEqual(recentBefore);

    const erase = await auditSince(before);
    expect(erase).toHaveLength(1);
    expect(erase[0]).toMatchObject({ operation: 'ERASE', user_id: 0 });
    expect(erase[0].case_ids.map(Number)).toEqual([old]);
    expect(erase[0].purpose).toMatch(/730 days/);

    // Over GraphQL: the case is still there with its erasure date, and personal is null (and unaudited).
    const afterErase = await lastAuditId();
    const body = await as('seed:north-chair', CaseErasureDocument, { id: String(old), purpose: 'After erasure' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.a).toEqual({ id: String(old), status: 'CLOSED', personalErasedAt: erasedAt.toISOString(), personal: null });
    expect(await auditSince(afterErase)).toEqual([]);
    const recentBody = await as('seed:north-chair', CaseErasedAtDocument, { id: String(recent), purpose: 'Still here' });
    expect(recentBody.data!.case.personalErasedAt).toBeNull();
    expect(recentBody.data!.case.personal!.people.length).toBe(recentBefore.people);

    // Aggregates still count it: the same closed-case figures as before the erasure.
    const summaryAfter = await summary();
    expect(summaryAfter).toEqual(summaryBefore);
    const [closed] = await hub.ownerSql<{ n: number }>(`select count(*)::int as n from tasking_case where status = 'CLOSED'`);
    expect(summaryAfter.caseSummary.total).toBe(closed.n);

    // Running again erases nothing more and writes no second ERASE row.
    const again = await lastAuditId();
    expect(await hub.app.scheduler.runNow('case-retention')).toBe(true);
    expect(await auditSince(again)).toEqual([]);
  });
});
