/**
 * Figures that agree with the council's (issue 8): the 2020/21 budget counts, spend that is unknown
 * rather than £0, the locality grouping labelled as the assumption it is, a source on every figure
 * (worked ones included), seed files with their SHA-256, and tasking dates that stay ahead of the day
 * the seed is loaded.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { TASKING_AS_AT } from '../seeds/generate-tasking';
import { loadSeeds } from '../seeds/load';
import { SEED_FILES } from '../seeds/read';
import { readTaskingSeed } from '../seeds/tasking';
import { openOrm } from '../src/orm';
import { projectRoot } from '../src/paths';
import {
  LocalityDocument,
  LocalitySourcesDocument,
  TargetingSpendDocument,
  WardBudgetDocument,
  WardIndicatorSourcesDocument,
} from './generated/graphql';
import { useTestApp } from './support/app';
import { createTestDatabase } from './support/db';

const hub = useTestApp();

async function data<T, V>(document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const { body } = await hub.gql(document, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

describe('ward budgets in 2020/21', () => {
  const budget = async (code: string) => (await data(WardBudgetDocument, { code, financialYear: '2020/21' })).ward.budget!;

  it('supported 239 organisations across the borough, as the annual report says: partners that gave money are not among them', async () => {
    expect((await budget('E05013010')).boroughOrganisationsSupported).toBe(239);
  });

  it('counts allocations and organisations per fund, and lists contributing partners apart', async () => {
    const expected = await hub.ownerSql<{ fund: string; amount: number; allocations: number; organisations: number }>(
      `select fund, sum(amount)::float8 as amount, count(*)::int as allocations, count(distinct organisation)::int as organisations
         from budget_allocation where financial_year = '2020/21' group by fund`,
    );
    const byFund = new Map(expected.map((r) => [r.fund, r]));
    const borough = (await budget('E05013010')).boroughByFund;
    expect(borough.map((f) => f.fund)).toEqual(['WARD_BUDGET', 'WARD_HOUSING_HUB', 'PARTNER_CONTRIBUTION']);
    for (const f of borough) {
      const e = byFund.get(f.fund)!;
      expect(f.allocations).toBe(e.allocations);
      expect(f.amount).toBeCloseTo(e.amount, 2);
      if (f.fund === 'PARTNER_CONTRIBUTION') expect(f).toMatchObject({ organisationsSupported: null, contributors: e.organisations });
      else expect(f).toMatchObject({ organisationsSupported: e.organisations, contributors: null });
    }
    expect(borough.find((f) => f.fund === 'WARD_BUDGET')!.amount).toBe(303_500);
    expect(borough.find((f) => f.fund === 'WARD_HOUSING_HUB')!.amount).toBe(203_700);

    // A ward with partner money: the partners are listed as contributors, not as organisations supported.
    const [partnerWard] = await hub.ownerSql<{ ward_code: string; partners: string[] }>(
      `select ward_code, array_agg(distinct organisation order by organisation) as partners from budget_allocation
        where financial_year = '2020/21' and fund = 'PARTNER_CONTRIBUTION' group by 1 order by 1 limit 1`,
    );
    const w = await budget(partnerWard.ward_code);
    expect(w.contributingPartners.map((p) => p.name).sort()).toEqual(partnerWard.partners);
    const supported = w.organisations.map((o) => o.name);
    for (const p of partnerWard.partners) expect(supported).not.toContain(p);
    expect(w.organisationsSupported).toBe(supported.length);
  });
});

describe('targeting', () => {
  const targeting = async (financialYear: string) => (await data(TargetingSpendDocument, { financialYear })).targeting;

  it('answers null spend, with the reason, for a year with no budget data', async () => {
    const rows = await targeting('2019/20');
    expect(rows).toHaveLength(25);
    for (const r of rows) {
      expect(r).toMatchObject({ wardSpend: null, partnerContributions: null, spendPerResident: null });
      expect(r.spendNote).toMatch(/2019\/20/);
      expect(r.spendNote).toMatch(/2020\/21/); // the years that are loaded
    }
  });

  it('names the sources of every row: the budgets, the deprivation, the population and the LSOA lookup', async () => {
    const rows = await targeting('2020/21');
    for (const r of rows) {
      expect(r.spendPerResident).toBeGreaterThan(0);
      expect(r.spendNote).toBeNull();
      expect(new Set(r.sources.map((s) => s.kind))).toEqual(new Set(['ward-budgets', 'deprivation', 'population', 'geography']));
    }
  });
});

/** The grouping DOMAIN.md gives (an assumption that fits the 2018 minutes: no parish councils in Central). */
const GROUPING: Record<string, string[]> = {
  North: ['Hoober', 'Wath', 'Swinton Rockingham', 'Kilnhurst & Swinton East', 'Rawmarsh East', 'Rawmarsh West', 'Dalton & Thrybergh'],
  Central: ['Boston Castle', 'Rotherham East', 'Rotherham West', 'Sitwell', 'Keppel', 'Greasbrough'],
  South: [
    'Anston & Woodsetts',
    'Aston & Todwick',
    'Aughton & Swallownest',
    'Bramley & Ravenfield',
    'Brinsworth',
    'Dinnington',
    'Hellaby & Maltby West',
    'Maltby East',
    'Rother Vale',
    'Thurcroft & Wickersley South',
    'Wales',
    'Wickersley North',
  ],
};

