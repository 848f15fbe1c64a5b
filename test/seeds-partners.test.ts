import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BUDGET_YEAR,
  FINGERTIPS_HEADER,
  generatePartners,
  HOUSING_MONTHS,
  IMD_HEADER,
  WARD_BUDGET_ORGANISATIONS,
  WARD_BUDGET_TOTAL_PENCE,
  WARD_HOUSING_HUB_TOTAL_PENCE,
} from '../seeds/generate-partners';
import { BUDGET_COLUMNS, budgetsImporter } from '../src/modules/budgets/budgets.importer';
import { HOUSING_COLUMNS, housingImporter } from '../src/modules/housing/housing.importer';
import type { ImportSummary } from '../src/modules/imports/import.service';
import type { Importer } from '../src/modules/imports/import.types';
import {
  FINGERTIPS_COLUMNS,
  fingertipsImporter,
  PARENT_COMPARISON,
  SKIP_OTHER_AREA,
  SKIP_REPEATED,
} from '../src/modules/indicators/fingertips.importer';
import { compareToValue, type Polarity } from '../src/modules/indicators/statistics';
import { SKIP_OUTSIDE } from '../src/modules/imports/import.borough';
import { IMD_COLUMNS, IMD_DOMAINS, imdImporter } from '../src/modules/profiles/imd.importer';
import { projectRoot } from '../src/paths';
import { importWith, useImportDatabase } from './support/imports';

const SEED_DIR = path.join(projectRoot(), 'seeds/data');
const OPTIONS = { who: 'test', illustrative: true };
const AIMS = ['BEST_START_IN_LIFE', 'MENTAL_HEALTH_AND_WELLBEING', 'LIVE_WELL_FOR_LONGER', 'HEALTHY_SAFE_RESILIENT_COMMUNITIES'];
const PLACEHOLDER_FROM = 990_001;
/** The indicators whose ward rows leave the confidence interval cells blank, for the hub to work out. */
const HUB_COMPUTES = [93105, 93098];
const SUPPRESSED = 'Value suppressed for disclosure control due to small count';

type Row = Record<string, string>;

function readRows(file: string): Row[] {
  return parse<Row>(fs.readFileSync(file), { columns: true, skip_empty_lines: true });
}

/** The first line of a file, split as CSV. */
function headerOf(file: string): string[] {
  return parse(fs.readFileSync(file, 'utf8').split('\n')[0])[0];
}

const pence = (amount: string) => {
  expect(amount).toMatch(/^\d+\.\d{2}$/);
  return Number(amount.replace('.', ''));
};

const catalogue = readRows(path.join(SEED_DIR, 'indicators.csv'));
const seedLsoas = readRows(path.join(SEED_DIR, 'lsoas.csv'));
const seedDeprivation = readRows(path.join(SEED_DIR, 'lsoa-deprivation.csv'));
const seedWards = readRows(path.join(SEED_DIR, 'wards.csv'));
const plans2023 = new Map(
  (
    JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'ward-plans.json'), 'utf8')) as Array<{
      ward_code: string;
      year: number;
      priorities: Array<{ theme: string }>;
    }>
  )
    .filter((p) => p.year === 2023)
    .map((p) => [p.ward_code, p.priorities.map((q) => q.theme)]),
);

let dirA: string;
let dirB: string;
let files: Record<string, string>;
let filesB: Record<string, string>;
let generateMs: number;

beforeAll(() => {
  dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-partners-a-'));
  dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-partners-b-'));
  const started = process.hrtime.bigint();
  files = generatePartners(dirA);
  generateMs = Number(process.hrtime.bigint() - started) / 1e6;
  filesB = generatePartners(dirB);
  console.log(`generatePartners: ${generateMs.toFixed(0)} ms`);
});

afterAll(() => {
  fs.rmSync(dirA, { recursive: true, force: true });
  fs.rmSync(dirB, { recursive: true, force: true });
});

