import { BoroughCaseSummaryDocument, WardCaseSummariesDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { CALLERS, Callers } from '../../support/callers';
import { statementsOf } from '../../support/statements';

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });
const callers = new Callers(hub);

beforeAll(async () => {
  await callers.init('Ward case summaries');
});

describe('Ward.caseSummary', () => {
  it('counts each ward’s cases as SQL over the cases does, by default those not CLOSED', async () => {
    const body = await callers.gql('analyst', WardCaseSummariesDocument, {});
    expect(body.errors).toBeUndefined();
    const rows = await hub.ownerSql<{ ward_code: string; category: string; n: number }>(
      `select ward_code, category, count(*)::int as n from tasking_case where status <> 'CLOSED' group by 1, 2`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const nodes = body.data!.wards.nodes;
    expect(nodes).toHaveLength(25);
    for (const ward of nodes) {
      const mine = rows.filter((r) => r.ward_code === ward.code);
      const total = mine.reduce((n, r) => n + r.n, 0);
      expect(ward.caseSummary.total).toBe(total);
      expect(Object.fromEntries(ward.caseSummary.byCategory.map((c) => [c.category, c.count]))).toEqual(
        Object.fromEntries(mine.map((r) => [r.category, r.n])),
      );
      expect(ward.caseSummary.byWard).toEqual(total ? [{ ward: { code: ward.code }, count: total }] : []);
      expect(ward.caseSummary.byAge.reduce((n, a) => n + a.count, 0)).toBe(total);
    }
  });

  it('gives every ward the borough summary for that ward, for each status asked', async () => {
    for (const status of [null, ['CLOSED'] as const, ['OPEN', 'REFERRED'] as const]) {
      const body = await callers.gql('analyst', WardCaseSummariesDocument, { status: status ? [...status] : null });
      expect(body.errors).toBeUndefined();
      const withCases = body.data!.wards.nodes.filter((w) => w.caseSummary.total > 0);
      expect(withCases.length).toBeGreaterThan(0);
      for (const ward of withCases.slice(0, 4)) {
        const alone = await callers.gql('analyst', BoroughCaseSummaryDocument, {
          wardCode: ward.code,
          status: status ? [...status] : null,
        });
        const { byWard: _byWard, ...summary } = ward.caseSummary;
        expect(summary).toEqual(alone.data!.caseSummary);
      }
    }
  });

  it('has the access of the borough summary: the same counts for every signed-in caller, the same error for none', async () => {
    const answers = new Map<string, unknown>();
    for (const caller of CALLERS) {
      const wards = await callers.gql(caller, WardCaseSummariesDocument, {});
      const borough = await callers.gql(caller, BoroughCaseSummaryDocument, {});
      if (caller === 'unauthenticated') {
        expect(wards.data ?? null).toBeNull();
        expect(wards.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
        expect(wards.errors![0].extensions!.code).toBe(borough.errors![0].extensions!.code);
        expect(wards.errors![0].message).toBe(borough.errors![0].message);
        continue;
      }
      expect(borough.errors).toBeUndefined();
      expect(wards.errors).toBeUndefined();
      const total = wards.data!.wards.nodes.reduce((n, w) => n + w.caseSummary.total, 0);
      expect(total).toBe(borough.data!.caseSummary.total);
      answers.set(caller, wards.data);
    }
    expect(new Set([...answers.values()].map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it('costs one statement for the whole list of wards', async () => {
    const headers = await callers.headers('analyst');
    const { result, statements } = await statementsOf(hub.app, (h) => hub.gql(WardCaseSummariesDocument, {}, { ...headers, ...h }));
    expect(result.body.errors).toBeUndefined();
    expect(statements.filter((s) => s.includes('case_fact'))).toHaveLength(1);
  });
});