describe('localities', () => {
  it('group the wards as DOMAIN.md does, from a source that says it is an assumption', async () => {
    const d = await data(LocalitySourcesDocument, {});
    const got = Object.fromEntries(d.localities.map((l) => [l.name, l.wards.map((w) => w.name).sort()]));
    expect(got).toEqual(Object.fromEntries(Object.entries(GROUPING).map(([k, v]) => [k, [...v].sort()])));
    for (const l of d.localities) {
      expect(l.source!.illustrative).toBe(true);
      expect(`${l.source!.title} ${l.source!.note}`).toMatch(/assumption/i);
    }
  });

  it('have no parished ward in Central (the 2018 minutes: "none in the central areas")', async () => {
    // The wards with a parish or town council, as seeds/generate.ts links them in ward plans.
    const parished = [
      'Anston & Woodsetts',
      'Aston & Todwick',
      'Aughton & Swallownest',
      'Bramley & Ravenfield',
      'Brinsworth',
      'Dalton & Thrybergh',
      'Dinnington',
      'Hellaby & Maltby West',
      'Maltby East',
      'Thurcroft & Wickersley South',
      'Wales',
      'Wickersley North',
    ];
    const d = await data(LocalityDocument, { name: 'Central' });
    const central = d.locality.wards.map((w) => w.name);
    expect(central.filter((w) => parished.includes(w))).toEqual([]);
  });
});

describe('indicator figures', () => {
  it('name their sources, the locality figures worked out by the hub included', async () => {
    const results = (await data(WardIndicatorSourcesDocument, { code: 'E05013010' })).ward.indicators;
    const localities = results.flatMap((r) => (r.locality ? [r.locality] : []));
    expect(localities.length).toBeGreaterThan(0);
    for (const l of localities) {
      const kinds = new Set(l.sources.map((s) => s.kind));
      expect(kinds.has('indicators')).toBe(true);
      expect(kinds.has('geography')).toBe(true); // the locality grouping it was summed over
    }
    for (const { latest } of results) if (latest) expect(latest.sources).toEqual([latest.source]);
  });
});

describe('seed sources', () => {
  it('carry the SHA-256 of the seed files they were loaded from, like imported files', async () => {
    // Several files: joined in the order of SEED_FILES (boundary sets, then wards).
    const wards = Buffer.concat(
      [SEED_FILES.boundarySets, SEED_FILES.wards].map((f) => fs.readFileSync(path.join(projectRoot(), 'seeds/data', f))),
    );
    const sources = await hub.ownerSql<{ key: string; file_name: string | null; sha256: string | null }>(
      'select key, file_name, sha256 from data_source order by key',
    );
    for (const s of sources) expect([s.key, s.sha256]).toEqual([s.key, expect.stringMatching(/^[0-9a-f]{64}$/)]);
    const councillors = sources.find((s) => s.key === 'seed-councillors-2024')!;
    const file = fs.readFileSync(path.join(projectRoot(), 'seeds/data', SEED_FILES.councillors));
    expect(councillors.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(sources.find((s) => s.key === 'rmbc-wards-2021')!.sha256).toBe(createHash('sha256').update(wards).digest('hex'));
  });
});

describe('the tasking seed loaded years after it was written', () => {
  it('keeps its future meetings and actions after the day it is loaded, on the same weekdays', async () => {
    const db = await createTestDatabase({ empty: true });
    const orm = await openOrm({ clientUrl: db.url });
    const client = new Client({ connectionString: db.url });
    try {
      await orm.migrator.up();
      const today = '2031-06-18';
      await loadSeeds(orm.em.fork(), { today });
      await client.connect();
      const file = readTaskingSeed();
      const futureInFile = file.meetings.filter((m) => m.starts_at.slice(0, 10) > TASKING_AS_AT);
      expect(futureInFile.length).toBeGreaterThan(0);
      const { rows } = await client.query<{ future: number; past: number; weekdays: number[]; actions_ahead: number }>(
        `select count(*) filter (where starts_at > $1::date)::int as future,
                count(*) filter (where starts_at <= $1::date)::int as past,
                array(select distinct extract(isodow from starts_at at time zone 'Europe/London')::int from meeting m
                        join tasking_group g on g.id = m.group_id where g.kind = 'JOINT_TASKING_GROUP' order by 1) as weekdays,
                (select count(*)::int from case_action where due_on > $1::date) as actions_ahead
           from meeting`,
        [today],
      );
      expect(rows[0].future).toBe(futureInFile.length);
      expect(rows[0].past).toBe(file.meetings.length - futureInFile.length);
      expect(rows[0].weekdays).toEqual([2, 3, 4]); // North Tuesdays, Central Wednesdays, South Thursdays
      const aheadInFile = file.cases.flatMap((c) => c.actions).filter((a) => a.due_on > TASKING_AS_AT).length;
      expect(rows[0].actions_ahead).toBe(aheadInFile);
    } finally {
      await client.end().catch(() => undefined);
      await orm.close();
      await db.drop();
    }
  });
});