describe('generatePartners', () => {
  it('writes the four files, byte-identical on every run, with LF line endings', () => {
    expect(files).toEqual({
      fingertips: path.join(dirA, 'fingertips.csv'),
      imd2019: path.join(dirA, 'imd2019.csv'),
      housing: path.join(dirA, 'housing.csv'),
      'ward-budgets': path.join(dirA, 'ward-budgets.csv'),
    });
    expect(Object.keys(filesB)).toEqual(Object.keys(files));
    for (const kind of Object.keys(files)) {
      expect(fs.readFileSync(filesB[kind]).equals(fs.readFileSync(files[kind]))).toBe(true);
      const text = fs.readFileSync(files[kind], 'utf8');
      expect(text.includes('\r')).toBe(false);
      expect(text.endsWith('\n')).toBe(true);
    }
  });
});

describe('the indicator catalogue (seeds/data/indicators.csv)', () => {
  it('has at least 20 indicators, at least 4 for each Health and Wellbeing aim, described', () => {
    expect(headerOf(path.join(SEED_DIR, 'indicators.csv'))).toEqual([
      'id',
      'name',
      'aim',
      'polarity',
      'value_type',
      'multiplier',
      'unit',
      'description',
    ]);
    expect(catalogue.length).toBeGreaterThanOrEqual(20);
    expect(new Set(catalogue.map((i) => i.id)).size).toBe(catalogue.length);
    for (const aim of AIMS) expect(catalogue.filter((i) => i.aim === aim).length).toBeGreaterThanOrEqual(4);
    const broken = catalogue.filter(
      (i) =>
        !AIMS.includes(i.aim) ||
        !['HIGH_IS_GOOD', 'LOW_IS_GOOD', 'NONE'].includes(i.polarity) ||
        !['PROPORTION', 'RATE', 'COUNT', 'OTHER'].includes(i.value_type) ||
        !/^[1-9]\d*$/.test(i.multiplier) ||
        !i.unit ||
        !i.description ||
        (i.value_type === 'PROPORTION' && (i.multiplier !== '100' || i.unit !== '%')) ||
        (i.value_type === 'RATE' && !/^per [\d,]+$/.test(i.unit)),
    );
    expect(broken).toEqual([]);
  });

  it('keeps placeholder IDs apart from the Fingertips IDs it could confirm, and says which is which', () => {
    const placeholders = catalogue.filter((i) => Number(i.id) >= PLACEHOLDER_FROM);
    const confirmed = catalogue.filter((i) => Number(i.id) < PLACEHOLDER_FROM);
    expect(placeholders.filter((i) => !i.description.includes('Placeholder ID'))).toEqual([]);
    expect(confirmed.filter((i) => !i.description.includes('Fingertips Indicator ID confirmed'))).toEqual([]);
    expect(confirmed.length).toBeGreaterThan(placeholders.length);
  });
});

describe('fingertips.csv', () => {
  let rows: Row[];
  beforeAll(() => {
    rows = readRows(files.fingertips);
  });

  it("carries the importer's columns, the parent comparison and the newer trailing columns", () => {
    const header = headerOf(files.fingertips);
    expect(header).toEqual([...FINGERTIPS_HEADER]);
    for (const c of FINGERTIPS_COLUMNS) expect(header).toContain(c);
    expect(header.filter((h) => PARENT_COMPARISON.test(h))).toEqual(['Compared to Districts & UAs (from Apr 2023) value or percentiles']);
  });

  it('has 3 to 5 periods per indicator, each with England, the region, the borough twice and all 25 wards', () => {
    const wardCodes = seedWards.map((w) => w.code).sort();
    for (const indicator of catalogue) {
      const mine = rows.filter((r) => r['Indicator ID'] === indicator.id);
      expect(mine.every((r) => r['Indicator Name'] === indicator.name)).toBe(true);
      const periods = [...new Set(mine.map((r) => r['Time period']))];
      expect(periods.length).toBeGreaterThanOrEqual(3);
      expect(periods.length).toBeLessThanOrEqual(5);
      for (const period of periods) {
        const at = mine.filter((r) => r['Time period'] === period);
        expect(new Set(at.map((r) => r['Time period Sortable'])).size).toBe(1);
        expect(at.filter((r) => r['Area Type'] === 'England' && r['Area Code'] === 'E92000001')).toHaveLength(1);
        expect(at.filter((r) => r['Area Type'] === 'Region')).toHaveLength(1);
        const borough = at.filter((r) => r['Area Code'] === 'E08000018');
        expect(borough.map((r) => r['Area Type']).sort()).toEqual(['Counties & UAs (from Apr 2023)', 'Districts & UAs (from Apr 2023)']);
        const wards = at.filter((r) => r['Area Type'] === 'Ward');
        expect(wards.map((r) => r['Area Code']).sort()).toEqual(wardCodes);
        expect(wards.every((r) => r['Parent Code'] === 'E08000018')).toBe(true);
      }
      // Sortable periods run in the same order as the periods.
      const sortables = periods.map((p) => Number(mine.find((r) => r['Time period'] === p)!['Time period Sortable']));
      expect(sortables).toEqual([...sortables].sort((a, b) => a - b));
    }
  });

  it('gives counts and denominators that make the value, and intervals that match the comparison labels', () => {
    const indicator = new Map(catalogue.map((i) => [i.id, i]));
    const england = new Map(
      rows.filter((r) => r['Area Type'] === 'England').map((r) => [`${r['Indicator ID']}|${r['Time period']}`, Number(r.Value)]),
    );
    const labels: Record<string, string> = {
      BETTER: 'Better 95%',
      WORSE: 'Worse 95%',
      SIMILAR: 'Similar',
      HIGHER: 'Higher',
      LOWER: 'Lower',
      NOT_COMPARED: 'Not compared',
    };
    const broken = rows.filter((r) => {
      const i = indicator.get(r['Indicator ID'])!;
      if (r.Value === '') return false;
      const value = Number(r.Value);
      if (r.Count !== '' && i.value_type !== 'OTHER') {
        if (Math.abs((Number(r.Count) / Number(r.Denominator)) * Number(i.multiplier) - value) > 1e-4) return true;
      }
      if (r['Area Type'] === 'England') return r['Compared to England value or percentiles'] !== 'Not compared';
      const lower = r['Lower CI 95.0 limit'];
      const upper = r['Upper CI 95.0 limit'];
      const expected =
        lower === ''
          ? 'NOT_COMPARED'
          : compareToValue(
              { lower: Number(lower), upper: Number(upper) },
              england.get(`${r['Indicator ID']}|${r['Time period']}`),
              i.polarity as Polarity,
            );
      if (lower !== '' && !(Number(lower) <= value && value <= Number(upper))) return true;
      return r['Compared to England value or percentiles'] !== labels[expected];
    });
    expect(broken.slice(0, 3)).toEqual([]);
    // The parent column: wards against the borough, the borough against the region, the region against England.
    const parentColumn = 'Compared to Districts & UAs (from Apr 2023) value or percentiles';
    const valueOf = new Map(rows.map((r) => [`${r['Indicator ID']}|${r['Time period']}|${r['Area Code']}`, Number(r.Value)]));
    const parentBroken = rows.filter((r) => {
      const i = indicator.get(r['Indicator ID'])!;
      if (r['Area Type'] === 'England' || r.Value === '' || r['Lower CI 95.0 limit'] === '') {
        return r['Area Type'] === 'England' && r[parentColumn] !== 'Not compared';
      }
      const parent = valueOf.get(`${r['Indicator ID']}|${r['Time period']}|${r['Parent Code']}`);
      const expected = compareToValue(
        { lower: Number(r['Lower CI 95.0 limit']), upper: Number(r['Upper CI 95.0 limit']) },
        parent,
        i.polarity as Polarity,
      );
      return r[parentColumn] !== labels[expected];
    });
    expect(parentBroken.slice(0, 3)).toEqual([]);
    // All three ways of comparing appear, and the NONE indicators say Higher or Lower.
    const seen = new Set(rows.map((r) => r['Compared to England value or percentiles']));
    for (const label of ['Better 95%', 'Similar', 'Worse 95%', 'Higher', 'Lower', 'Not compared']) expect(seen).toContain(label);
  });

  it('leaves ward intervals blank for two indicators, with count and denominator, and suppresses a few small counts', () => {
    for (const id of HUB_COMPUTES) {
      const wards = rows.filter((r) => r['Indicator ID'] === String(id) && r['Area Type'] === 'Ward');
      expect(wards.length).toBeGreaterThanOrEqual(75);
      const broken = wards.filter(
        (r) =>
          r['Lower CI 95.0 limit'] !== '' ||
          r['Upper CI 99.8 limit'] !== '' ||
          r.Value === '' ||
          r.Count === '' ||
          r.Denominator === '' ||
          r['Compared to England value or percentiles'] !== 'Not compared',
      );
      expect(broken.slice(0, 3)).toEqual([]);
      // Their borough and England rows keep their intervals.
      expect(rows.filter((r) => r['Indicator ID'] === String(id) && r['Area Type'] !== 'Ward' && r['Lower CI 95.0 limit'] === '')).toEqual(
        [],
      );
    }
    const suppressed = rows.filter((r) => r['Value note'] === SUPPRESSED);
    expect(suppressed.length).toBeGreaterThanOrEqual(2);
    expect(suppressed.length).toBeLessThanOrEqual(15);
    expect(
      suppressed.filter((r) => r['Area Type'] !== 'Ward' || r.Value !== '' || r.Count !== '' || r['Lower CI 95.0 limit'] !== ''),
    ).toEqual([]);
    // Apart from those, every row has a value, and intervals unless it is one of the hub's to work out.
    const others = rows.filter(
      (r) => r['Value note'] !== SUPPRESSED && !(HUB_COMPUTES.includes(Number(r['Indicator ID'])) && r['Area Type'] === 'Ward'),
    );
    expect(others.filter((r) => r.Value === '' || r['Lower CI 95.0 limit'] === '' || r['Upper CI 99.8 limit'] === '').slice(0, 3)).toEqual(
      [],
    );
    const trends = new Set(rows.map((r) => r['Recent Trend']));
    for (const t of ['Cannot be calculated', 'No significant change']) expect(trends).toContain(t);
    expect([...trends].some((t) => /^(Increasing|Decreasing) and getting (better|worse)$/.test(t))).toBe(true);
  });

  it('makes deprived wards fare worse: income deprivation and early deaths follow the ward IMD score', () => {
    const wardScore = new Map<string, number>();
    const population = new Map<string, number>();
    const wardOf = new Map(seedLsoas.map((l) => [l.code, l.ward_code]));
    for (const d of seedDeprivation) {
      const w = wardOf.get(d.lsoa_code)!;
      wardScore.set(w, (wardScore.get(w) ?? 0) + Number(d.imd_score) * Number(d.population));
      population.set(w, (population.get(w) ?? 0) + Number(d.population));
    }
    const byScore = [...wardScore.keys()].sort((a, b) => wardScore.get(a)! / population.get(a)! - wardScore.get(b)! / population.get(b)!);
    const latest = (id: number) => {
      const mine = rows.filter((r) => r['Indicator ID'] === String(id) && r['Area Type'] === 'Ward');
      const last = Math.max(...mine.map((r) => Number(r['Time period Sortable'])));
      return new Map(mine.filter((r) => Number(r['Time period Sortable']) === last).map((r) => [r['Area Code'], Number(r.Value)]));
    };
    const mean = (values: Map<string, number>, codes: string[]) => codes.reduce((s, c) => s + values.get(c)!, 0) / codes.length;
    for (const id of [990007, 93252, 93097]) {
      const values = latest(id);
      expect(mean(values, byScore.slice(-5))).toBeGreaterThan(1.3 * mean(values, byScore.slice(0, 5)));
    }
    const life = latest(93283);
    expect(mean(life, byScore.slice(0, 5)) - mean(life, byScore.slice(-5))).toBeGreaterThan(3);
  });
});

describe('imd2019.csv', () => {
  let rows: Row[];
  beforeAll(() => {
    rows = readRows(files.imd2019);
  });

  it("carries File 7's 57 columns, including every column the importer reads", () => {
    const header = headerOf(files.imd2019);
    expect(header).toEqual([...IMD_HEADER]);
    expect(header).toHaveLength(57);
    for (const c of IMD_COLUMNS) expect(header.map((h) => h.trim())).toContain(c);
  });

  it("repeats the seed's IMD score, rank, decile and population exactly for every borough LSOA", () => {
    const borough = rows.filter((r) => r['Local Authority District code (2019)'] === 'E08000018');
    expect(borough.map((r) => r['LSOA code (2011)']).sort()).toEqual(seedLsoas.map((l) => l.code).sort());
    const names = new Map(seedLsoas.map((l) => [l.code, l.name]));
    const written = new Map(borough.map((r) => [r['LSOA code (2011)'], r]));
    const mismatches = seedDeprivation.filter((d) => {
      const r = written.get(d.lsoa_code)!;
      return (
        r['Index of Multiple Deprivation (IMD) Score'] !== d.imd_score ||
        r['Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)'] !== d.imd_rank ||
        r['Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)'] !== d.imd_decile ||
        r['Total population: mid 2015 (excluding prisoners)'] !== d.population ||
        r['LSOA name (2011)'] !== names.get(d.lsoa_code) ||
        r['Local Authority District name (2019) '] !== 'Rotherham'
      );
    });
    expect(mismatches).toEqual([]);
  });

  it('adds 30 LSOAs of neighbouring authorities that are not in the hub, and consistent domains', () => {
    const codes = new Set(seedLsoas.map((l) => l.code));
    const outside = rows.filter((r) => r['Local Authority District code (2019)'] !== 'E08000018');
    expect(outside).toHaveLength(30);
    expect(outside.filter((r) => codes.has(r['LSOA code (2011)']))).toEqual([]);
    expect(new Set(outside.map((r) => r['Local Authority District name (2019) ']))).toEqual(
      new Set(['Barnsley', 'Doncaster', 'Sheffield']),
    );
    expect(new Set(rows.map((r) => r['LSOA code (2011)'])).size).toBe(rows.length);
    // Deciles follow ranks; rates are rates; the income domain follows the IMD closely (rank correlation).
    for (const d of IMD_DOMAINS) {
      const bad = rows.filter((r) => {
        const rank = Number(r[d.rank]);
        const score = Number(r[d.score]);
        return (
          Number(r[d.decile]) !== Math.min(10, Math.max(1, Math.ceil(rank / 3284.4))) ||
          (d.min !== undefined && score < d.min) ||
          (d.max !== undefined && score > d.max)
        );
      });
      expect(bad.slice(0, 2)).toEqual([]);
    }
    const rankOf = (column: string) => {
      const order = rows.map((r, i) => ({ i, v: Number(r[column]) })).sort((a, b) => a.v - b.v);
      const ranks = new Array<number>(rows.length);
      order.forEach((o, k) => (ranks[o.i] = k));
      return ranks;
    };
    const a = rankOf(IMD_DOMAINS[0].rank);
    const b = rankOf(IMD_DOMAINS[1].rank);
    const n = rows.length;
    const spearman = 1 - (6 * a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0)) / (n * (n * n - 1));
    expect(spearman).toBeGreaterThan(0.85);
    // More deprived, higher income-deprivation score.
    const scoreOf = (r: Row) => Number(r['Income Score (rate)']);
    const byImd = rows.slice().sort((x, y) => Number(x[IMD_DOMAINS[0].rank]) - Number(y[IMD_DOMAINS[0].rank]));
    const fifth = Math.floor(n / 5);
    const avg = (rs: Row[]) => rs.reduce((s, r) => s + scoreOf(r), 0) / rs.length;
    expect(avg(byImd.slice(0, fifth))).toBeGreaterThan(3 * avg(byImd.slice(-fifth)));
  });
});

describe('housing.csv', () => {
  it('has every ward for every month 2022-11 to 2024-10, with about 20,000 council homes', () => {
    expect(headerOf(files.housing)).toEqual([...HOUSING_COLUMNS]);
    const rows = readRows(files.housing);
    expect(rows).toHaveLength(25 * 24);
    expect(HOUSING_MONTHS[0]).toBe('2022-11');
    expect(HOUSING_MONTHS[23]).toBe('2024-10');
    for (const w of seedWards) expect(rows.filter((r) => r.ward_code === w.code).map((r) => r.month)).toEqual([...HOUSING_MONTHS]);
    const n = (r: Row, c: string) => Number(r[c]);
    const broken = rows.filter(
      (r) =>
        HOUSING_COLUMNS.slice(2).some((c) => !/^\d+$/.test(r[c])) ||
        n(r, 'voids') > n(r, 'stock') ||
        n(r, 'repairs_in_target') > n(r, 'repairs_completed'),
    );
    expect(broken).toEqual([]);
    for (const month of [HOUSING_MONTHS[0], HOUSING_MONTHS[23]]) {
      const at = rows.filter((r) => r.month === month);
      const stock = at.reduce((s, r) => s + n(r, 'stock'), 0);
      expect(stock).toBeGreaterThan(19_000);
      expect(stock).toBeLessThanOrEqual(20_500);
      const voids = at.reduce((s, r) => s + n(r, 'voids'), 0) / stock;
      expect(voids).toBeGreaterThan(0.01);
      expect(voids).toBeLessThan(0.03);
    }
    const completed = rows.reduce((s, r) => s + n(r, 'repairs_completed'), 0);
    const inTarget = rows.reduce((s, r) => s + n(r, 'repairs_in_target'), 0);
    expect(inTarget / completed).toBeGreaterThan(0.85);
    expect(inTarget / completed).toBeLessThan(0.95);
  });
});

describe('ward-budgets.csv', () => {
  let rows: Row[];
  beforeAll(() => {
    rows = readRows(files['ward-budgets']);
  });

  it('allocates exactly £303,500.00 of ward budgets to 239 organisations and £203,700.00 of Ward Housing Hub money', () => {
    expect(headerOf(files['ward-budgets'])).toEqual([...BUDGET_COLUMNS]);
    const fund = (f: string) => rows.filter((r) => r.fund === f);
    const total = (rs: Row[]) => rs.reduce((s, r) => s + pence(r.amount_gbp), 0);
    expect(total(fund('WARD_BUDGET'))).toBe(WARD_BUDGET_TOTAL_PENCE);
    expect(WARD_BUDGET_TOTAL_PENCE).toBe(30_350_000);
    expect(total(fund('WARD_HOUSING_HUB'))).toBe(WARD_HOUSING_HUB_TOTAL_PENCE);
    expect(WARD_HOUSING_HUB_TOTAL_PENCE).toBe(20_370_000);
    const organisations = new Set(fund('WARD_BUDGET').map((r) => r.organisation));
    expect(organisations.size).toBe(WARD_BUDGET_ORGANISATIONS);
    expect(WARD_BUDGET_ORGANISATIONS).toBe(239);
    // Housing Hub recipients are among them; each organisation belongs to one ward.
    expect(fund('WARD_HOUSING_HUB').filter((r) => !organisations.has(r.organisation))).toEqual([]);
    const wardsOf = new Map<string, Set<string>>();
    for (const r of [...fund('WARD_BUDGET'), ...fund('WARD_HOUSING_HUB')]) {
      wardsOf.set(r.organisation, (wardsOf.get(r.organisation) ?? new Set()).add(r.ward_code));
    }
    expect([...wardsOf].filter(([, w]) => w.size > 1)).toEqual([]);
    // Every ward has ward budget allocations.
    expect(new Set(fund('WARD_BUDGET').map((r) => r.ward_code)).size).toBe(25);
  });

  it('dates every allocation in 2020/21 and links ward money to a theme of the ward 2023 plan', () => {
    expect(rows.filter((r) => r.financial_year !== BUDGET_YEAR || r.allocated_on < '2020-04-01' || r.allocated_on > '2021-03-31')).toEqual(
      [],
    );
    expect(rows.filter((r) => r.fund !== 'PARTNER_CONTRIBUTION' && !plans2023.get(r.ward_code)!.includes(r.priority))).toEqual([]);
    expect(rows.filter((r) => pence(r.amount_gbp) <= 0)).toEqual([]);
  });

  it('puts partner contributions in the most deprived wards', () => {
    const partner = rows.filter((r) => r.fund === 'PARTNER_CONTRIBUTION');
    expect(partner.length).toBeGreaterThanOrEqual(3);
    const wardOf = new Map(seedLsoas.map((l) => [l.code, l.ward_code]));
    const score = new Map<string, [number, number]>();
    for (const d of seedDeprivation) {
      const [s, p] = score.get(wardOf.get(d.lsoa_code)!) ?? [0, 0];
      score.set(wardOf.get(d.lsoa_code)!, [s + Number(d.imd_score) * Number(d.population), p + Number(d.population)]);
    }
    const mostDeprived = [...score]
      .sort((a, b) => b[1][0] / b[1][1] - a[1][0] / a[1][1])
      .slice(0, 8)
      .map(([w]) => w);
    expect(partner.filter((r) => !mostDeprived.includes(r.ward_code))).toEqual([]);
    expect(partner.map((r) => r.organisation)).toEqual(expect.arrayContaining(['South Yorkshire Police', 'Rotherfed']));
  });
});

describe('importing the generated files through their importers', () => {
  const { client } = useImportDatabase();
  const timings: string[] = [];

  beforeAll(async () => {
    // The catalogue first, as the seed loader does, so that imported values find their indicators described.
    for (const i of catalogue) {
      await client.query(
        `insert into indicator (id, name, aim, polarity, value_type, multiplier, unit, description)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (id) do update set name = excluded.name, aim = excluded.aim, polarity = excluded.polarity,
           value_type = excluded.value_type, multiplier = excluded.multiplier, unit = excluded.unit, description = excluded.description`,
        [Number(i.id), i.name, i.aim, i.polarity, i.value_type, Number(i.multiplier), i.unit, i.description],
      );
    }
  });

  afterAll(() => {
    console.log(timings.join('\n'));
  });

  async function load(importer: Importer, file: string): Promise<ImportSummary> {
    const summary = await importWith(client, importer, file, OPTIONS);
    timings.push(`${importer.kind} import: read ${summary.read}, loaded ${summary.loaded} in ${summary.milliseconds} ms`);
    return summary;
  }

  it('imd2019.csv: loads the 167 borough LSOAs, skips the 30 outside, and keeps the ward figures', async () => {
    const summary = await load(imdImporter, files.imd2019);
    expect(summary).toMatchObject({ period: '2019', read: 197, loaded: 167, skipped: { [SKIP_OUTSIDE]: 30 } });
    expect(summary.wardCodes).toHaveLength(25);
    const { rows } = await client.query<{
      lsoa_code: string;
      imd_score: number;
      imd_rank: number;
      imd_decile: number;
      population: number;
      domains: Record<string, unknown>;
    }>(
      'select lsoa_code, imd_score, imd_rank, imd_decile, population, domains from lsoa_deprivation where source_id = $1 order by lsoa_code',
      [summary.sourceId],
    );
    expect(rows.map((r) => [r.lsoa_code, r.imd_score, r.imd_rank, r.imd_decile, r.population])).toEqual(
      seedDeprivation
        .map((d) => [d.lsoa_code, Number(d.imd_score), Number(d.imd_rank), Number(d.imd_decile), Number(d.population)])
        .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    expect(Object.keys(rows[0].domains).sort()).toEqual(
      IMD_DOMAINS.slice(1)
        .map((d) => d.key)
        .sort(),
    );
  });

  it('fingertips.csv: loads England, the borough and the wards, skipping the region and the repeated borough rows', async () => {
    const rows = readRows(files.fingertips);
    const periods = new Set(rows.map((r) => `${r['Indicator ID']}|${r['Time period']}`)).size;
    expect(periods).toBe(78);
    const summary = await load(fingertipsImporter, files.fingertips);
    expect(summary).toMatchObject({
      read: 2262,
      loaded: 2106,
      skipped: { [SKIP_OTHER_AREA]: 78, [SKIP_REPEATED]: 78 },
    });
    expect(summary.read).toBe(periods * 29);
    expect(summary.loaded).toBe(periods * 27);
    expect(summary.wardCodes).toHaveLength(25);
    const { rows: stored } = await client.query<{ id: number; n: number; blank: number; suppressed: number; aim: string | null }>(
      `select v.indicator_id as id, count(*)::int as n,
              count(*) filter (where v.area_type = 'Ward' and v.lower95 is null and v.value is not null
                                 and v.count is not null and v.denominator is not null)::int as blank,
              count(*) filter (where v.value is null and v.value_note = $2)::int as suppressed, i.aim
         from indicator_value v join indicator i on i.id = v.indicator_id
        where v.source_id = $1 group by v.indicator_id, i.aim order by 1`,
      [summary.sourceId, SUPPRESSED],
    );
    expect(stored.map((r) => String(r.id)).sort()).toEqual(catalogue.map((i) => i.id).sort());
    expect(stored.every((r) => r.aim !== null)).toBe(true);
    // The two indicators the hub works intervals out for: every ward row has count and denominator but no interval.
    for (const id of HUB_COMPUTES) {
      const r = stored.find((s) => s.id === id)!;
      expect(r.blank).toBe((r.n / 27) * 25);
    }
    expect(stored.reduce((s, r) => s + r.suppressed, 0)).toBeGreaterThanOrEqual(2);
  });

  it('housing.csv: loads all 600 rows', async () => {
    const summary = await load(housingImporter, files.housing);
    expect(summary).toMatchObject({ period: '2022-11 to 2024-10', read: 600, loaded: 600, skipped: {} });
    expect(summary.wardCodes).toHaveLength(25);
  });

  it('ward-budgets.csv: loads every allocation, to the penny', async () => {
    const summary = await load(budgetsImporter, files['ward-budgets']);
    expect(summary).toMatchObject({ period: '2020/21', read: 352, loaded: 352, skipped: {} });
    const { rows } = await client.query<{ fund: string; total: string; organisations: number }>(
      `select fund, sum(amount)::text as total, count(distinct organisation)::int as organisations
         from budget_allocation where source_id = $1 group by fund order by fund`,
      [summary.sourceId],
    );
    expect(rows).toEqual([
      { fund: 'PARTNER_CONTRIBUTION', total: expect.any(String), organisations: expect.any(Number) },
      { fund: 'WARD_BUDGET', total: '303500.00', organisations: 239 },
      { fund: 'WARD_HOUSING_HUB', total: '203700.00', organisations: expect.any(Number) },
    ]);
  });
});
