/**
 * Deterministic generator for the borough's illustrative partner data in the formats the hub's importers read,
 * so that the seed loader can load it through those importers (src/modules/imports) like any real file.
 *
 * It writes, into the folder it is given:
 * - `fingertips.csv`: an OHID Fingertips download (Local Health-style) for every indicator in
 *   seeds/data/indicators.csv: England, the region, the borough (listed twice, under two local-authority area
 *   types, as Fingertips does) and the 25 wards, 3 to 5 periods each;
 * - `imd2019.csv`: English Indices of Deprivation 2019, File 7, for the borough's LSOAs (their IMD score, rank,
 *   decile and population exactly as seeds/data/lsoa-deprivation.csv has them) and 30 LSOAs of neighbouring
 *   authorities, with domain, sub-domain and population denominator columns;
 * - `housing.csv`: council housing figures by ward and month, 2022-11 to 2024-10 (the hub's own format);
 * - `ward-budgets.csv`: ward budget, Ward Housing Hub and partner allocations for 2020/21 (the hub's own format).
 *
 * Every figure is illustrative: made up from the seed wards, LSOAs, population and deprivation (seeds/data) and
 * the constants below, not copied from any publication. Nothing reads the clock or Math.random: a fixed-seed PRNG
 * (mulberry32, one stream per purpose) makes two runs byte-identical. Headers come from the importers' exported
 * column lists, so they cannot drift from what the importers read.
 *
 * From code: `generatePartners(outDir)` returns importer kind → file path.
 * From the command line, after `npm run build`: `node dist/seeds/generate-partners.js <outDir>`.
 */
import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { BUDGET_COLUMNS } from '../src/modules/budgets/budgets.importer';
import { HOUSING_COLUMNS } from '../src/modules/housing/housing.importer';
import { FINGERTIPS_COLUMNS, PARENT_COMPARISON } from '../src/modules/indicators/fingertips.importer';
import {
  compareToValue,
  rateInterval,
  wilsonInterval,
  type Interval,
  type Polarity,
  type Significance,
} from '../src/modules/indicators/statistics';
import { IMD_COLUMNS, IMD_DOMAINS, IMD_LA_NAME, IMD_POPULATION, LSOAS_IN_ENGLAND_2011 } from '../src/modules/profiles/imd.importer';
import { financialYearLabel, monthIndex, monthOf } from '../src/periods';
import { projectRoot } from '../src/paths';
import { SeededRandom, csvLine, pad } from './random';

export type PartnerKind = 'fingertips' | 'imd2019' | 'housing' | 'ward-budgets';

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness (the same PRNG as seeds/generate.ts, a seed of its own)
// ---------------------------------------------------------------------------------------------------------

const SEED = 20200401;

class Rng extends SeededRandom {
  constructor(label: string) {
    super(SEED, label);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

type Row = Record<string, string>;

/** Splits `total` by `weights`, largest remainders first. (Its own arithmetic: the published budget figures depend on it.) */
function apportionShares(total: number, weights: readonly number[]): number[] {
  const w = sum(weights);
  const raw = weights.map((x) => (total * x) / w);
  const out = raw.map(Math.floor);
  let left = total - sum(out);
  const order = raw.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i] += 1;
  return out;
}

function readCsv(file: string): Row[] {
  return parse<Row>(fs.readFileSync(file), { columns: true, skip_empty_lines: true });
}

/** Fixed decimals, trailing zeros dropped ("12.50000" → "12.5", "3.00000" → "3"). */
function fmt(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Rounds as the written figure will read back. */
function rounded(x: number, decimals: number): number {
  return Number(fmt(x, decimals));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function normCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function pounds(pence: number): string {
  return `${Math.floor(pence / 100)}.${pad(pence % 100, 2)}`;
}

/** Weekday of a calendar date (0 = Sunday); pure arithmetic on UTC, no clock involved. */
function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

// ---------------------------------------------------------------------------------------------------------
// The borough as the seed describes it
// ---------------------------------------------------------------------------------------------------------

const BOROUGH = { code: 'E08000018', name: 'Rotherham' };
const REGION = { code: 'E12000003', name: 'Yorkshire and the Humber region (statistical)' };
const ENGLAND = { code: 'E92000001', name: 'England' };
const AGE_BANDS = ['0-4', '5-15', '16-24', '25-44', '45-64', '65-74', '75-84', '85+'] as const;
type AgeBand = (typeof AGE_BANDS)[number];

interface Lsoa {
  code: string;
  name: string;
  wardCode: string;
  score: string;
  rank: number;
  decile: number;
  population: number;
  bands: Record<AgeBand, { female: number; male: number }>;
}

interface Ward {
  code: string;
  name: string;
  locality: string;
  lsoas: Lsoa[];
  population: number;
  /** Residents by age band, both sexes. */
  bands: Record<AgeBand, number>;
  /** Population-weighted IMD score. */
  imdScore: number;
  /** Deprivation in standard deviations from the borough's population-weighted mean: + is more deprived. */
  z: number;
}

interface Seed {
  wards: Ward[];
  lsoas: Lsoa[];
  plans2023: Map<string, string[]>;
}

function readSeed(seedDir: string): Seed {
  const wardsCsv = readCsv(path.join(seedDir, 'wards.csv'));
  const lsoasCsv = readCsv(path.join(seedDir, 'lsoas.csv'));
  const deprivation = new Map(readCsv(path.join(seedDir, 'lsoa-deprivation.csv')).map((d) => [d.lsoa_code, d]));
  const population = new Map<string, Lsoa['bands']>();
  for (const p of readCsv(path.join(seedDir, 'lsoa-population.csv'))) {
    const code = p.lsoa_code;
    if (!population.has(code)) {
      population.set(code, Object.fromEntries(AGE_BANDS.map((b) => [b, { female: 0, male: 0 }])) as Lsoa['bands']);
    }
    // Partial: the age band comes from the CSV, so it may name no band.
    const bands: Partial<Lsoa['bands']> = population.get(code)!;
    const band = bands[p.age_band as AgeBand];
    if (!band) throw new Error(`lsoa-population.csv: unknown age band ${p.age_band}`);
    band[p.sex as 'female' | 'male'] += Number(p.count);
  }
  const lsoas: Lsoa[] = lsoasCsv.map((l) => {
    const d = deprivation.get(l.code);
    const bands = population.get(l.code);
    if (!d || !bands) throw new Error(`no deprivation or population for LSOA ${l.code}`);
    return {
      code: l.code,
      name: l.name,
      wardCode: l.ward_code,
      score: d.imd_score,
      rank: Number(d.imd_rank),
      decile: Number(d.imd_decile),
      population: Number(d.population),
      bands,
    };
  });
  const wards: Ward[] = wardsCsv.map((w) => {
    const mine = lsoas.filter((l) => l.wardCode === w.code);
    if (!mine.length) throw new Error(`ward ${w.code} has no LSOAs`);
    const population = sum(mine.map((l) => l.population));
    const bands = Object.fromEntries(AGE_BANDS.map((b) => [b, sum(mine.map((l) => l.bands[b].female + l.bands[b].male))])) as Record<
      AgeBand,
      number
    >;
    const imdScore = sum(mine.map((l) => Number(l.score) * l.population)) / population;
    return { code: w.code, name: w.name, locality: w.locality, lsoas: mine, population, bands, imdScore, z: 0 };
  });
  const total = sum(wards.map((w) => w.population));
  const mean = sum(wards.map((w) => w.imdScore * w.population)) / total;
  const sd = Math.sqrt(sum(wards.map((w) => (w.imdScore - mean) ** 2 * w.population)) / total);
  for (const w of wards) w.z = (w.imdScore - mean) / sd;

  const plans = JSON.parse(fs.readFileSync(path.join(seedDir, 'ward-plans.json'), 'utf8')) as Array<{
    ward_code: string;
    year: number;
    priorities: Array<{ theme: string }>;
  }>;
  const plans2023 = new Map(plans.filter((p) => p.year === 2023).map((p) => [p.ward_code, p.priorities.map((q) => q.theme)]));
  for (const w of wards) if (!plans2023.get(w.code)?.length) throw new Error(`ward ${w.code} has no 2023 plan`);
  return { wards, lsoas, plans2023 };
}

// ---------------------------------------------------------------------------------------------------------
// IMD 2019, File 7
// ---------------------------------------------------------------------------------------------------------

const DECILE_WIDTH = LSOAS_IN_ENGLAND_2011 / 10;

/** The seed's own IMD score curve (seeds/generate.ts): about 80 at rank 1, 21 at the median, 3 at the last. */
function imdScore(rank: number): number {
  const v = 1 - (rank - 1) / (LSOAS_IN_ENGLAND_2011 - 1);
  return 3 + 74 * Math.pow(v, Math.log(16.5 / 74) / Math.log(0.5)) + 3 * v;
}

/**
 * Each domain's rank follows the IMD rank more or less closely (rho, on the normal scale: income and
 * employment make up most of the IMD, barriers to housing and services hardly follow it); its score is a
 * decreasing function of its rank, in the domain's own units (rates 0-1, z-scores, or 0-100 scores).
 */
interface DomainModel {
  rho: number;
  score(p: number): number;
}

// Partial: keys come from the IMD CSV header, so a lookup can miss.
const DOMAIN_MODELS: Partial<Record<string, DomainModel>> = {
  income: { rho: 0.95, score: (p) => 0.015 + 0.5 * Math.exp(-3.3 * p) },
  employment: { rho: 0.93, score: (p) => 0.01 + 0.4 * Math.exp(-3 * p) },
  education: { rho: 0.85, score: (p) => 0.5 + 95 * Math.exp(-3.6 * p) },
  health: { rho: 0.88, score: (p) => -0.95 * probit(p) },
  crime: { rho: 0.6, score: (p) => -0.85 * probit(p) },
  barriers: { rho: 0.2, score: (p) => 3 + 55 * Math.exp(-2.6 * p) },
  livingEnvironment: { rho: 0.45, score: (p) => 2 + 70 * Math.exp(-3 * p) },
  idaci: { rho: 0.9, score: (p) => 0.02 + 0.6 * Math.exp(-3.2 * p) },
  idaopi: { rho: 0.85, score: (p) => 0.025 + 0.5 * Math.exp(-3.4 * p) },
};

/** File 7's sub-domains (not read by the importer), each following its parent domain. */
const SUB_DOMAINS = [
  { label: 'Children and Young People Sub-domain', parent: 'education' },
  { label: 'Adult Skills Sub-domain', parent: 'education' },
  { label: 'Geographical Barriers Sub-domain', parent: 'barriers' },
  { label: 'Wider Barriers Sub-domain', parent: 'barriers' },
  { label: 'Indoors Sub-domain', parent: 'livingEnvironment' },
  { label: 'Outdoors Sub-domain', parent: 'livingEnvironment' },
] as const;

const IMD_CHILDREN = 'Dependent Children aged 0-15: mid 2015 (excluding prisoners)';
const IMD_16_59 = 'Population aged 16-59: mid 2015 (excluding prisoners)';
const IMD_60_PLUS = 'Older population aged 60 and over: mid 2015 (excluding prisoners)';
const IMD_WORKING_AGE = 'Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)';

/**
 * File 7's header as published: the importer's columns, the sub-domains before the population, the other
 * denominators after it. Two names carry the trailing space they have in the published file.
 */
export const IMD_HEADER: readonly string[] = (() => {
  const head = IMD_COLUMNS.filter((c) => c !== IMD_POPULATION).map((c) => (c === IMD_LA_NAME ? `${c} ` : c));
  const subs = SUB_DOMAINS.flatMap((s) => [
    `${s.label} Score`,
    `${s.label} Rank (where 1 is most deprived)`,
    `${s.label} Decile (where 1 is most deprived 10% of LSOAs)`,
  ]);
  return [...head, ...subs, IMD_POPULATION, IMD_CHILDREN, IMD_16_59, IMD_60_PLUS, `${IMD_WORKING_AGE} `];
})();

/** Neighbouring authorities' LSOAs written to the file (the importer skips them): made-up codes and names. */
const NEIGHBOURS: ReadonlyArray<{ code: string; name: string; firstCode: number; firstMsoa: number }> = [
  { code: 'E08000016', name: 'Barnsley', firstCode: 7260, firstMsoa: 30 },
  { code: 'E08000017', name: 'Doncaster', firstCode: 7520, firstMsoa: 20 },
  { code: 'E08000019', name: 'Sheffield', firstCode: 7851, firstMsoa: 40 },
];
const LSOAS_PER_NEIGHBOUR = 10;

interface ImdRow {
  code: string;
  name: string;
  laCode: string;
  laName: string;
  score: string;
  rank: number;
  decile: number;
  /** Domain key → [score, rank]. */
  domains: Map<string, { score: number; rank: number }>;
  subs: Array<{ score: number; rank: number }>;
  population: number;
  children: number;
  age16to59: number;
  age60plus: number;
  workingAge: number;
}

function decileOf(rank: number): number {
  return clamp(Math.ceil(rank / DECILE_WIDTH), 1, 10);
}

/** A rank near `parentRank`'s percentile (correlation rho on the normal scale), not yet used in `used`. */
function relatedRank(rng: Rng, parentRank: number, rho: number, used: Set<number>): number {
  const q = probit((parentRank - 0.5) / LSOAS_IN_ENGLAND_2011);
  const qd = rho * q + Math.sqrt(1 - rho * rho) * rng.normal();
  let rank = clamp(Math.round(normCdf(qd) * LSOAS_IN_ENGLAND_2011), 1, LSOAS_IN_ENGLAND_2011);
  for (let step = 1; used.has(rank); step++) rank = clamp(rank + (step % 2 ? step : -step), 1, LSOAS_IN_ENGLAND_2011);
  used.add(rank);
  return rank;
}

function imdRows(seed: Seed): ImdRow[] {
  const rng = new Rng('imd2019');
  const boroughCodes = new Set(seed.lsoas.map((l) => l.code));
  const usedImdRanks = new Set(seed.lsoas.map((l) => l.rank));

  interface Draft {
    code: string;
    name: string;
    laCode: string;
    laName: string;
    score: string;
    rank: number;
    population: number;
    bands: Lsoa['bands'];
  }
  const drafts: Draft[] = seed.lsoas.map((l) => ({
    code: l.code,
    name: l.name,
    laCode: BOROUGH.code,
    laName: BOROUGH.name,
    score: l.score,
    rank: l.rank,
    population: l.population,
    bands: l.bands,
  }));
  // Neighbours: ranks spread over the whole country, populations and ages like the borough's.
  const template = seed.lsoas.map((l) => l.bands);
  for (const n of NEIGHBOURS) {
    for (let i = 0; i < LSOAS_PER_NEIGHBOUR; i++) {
      const code = `E0100${n.firstCode + i}`;
      if (boroughCodes.has(code)) throw new Error(`${n.name} code ${code} is one of the borough's LSOAs`);
      let rank = rng.int(1, LSOAS_IN_ENGLAND_2011);
      while (usedImdRanks.has(rank)) rank = rng.int(1, LSOAS_IN_ENGLAND_2011);
      usedImdRanks.add(rank);
      const like = rng.pick(template);
      const scale = 0.85 + 0.3 * rng.float();
      const bands = Object.fromEntries(
        AGE_BANDS.map((b) => [b, { female: Math.round(like[b].female * scale), male: Math.round(like[b].male * scale) }]),
      ) as Lsoa['bands'];
      drafts.push({
        code,
        name: `${n.name} ${pad(n.firstMsoa + Math.floor(i / 4), 3)}${String.fromCharCode(65 + (i % 4))}`,
        laCode: n.code,
        laName: n.name,
        score: imdScore(rank).toFixed(3),
        rank,
        population: sum(AGE_BANDS.map((b) => bands[b].female + bands[b].male)),
        bands,
      });
    }
  }
  drafts.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const domainKeys = IMD_DOMAINS.slice(1).map((d) => d.key);
  const usedByDomain = new Map(domainKeys.map((k) => [k, new Set<number>()]));
  const usedBySub = SUB_DOMAINS.map(() => new Set<number>());
  return drafts.map((d) => {
    const domains = new Map<string, { score: number; rank: number }>();
    for (const key of domainKeys) {
      const model = DOMAIN_MODELS[key];
      if (!model) throw new Error(`no model for IMD domain ${key}`);
      const rank = relatedRank(rng, d.rank, model.rho, usedByDomain.get(key)!);
      domains.set(key, { rank, score: model.score((rank - 0.5) / LSOAS_IN_ENGLAND_2011) });
    }
    const subs = SUB_DOMAINS.map((s, i) => {
      const rank = relatedRank(rng, domains.get(s.parent)!.rank, 0.8, usedBySub[i]);
      return { rank, score: -0.9 * probit((rank - 0.5) / LSOAS_IN_ENGLAND_2011) };
    });
    const b = d.bands;
    const children = b['0-4'].female + b['0-4'].male + b['5-15'].female + b['5-15'].male;
    const age16to59 =
      b['16-24'].female + b['16-24'].male + b['25-44'].female + b['25-44'].male + Math.round(0.75 * (b['45-64'].female + b['45-64'].male));
    const workingAge =
      Math.round((7 / 9) * (b['16-24'].female + b['16-24'].male)) +
      b['25-44'].female +
      b['25-44'].male +
      Math.round(0.75 * b['45-64'].female) +
      b['45-64'].male;
    return {
      code: d.code,
      name: d.name,
      laCode: d.laCode,
      laName: d.laName,
      score: d.score,
      rank: d.rank,
      decile: decileOf(d.rank),
      domains,
      subs,
      population: d.population,
      children,
      age16to59,
      age60plus: d.population - children - age16to59,
      workingAge,
    };
  });
}

function imdCsv(rows: readonly ImdRow[], seed: Seed): string {
  const deciles = new Map(seed.lsoas.map((l) => [l.code, l.decile]));
  const out: string[] = [csvLine(IMD_HEADER)];
  for (const r of rows) {
    const cells: string[] = [r.code, r.name, r.laCode, r.laName, r.score, String(r.rank), String(deciles.get(r.code) ?? r.decile)];
    for (const d of IMD_DOMAINS.slice(1)) {
      const f = r.domains.get(d.key)!;
      cells.push(f.score.toFixed(3), String(f.rank), String(decileOf(f.rank)));
    }
    for (const s of r.subs) cells.push(s.score.toFixed(3), String(s.rank), String(decileOf(s.rank)));
    cells.push(String(r.population), String(r.children), String(r.age16to59), String(r.age60plus), String(r.workingAge));
    if (cells.length !== IMD_HEADER.length) throw new Error(`IMD row has ${cells.length} cells, header ${IMD_HEADER.length}`);
    out.push(csvLine(cells));
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------
// Fingertips
// ---------------------------------------------------------------------------------------------------------

/** Fingertips' area type for the borough: listed under both, as a download for wards in the borough does. */
const BOROUGH_AREA_TYPES = ['Counties & UAs (from Apr 2023)', 'Districts & UAs (from Apr 2023)'] as const;
const WARD_AREA_TYPE = 'Ward';
const PARENT_COLUMN = 'Compared to Districts & UAs (from Apr 2023) value or percentiles';
const SUPPRESSED = 'Value suppressed for disclosure control due to small count';

/** The download's header: the importer's columns with the parent comparison and the newer trailing columns. */
export const FINGERTIPS_HEADER: readonly string[] = (() => {
  if (!PARENT_COMPARISON.test(PARENT_COLUMN)) throw new Error(`${PARENT_COLUMN} is not a parent comparison column`);
  const i = FINGERTIPS_COLUMNS.indexOf('Compared to England value or percentiles');
  return [
    ...FINGERTIPS_COLUMNS.slice(0, i + 1),
    PARENT_COLUMN,
    ...FINGERTIPS_COLUMNS.slice(i + 1),
    'New data',
    'Compared to goal',
    'Time period range',
  ];
})();

interface Period {
  label: string;
  sortable: number;
  range: string;
  /** First year covered, for population growth. */
  start: number;
}

const yy = (y: number) => pad(y % 100, 2);
/** "2019/20". */
const financialYear = (y: number): Period => ({ label: financialYearLabel(y), sortable: y * 10000, range: '1y', start: y });
/** "2017/18 - 19/20". */
const financialYears = (y: number, n: number): Period => ({
  label: `${y}/${yy(y + 1)} - ${yy(y + n - 1)}/${yy(y + n)}`,
  sortable: y * 10000,
  range: `${n}y`,
  start: y,
});
/** "2015 - 19". */
const calendarYears = (y: number, n: number): Period => ({
  label: `${y} - ${yy(y + n - 1)}`,
  sortable: y * 10000,
  range: `${n}y`,
  start: y,
});
/** "2019". */
const calendarYear = (y: number): Period => ({ label: String(y), sortable: y * 10000, range: '1y', start: y });

type Kind = 'proportion' | 'rate' | 'ratio' | 'lifeExpectancy' | 'deprivation';

/**
 * How one indicator's figures are made. Values per period are England's; the borough sits `borough` times
 * England (odds for proportions, rates for rates, the ratio for SARs and SMRs, years for life expectancy), and a
 * ward moves by `gradient` per standard deviation of deprivation (log scale; years for life expectancy), with a
 * lasting ward effect and a little noise each period. Counts are drawn around the expected value, so small
 * wards scatter as real ones do.
 */
interface Model {
  kind: Kind;
  age: string;
  sex: 'Persons' | 'Male';
  periods: Period[];
  /** England's value each period (%, rate per multiplier, or years). Ratios: England is 100 by definition. */
  england: number[];
  borough: number;
  gradient: number;
  /** People (or births, or households) at risk per year, and years pooled. */
  denominator?: (w: Ward) => number;
  years: number;
  /** Ratios: England's events per person-year by age band. */
  bandRates?: Partial<Record<AgeBand, number>>;
  /** Deprivation indicators: the IMD domain and the File 7 denominator it is a share of. */
  domain?: { key: string; base: (r: ImdRow) => number; scale: number[] };
  /** false: leave the confidence interval cells of ward rows blank, for the hub to work out. */
  wardIntervals: boolean;
  /** Suppress ward values resting on fewer events than this. */
  suppressBelow?: number;
  /** Recent trend: 'none' writes "Cannot be calculated" for every row. */
  trend: 'compare' | 'none';
}

const B = (w: Ward, ...bands: AgeBand[]) => sum(bands.map((b) => w.bands[b]));
const NCMP_PERIODS = [2014, 2015, 2016, 2017].map((y) => financialYears(y, 3));
const HES_PERIODS = [2013, 2014, 2015].map((y) => financialYears(y, 5));
const DEATH_PERIODS = [2013, 2014, 2015].map((y) => calendarYears(y, 5));
const CENSUS_PERIODS = [2001, 2011, 2021].map(calendarYear);
const IMD_PERIODS = [2010, 2015, 2019].map(calendarYear);

// Partial: ids come from indicators.csv, so a lookup can miss.
const MODELS: Partial<Record<number, Model>> = {
  93105: {
    kind: 'proportion',
    age: '4-5 yrs',
    sex: 'Persons',
    periods: NCMP_PERIODS,
    england: [9.3, 9.5, 9.6, 9.7],
    borough: 1.12,
    gradient: 0.16,
    denominator: (w) => (B(w, '0-4') / 5) * 0.95,
    years: 3,
    wardIntervals: false,
    trend: 'compare',
  },
  93107: {
    kind: 'proportion',
    age: '10-11 yrs',
    sex: 'Persons',
    periods: NCMP_PERIODS,
    england: [19.6, 19.9, 20.1, 20.2],
    borough: 1.14,
    gradient: 0.15,
    denominator: (w) => (B(w, '5-15') / 11) * 0.95,
    years: 3,
    wardIntervals: true,
    trend: 'compare',
  },
  93092: {
    kind: 'proportion',
    age: 'All ages',
    sex: 'Persons',
    periods: DEATH_PERIODS,
    england: [2.8, 2.8, 2.9],
    borough: 1.1,
    gradient: 0.18,
    denominator: (w) => (B(w, '0-4') / 5) * 0.93,
    years: 5,
    wardIntervals: true,
    suppressBelow: 10,
    trend: 'compare',
  },
  93114: {
    kind: 'rate',
    age: '0-4 yrs',
    sex: 'Persons',
    periods: HES_PERIODS,
    england: [133, 128, 124],
    borough: 1.18,
    gradient: 0.17,
    denominator: (w) => B(w, '0-4'),
    years: 5,
    wardIntervals: true,
    trend: 'compare',
  },
  93115: {
    kind: 'rate',
    age: '0-4 yrs',
    sex: 'Persons',
    periods: HES_PERIODS,
    england: [148, 150, 151],
    borough: 1.09,
    gradient: 0.12,
    denominator: (w) => B(w, '0-4'),
    years: 5,
    wardIntervals: true,
    trend: 'compare',
  },
  990001: {
    kind: 'proportion',
    age: '5 yrs',
    sex: 'Persons',
    periods: [2015, 2016, 2017, 2018].map(financialYear),
    england: [69.3, 70.7, 71.5, 71.8],
    borough: 0.93,
    gradient: -0.2,
    denominator: (w) => B(w, '0-4') / 5,
    years: 1,
    wardIntervals: true,
    trend: 'compare',
  },
  990002: {
    kind: 'deprivation',
    age: '0-15 yrs',
    sex: 'Persons',
    periods: IMD_PERIODS,
    england: [21.8, 19.9, 17.1],
    borough: 1,
    gradient: 0,
    domain: { key: 'idaci', base: (r) => r.children, scale: [1.22, 1.14, 1] },
    years: 1,
    wardIntervals: true,
    trend: 'none',
  },
  93239: {
    kind: 'ratio',
    age: 'All ages',
    sex: 'Persons',
    periods: HES_PERIODS,
    england: [100, 100, 100],
    borough: 1.16,
    gradient: 0.22,
    years: 5,
    bandRates: { '5-15': 0.0011, '16-24': 0.0045, '25-44': 0.0024, '45-64': 0.0012, '65-74': 0.0004, '75-84': 0.0004, '85+': 0.0004 },
    wardIntervals: true,
    trend: 'compare',
  },
  93240: {
    kind: 'ratio',
    age: 'All ages',
    sex: 'Persons',
    periods: HES_PERIODS,
    england: [100, 100, 100],
    borough: 1.2,
    gradient: 0.2,
    years: 5,
    bandRates: { '16-24': 0.0025, '25-44': 0.0035, '45-64': 0.0065, '65-74': 0.008, '75-84': 0.008, '85+': 0.006 },
    wardIntervals: true,
    trend: 'compare',
  },
  990003: {
    kind: 'proportion',
    age: 'All ages',
    sex: 'Persons',
    periods: CENSUS_PERIODS,
    england: [2.1, 2.4, 2.6],
    borough: 1.25,
    gradient: 0.12,
    denominator: (w) => w.population,
    years: 1,
    wardIntervals: true,
    trend: 'compare',
  },
  990004: {
    kind: 'proportion',
    age: '65+ yrs',
    sex: 'Persons',
    periods: CENSUS_PERIODS,
    england: [35.9, 31.5, 30.1],
    borough: 0.98,
    gradient: 0.08,
    denominator: (w) => B(w, '65-74', '75-84', '85+'),
    years: 1,
    wardIntervals: true,
    trend: 'compare',
  },
  93283: {
    kind: 'lifeExpectancy',
    age: 'All ages',
    sex: 'Male',
    periods: DEATH_PERIODS,
    england: [79.4, 79.6, 79.8],
    borough: -1.7,
    gradient: 2.6,
    years: 5,
    wardIntervals: true,
    trend: 'none',
  },
  93252: {
    kind: 'ratio',
    age: '<75 yrs',
    sex: 'Persons',
    periods: DEATH_PERIODS,
    england: [100, 100, 100],
    borough: 1.2,
    gradient: 0.2,
    years: 5,
    bandRates: { '0-4': 0.0008, '5-15': 0.0001, '16-24': 0.0003, '25-44': 0.0009, '45-64': 0.004, '65-74': 0.013 },
    wardIntervals: true,
    trend: 'compare',
  },
  93254: {
    kind: 'ratio',
    age: '<75 yrs',
    sex: 'Persons',
    periods: DEATH_PERIODS,
    england: [100, 100, 100],
    borough: 1.12,
    gradient: 0.12,
    years: 5,
    bandRates: { '25-44': 0.0002, '45-64': 0.0016, '65-74': 0.0055 },
    wardIntervals: true,
    trend: 'compare',
  },
  93256: {
    kind: 'ratio',
    age: '<75 yrs',
    sex: 'Persons',
    periods: DEATH_PERIODS,
    england: [100, 100, 100],
    borough: 1.22,
    gradient: 0.22,
    years: 5,
    bandRates: { '25-44': 0.0001, '45-64': 0.0008, '65-74': 0.003 },
    wardIntervals: true,
    trend: 'compare',
  },
  93233: {
    kind: 'ratio',
    age: 'All ages',
    sex: 'Persons',
    periods: HES_PERIODS,
    england: [100, 100, 100],
    borough: 1.3,
    gradient: 0.3,
    years: 5,
    bandRates: { '45-64': 0.0015, '65-74': 0.006, '75-84': 0.011, '85+': 0.014 },
    wardIntervals: true,
    trend: 'compare',
  },
  93241: {
    kind: 'ratio',
    age: '65+ yrs',
    sex: 'Persons',
    periods: HES_PERIODS,
    england: [100, 100, 100],
    borough: 1.06,
    gradient: 0.06,
    years: 5,
    bandRates: { '65-74': 0.0012, '75-84': 0.005, '85+': 0.018 },
    wardIntervals: true,
    trend: 'compare',
  },
  93227: {
    kind: 'ratio',
    age: 'All ages',
    sex: 'Persons',
    periods: HES_PERIODS,
    england: [100, 100, 100],
    borough: 1.12,
    gradient: 0.1,
    years: 5,
    bandRates: { '0-4': 0.15, '5-15': 0.045, '16-24': 0.07, '25-44': 0.07, '45-64': 0.09, '65-74': 0.16, '75-84': 0.3, '85+': 0.55 },
    wardIntervals: true,
    trend: 'compare',
  },
  990005: {
    kind: 'proportion',
    age: 'All ages',
    sex: 'Persons',
    periods: CENSUS_PERIODS,
    england: [17.9, 17.6, 17.3],
    borough: 1.25,
    gradient: 0.14,
    denominator: (w) => w.population,
    years: 1,
    wardIntervals: true,
    trend: 'compare',
  },
  990006: {
    kind: 'deprivation',
    age: '60+ yrs',
    sex: 'Persons',
    periods: IMD_PERIODS,
    england: [18.1, 16.2, 14.2],
    borough: 1,
    gradient: 0,
    domain: { key: 'idaopi', base: (r) => r.age60plus, scale: [1.2, 1.11, 1] },
    years: 1,
    wardIntervals: true,
    trend: 'none',
  },
  990007: {
    kind: 'deprivation',
    age: 'All ages',
    sex: 'Persons',
    periods: IMD_PERIODS,
    england: [14.8, 14.6, 12.9],
    borough: 1,
    gradient: 0,
    domain: { key: 'income', base: (r) => r.population, scale: [1.12, 1.1, 1] },
    years: 1,
    wardIntervals: true,
    trend: 'none',
  },
  93097: {
    kind: 'proportion',
    age: '16-64 yrs',
    sex: 'Persons',
    periods: [2016, 2017, 2018, 2019].map(financialYear),
    england: [1.9, 2.1, 2.6, 3.9],
    borough: 1.35,
    gradient: 0.35,
    denominator: (w) => B(w, '16-24', '25-44', '45-64'),
    years: 1,
    wardIntervals: true,
    trend: 'compare',
  },
  93098: {
    kind: 'rate',
    age: '16-64 yrs',
    sex: 'Persons',
    periods: [2016, 2017, 2018, 2019].map(financialYear),
    england: [3.3, 2.9, 2.6, 3.1],
    borough: 1.45,
    gradient: 0.42,
    denominator: (w) => B(w, '16-24', '25-44', '45-64'),
    years: 1,
    wardIntervals: false,
    trend: 'compare',
  },
  93759: {
    kind: 'proportion',
    age: 'Not applicable',
    sex: 'Persons',
    periods: [2018, 2019, 2020, 2021].map(calendarYear),
    england: [13.4, 13.4, 13.2, 13.1],
    borough: 1.12,
    gradient: 0.16,
    denominator: (w) => w.population / 2.3,
    years: 1,
    wardIntervals: true,
    trend: 'compare',
  },
};

interface CatalogueEntry {
  id: number;
  name: string;
  aim: string;
  polarity: Polarity;
  valueType: 'PROPORTION' | 'RATE' | 'COUNT' | 'OTHER';
  multiplier: number;
}

function readCatalogue(seedDir: string): CatalogueEntry[] {
  return readCsv(path.join(seedDir, 'indicators.csv')).map((r) => ({
    id: Number(r.id),
    name: r.name,
    aim: r.aim,
    polarity: r.polarity as Polarity,
    valueType: r.value_type as CatalogueEntry['valueType'],
    multiplier: Number(r.multiplier),
  }));
}

/** England's population over the seed borough's (about 56.5 million over 265,800), for England's denominators. */
const ENGLAND_SCALE = 56_490_000 / 265_800;
/** The region's population over the borough's (about 5.5 million). */
const REGION_SCALE = 5_500_000 / 265_800;
/** Population growth: denominators shrink by this share per year before the latest period. */
const GROWTH_PER_YEAR = 0.004;

/** One area's figures for one period, as written (rounded) and read back. */
interface Figure {
  value: number | null;
  ci95: Interval | null;
  ci998: Interval | null;
  count: number | null;
  denominator: number | null;
  note: string;
  /** The CI cells are written only when true. */
  writeIntervals: boolean;
}

const VALUE_DP = 5;

function withIntervals(entry: CatalogueEntry, model: Model, count: number, denominator: number, value: number): Figure {
  let ci95: Interval;
  let ci998: Interval;
  if (model.kind === 'proportion' || model.kind === 'deprivation') {
    ci95 = wilsonInterval(count, denominator, 0.95, entry.multiplier);
    ci998 = wilsonInterval(count, denominator, 0.998, entry.multiplier);
  } else {
    // Rates per multiplier; ratios are observed over expected times 100, Byar's method on the observed count.
    ci95 = rateInterval(count, denominator, 0.95, entry.multiplier);
    ci998 = rateInterval(count, denominator, 0.998, entry.multiplier);
  }
  const r = (i: Interval) => ({ lower: rounded(i.lower, VALUE_DP), upper: rounded(i.upper, VALUE_DP) });
  return { value: rounded(value, VALUE_DP), ci95: r(ci95), ci998: r(ci998), count, denominator, note: '', writeIntervals: true };
}

/** A figure from a count and denominator (proportions, rates and ratios), with its intervals. */
function countFigure(entry: CatalogueEntry, model: Model, count: number, denominator: number): Figure {
  return withIntervals(entry, model, count, denominator, (count / denominator) * entry.multiplier);
}

/** A life expectancy (no count), with intervals from a standard error in years. */
function lifeFigure(value: number, se: number): Figure {
  const v = rounded(value, VALUE_DP);
  const ci = (z: number) => ({ lower: rounded(value - z * se, VALUE_DP), upper: rounded(value + z * se, VALUE_DP) });
  return {
    value: v,
    ci95: ci(1.959963984540054),
    ci998: ci(3.090232306167813),
    count: null,
    denominator: null,
    note: '',
    writeIntervals: true,
  };
}

/**
 * Events drawn around an expected number, never negative: the normal approximation to the Poisson, or to the
 * binomial when the events are out of `max` people.
 */
function drawCount(rng: Rng, expected: number, max = Infinity): number {
  const variance = Number.isFinite(max) ? expected * (1 - expected / max) : expected;
  return clamp(Math.round(expected + Math.sqrt(Math.max(variance, 0.25)) * rng.normal()), 0, max);
}

const LABELS: Record<Significance, string> = {
  BETTER: 'Better 95%',
  WORSE: 'Worse 95%',
  SIMILAR: 'Similar',
  HIGHER: 'Higher',
  LOWER: 'Lower',
  NOT_COMPARED: 'Not compared',
};

function compareLabel(f: Figure, comparator: number | null, polarity: Polarity): string {
  if (!f.writeIntervals || f.value == null) return LABELS.NOT_COMPARED;
  return LABELS[compareToValue(f.ci95, comparator, polarity)];
}

/** Fingertips' recent-trend wording, from the change against two periods before, judged by the 95% interval. */
function trendLabel(series: ReadonlyArray<Figure>, i: number, polarity: Polarity, model: Model): string {
  const f = series[i];
  const before = i >= 2 ? series[i - 2] : undefined;
  if (model.trend === 'none' || !before || f.value == null || before.value == null || !f.writeIntervals || !f.ci95) {
    return 'Cannot be calculated';
  }
  if (before.value >= f.ci95.lower && before.value <= f.ci95.upper) return 'No significant change';
  const up = f.value > before.value;
  if (polarity === 'NONE') return up ? 'Increasing' : 'Decreasing';
  const better = polarity === 'HIGH_IS_GOOD' ? up : !up;
  return `${up ? 'Increasing' : 'Decreasing'} and getting ${better ? 'better' : 'worse'}`;
}

interface AreaSeries {
  code: string;
  name: string;
  areaType: string;
  parentCode: string;
  parentName: string;
  figures: Figure[];
  /** Value each period of the area this one is compared with as its parent. */
  parentValues: Array<number | null>;
}

function indicatorSeries(entry: CatalogueEntry, model: Model, seed: Seed, imd: ReadonlyMap<string, ImdRow>): AreaSeries[] {
  const rng = new Rng(`fingertips:${entry.id}`);
  const latestStart = model.periods[model.periods.length - 1].start;
  const growth = model.periods.map((p) => 1 - GROWTH_PER_YEAR * (latestStart - p.start));
  const wardEffect = new Map(seed.wards.map((w) => [w.code, 0.06 * rng.normal()]));
  const wardFigures = new Map<string, Figure[]>(seed.wards.map((w) => [w.code, []]));
  const borough: Figure[] = [];
  const england: Figure[] = [];
  const region: Figure[] = [];

  model.periods.forEach((_, t) => {
    const eng = model.england[t];
    const totals = { count: 0, denominator: 0 };
    for (const w of seed.wards) {
      const effect = model.gradient * w.z + wardEffect.get(w.code)! + 0.03 * rng.normal();
      let f: Figure;
      switch (model.kind) {
        case 'proportion': {
          const n = Math.max(1, Math.round(model.denominator!(w) * model.years * growth[t]));
          const p = expit(logit(eng / 100) + Math.log(model.borough) + effect);
          const count = drawCount(rng, n * p, n);
          totals.count += count;
          totals.denominator += n;
          f = countFigure(entry, model, count, n);
          break;
        }
        case 'rate': {
          const n = Math.max(1, Math.round(model.denominator!(w) * model.years * growth[t]));
          const rate = eng * model.borough * Math.exp(effect);
          const count = drawCount(rng, (rate * n) / entry.multiplier);
          totals.count += count;
          totals.denominator += n;
          f = countFigure(entry, model, count, n);
          break;
        }
        case 'ratio': {
          const expected = rounded(
            sum(Object.entries(model.bandRates!).map(([band, r]) => w.bands[band as AgeBand] * r)) * model.years * growth[t],
            2,
          );
          const count = drawCount(rng, expected * model.borough * Math.exp(effect));
          totals.count += count;
          totals.denominator += expected;
          f = countFigure(entry, model, count, expected);
          break;
        }
        case 'lifeExpectancy': {
          const value = eng + model.borough - model.gradient * w.z + 8 * (wardEffect.get(w.code)! + 0.02 * rng.normal());
          f = lifeFigure(value, 0.45 + 0.25 * rng.float());
          break;
        }
        case 'deprivation': {
          const { key, base, scale } = model.domain!;
          const rows = w.lsoas.map((l) => imd.get(l.code)!);
          const n = sum(rows.map(base));
          const share = sum(rows.map((r) => r.domains.get(key)!.score * base(r))) / n;
          const count = Math.min(n, Math.round(n * share * scale[t] * Math.exp(t === model.periods.length - 1 ? 0 : 0.03 * rng.normal())));
          totals.count += count;
          totals.denominator += n;
          f = countFigure(entry, model, count, n);
          break;
        }
      }
      wardFigures.get(w.code)!.push(f);
    }

    // The borough is the sum of its wards (life expectancy: its own value); England and the region are scaled.
    if (model.kind === 'lifeExpectancy') {
      borough.push(lifeFigure(eng + model.borough + 0.05 * rng.normal(), 0.21));
      england.push(lifeFigure(eng, 0.03));
      region.push(lifeFigure(eng + model.borough / 2, 0.09));
    } else {
      const den = (x: number) => (model.kind === 'ratio' ? rounded(x, 2) : Math.round(x));
      const b = countFigure(entry, model, totals.count, den(totals.denominator));
      borough.push(b);
      if (model.kind === 'ratio') {
        const e = Math.round(totals.denominator * ENGLAND_SCALE);
        england.push(countFigure(entry, model, e, e));
        const rDen = den(totals.denominator * REGION_SCALE);
        region.push(countFigure(entry, model, Math.round(rDen * (1 + (b.value! / 100 - 1) / 2)), rDen));
      } else {
        const eDen = Math.round(totals.denominator * ENGLAND_SCALE);
        england.push(countFigure(entry, model, Math.round((eng / entry.multiplier) * eDen), eDen));
        const rDen = Math.round(totals.denominator * REGION_SCALE);
        const rValue = eng + (b.value! - eng) / 2;
        region.push(countFigure(entry, model, Math.round((rValue / entry.multiplier) * rDen), rDen));
      }
    }
  });

  // Ward rows: suppression of small counts, and the indicators whose intervals the hub is to work out.
  for (const figures of wardFigures.values()) {
    for (const f of figures) {
      if (model.suppressBelow !== undefined && f.count !== null && f.count < model.suppressBelow) {
        Object.assign(f, { value: null, ci95: null, ci998: null, count: null, note: SUPPRESSED, writeIntervals: false });
      } else if (!model.wardIntervals) {
        f.writeIntervals = false;
      }
    }
  }

  const values = (fs: Figure[]) => fs.map((f) => f.value);
  return [
    {
      code: ENGLAND.code,
      name: ENGLAND.name,
      areaType: 'England',
      parentCode: '',
      parentName: '',
      figures: england,
      parentValues: england.map(() => null),
    },
    {
      code: REGION.code,
      name: REGION.name,
      areaType: 'Region',
      parentCode: ENGLAND.code,
      parentName: ENGLAND.name,
      figures: region,
      parentValues: values(england),
    },
    ...BOROUGH_AREA_TYPES.map((areaType) => ({
      code: BOROUGH.code,
      name: BOROUGH.name,
      areaType,
      parentCode: REGION.code,
      parentName: REGION.name,
      figures: borough,
      parentValues: values(region),
    })),
    ...seed.wards.map((w) => ({
      code: w.code,
      name: w.name,
      areaType: WARD_AREA_TYPE,
      parentCode: BOROUGH.code,
      parentName: BOROUGH.name,
      figures: wardFigures.get(w.code)!,
      parentValues: values(borough),
    })),
  ];
}

function fingertipsCsv(seed: Seed, catalogue: readonly CatalogueEntry[], imd: ReadonlyMap<string, ImdRow>): string {
  const out: string[] = [csvLine(FINGERTIPS_HEADER)];
  for (const entry of catalogue) {
    const model = MODELS[entry.id];
    if (!model) throw new Error(`indicators.csv lists ${entry.id}, which generate-partners.ts has no model for`);
    if (model.england.length !== model.periods.length) throw new Error(`indicator ${entry.id}: one England value per period`);
    const areas = indicatorSeries(entry, model, seed, imd);
    const englandValues = areas[0].figures.map((f) => f.value);
    model.periods.forEach((period, t) => {
      for (const a of areas) {
        const f = a.figures[t];
        const isEngland = a.areaType === 'England';
        const ci = (i: Interval | null, side: 'lower' | 'upper') => (f.writeIntervals && i ? fmt(i[side], VALUE_DP) : '');
        const row: Record<string, string> = {
          'Indicator ID': String(entry.id),
          'Indicator Name': entry.name,
          'Parent Code': a.parentCode,
          'Parent Name': a.parentName,
          'Area Code': a.code,
          'Area Name': a.name,
          'Area Type': a.areaType,
          Sex: model.sex,
          Age: model.age,
          'Category Type': '',
          Category: '',
          'Time period': period.label,
          Value: f.value == null ? '' : fmt(f.value, VALUE_DP),
          'Lower CI 95.0 limit': ci(f.ci95, 'lower'),
          'Upper CI 95.0 limit': ci(f.ci95, 'upper'),
          'Lower CI 99.8 limit': ci(f.ci998, 'lower'),
          'Upper CI 99.8 limit': ci(f.ci998, 'upper'),
          Count: f.count == null ? '' : String(f.count),
          Denominator: f.denominator == null || f.note === SUPPRESSED ? '' : fmt(f.denominator, 2),
          'Value note': f.note,
          'Recent Trend': trendLabel(a.figures, t, entry.polarity, model),
          'Compared to England value or percentiles': isEngland
            ? LABELS.NOT_COMPARED
            : compareLabel(f, englandValues[t] ?? null, entry.polarity),
          [PARENT_COLUMN]: a.parentValues[t] == null ? LABELS.NOT_COMPARED : compareLabel(f, a.parentValues[t] ?? null, entry.polarity),
          'Time period Sortable': String(period.sortable),
          'New data': '',
          'Compared to goal': '',
          'Time period range': period.range,
        };
        out.push(csvLine(FINGERTIPS_HEADER.map((h) => row[h] ?? '')));
      }
    });
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------
// Housing
// ---------------------------------------------------------------------------------------------------------

/** The 24 months written: 2022-11 to 2024-10. */
export const HOUSING_MONTHS: readonly string[] = Array.from({ length: 24 }, (_, i) => monthOf(monthIndex('2022-11') + i));

/** Council homes at the start (Rotherham has about 20,000), shared by ward population and deprivation. */
const COUNCIL_STOCK = 20_000;

function housingCsv(seed: Seed): { csv: string; stock: Map<string, number> } {
  const rng = new Rng('housing');
  // Council housing's share of homes: about 8% in the least deprived wards, 40% in the most.
  const share = seed.wards.map((w) => clamp(0.22 + 0.11 * w.z, 0.06, 0.42));
  const initial = apportionShares(
    COUNCIL_STOCK,
    seed.wards.map((w, i) => w.population * share[i]),
  );
  const out: string[] = [csvLine(HOUSING_COLUMNS)];
  const stockAtStart = new Map<string, number>();
  seed.wards.forEach((w, i) => {
    let stock = initial[i];
    stockAtStart.set(w.code, stock);
    const pressure = Math.exp(0.25 * w.z);
    for (const [m, month] of HOUSING_MONTHS.entries()) {
      const monthOfYear = Number(month.slice(5));
      const winter = monthOfYear === 12 || monthOfYear <= 2 ? 1.15 : monthOfYear >= 6 && monthOfYear <= 8 ? 0.92 : 1;
      // Right to Buy sales take a few homes; now and then new council homes are handed over.
      if (m > 0) stock -= rng.int(0, 3);
      if (m > 0 && rng.chance(0.02)) stock += rng.int(6, 24);
      const voids = Math.min(stock, Math.round(stock * clamp(0.017 + 0.004 * w.z + 0.004 * rng.normal(), 0.008, 0.032)));
      const repairs = Math.round(stock * 0.24 * winter * (0.92 + 0.16 * rng.float()));
      const inTarget = Math.min(repairs, Math.round(repairs * clamp(0.9 - 0.015 * w.z + 0.02 * rng.normal(), 0.84, 0.97)));
      const asb = drawCount(rng, (stock / 1000) * 1.8 * pressure);
      const homeless = drawCount(rng, (w.population / 10_000) * 2 * pressure * winter);
      const cells = {
        ward_code: w.code,
        month,
        stock: String(stock),
        voids: String(voids),
        repairs_completed: String(repairs),
        repairs_in_target: String(inTarget),
        tenancy_asb_cases: String(asb),
        homelessness_presentations: String(homeless),
      };
      out.push(csvLine(HOUSING_COLUMNS.map((c) => cells[c])));
    }
  });
  return { csv: out.join(''), stock: stockAtStart };
}

// ---------------------------------------------------------------------------------------------------------
// Ward budgets 2020/21
// ---------------------------------------------------------------------------------------------------------

export const BUDGET_YEAR = '2020/21';
/** Ward budgets allocated in 2020/21 and the organisations they supported (the 2020/21 annual report). */
export const WARD_BUDGET_TOTAL_PENCE = 30_350_000;
export const WARD_BUDGET_ORGANISATIONS = 239;
/** Ward Housing Hub monies for tenants' projects in 2020/21. */
export const WARD_HOUSING_HUB_TOTAL_PENCE = 20_370_000;
/**
 * Assumption (the report gives only the borough total, published per ward): every ward gets the same base
 * amount, and the rest of the total is shared by population.
 */
export const WARD_BUDGET_BASE_PENCE = 700_000;

/** Places in each ward, for illustrative organisation names (first is the ward's main place), and a park. */
// Partial: ward names come from the wards CSV, so a lookup can miss.
const WARD_PLACES: Partial<Record<string, { places: string[]; park: string }>> = {
  'Anston & Woodsetts': { places: ['North Anston', 'South Anston', 'Woodsetts'], park: 'Anston Stones Wood' },
  'Aston & Todwick': { places: ['Aston', 'Todwick', 'Ulley'], park: 'Ulley Country Park' },
  'Aughton & Swallownest': { places: ['Swallownest', 'Aughton', 'Fence'], park: 'Aughton Park' },
  'Boston Castle': { places: ['Clifton', 'Moorgate', 'Boston Castle'], park: 'Clifton Park' },
  'Bramley & Ravenfield': { places: ['Bramley', 'Ravenfield', 'Flanderwell'], park: 'Bramley Park' },
  Brinsworth: { places: ['Brinsworth', 'Catcliffe', 'Brinsworth Howarth'], park: 'Catcliffe Flash' },
  'Dalton & Thrybergh': { places: ['Thrybergh', 'Dalton', 'East Herringthorpe'], park: 'Thrybergh Country Park' },
  Dinnington: { places: ['Dinnington', 'Laughton Common', 'Throapham'], park: 'Dinnington Miners Welfare Park' },
  Greasbrough: { places: ['Greasbrough', 'Munsbrough', 'Car Hill'], park: 'Greasbrough Dam' },
  'Hellaby & Maltby West': { places: ['Hellaby', 'Braithwell', 'Maltby West'], park: 'Maltby Crags' },
  Hoober: { places: ['Brampton', 'West Melton', 'Wentworth'], park: 'Wentworth Village Green' },
  Keppel: { places: ['Thorpe Hesley', 'Scholes', 'Kimberworth Park'], park: "Keppel's Column Fields" },
  'Kilnhurst & Swinton East': { places: ['Kilnhurst', 'Swinton Bridge', 'Swinton East'], park: 'Kilnhurst Ings' },
  'Maltby East': { places: ['Maltby', 'Lilly Hall', 'Maltby Manor'], park: 'Maltby Linear Park' },
  'Rawmarsh East': { places: ['Parkgate', 'Rawmarsh Hill', 'Ryecroft'], park: 'Birchwood Park' },
  'Rawmarsh West': { places: ['Rawmarsh', 'Roundwood', 'Rosehill'], park: 'Rosehill Victoria Park' },
  'Rother Vale': { places: ['Treeton', 'Orgreave', 'Waverley'], park: 'Treeton Dyke' },
  'Rotherham East': { places: ['Eastwood', 'East Dene', 'Town Centre'], park: 'Eastwood Village Green' },
  'Rotherham West': { places: ['Ferham', 'Masbrough', 'Kimberworth'], park: 'Ferham Park' },
  Sitwell: { places: ['Whiston', 'Broom', 'Stag'], park: 'Whiston Meadows' },
  'Swinton Rockingham': { places: ['Swinton', 'Rockingham', 'Piccadilly'], park: 'Swinton Fitzwilliam Park' },
  'Thurcroft & Wickersley South': { places: ['Thurcroft', 'Wickersley South', 'Brookhouse'], park: 'Thurcroft Miners Welfare Park' },
  Wales: { places: ['Kiveton Park', 'Wales', 'Harthill'], park: 'Kiveton Community Woodland' },
  Wath: { places: ['Wath', 'Newhill', 'Manvers'], park: 'Wath Park' },
  'Wickersley North': { places: ['Wickersley', 'Listerdale', 'Moorhouse'], park: 'Wickersley Wood' },
};

type Theme =
  | 'COMMUNITY_SAFETY'
  | 'ENVIRONMENT_AND_GREEN_SPACES'
  | 'CLEAN_STREETS'
  | 'HEALTH_AND_WELLBEING'
  | 'COST_OF_LIVING'
  | 'TRANSPORT_AND_ROAD_SAFETY'
  | 'COMMUNITY_EMPOWERMENT';

/** Kinds of community organisation: a name pattern, the themes its grants serve, what grants paid for in 2020/21. */
interface OrganisationKind {
  name: (place: string, park: string) => string;
  themes: Theme[];
  purposes: string[];
}

const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  {
    name: (p) => `${p} Tenants and Residents Association`,
    themes: ['COMMUNITY_SAFETY', 'CLEAN_STREETS', 'COMMUNITY_EMPOWERMENT', 'COST_OF_LIVING'],
    purposes: [
      'Estate clean-up day with skips and tools',
      'Residents meetings and a newsletter for the estate',
      'Christmas food hampers for struggling households',
    ],
  },
  {
    name: (p) => `${p} Community Association`,
    themes: ['COMMUNITY_EMPOWERMENT', 'HEALTH_AND_WELLBEING', 'COST_OF_LIVING'],
    purposes: [
      'Running costs of the community centre',
      'Laptop and broadband so meetings could move online',
      'Food parcels and a phone befriending rota during the first lockdown',
    ],
  },
  {
    name: (_p, park) => `Friends of ${park}`,
    themes: ['ENVIRONMENT_AND_GREEN_SPACES', 'CLEAN_STREETS'],
    purposes: [
      'Tools and gloves for volunteer work days',
      'Bulbs, trees and a wildflower area',
      'Litter picking kits and bags for clean-ups',
    ],
  },
  {
    name: (p) => `${p} Youth Club`,
    themes: ['COMMUNITY_SAFETY', 'HEALTH_AND_WELLBEING'],
    purposes: [
      'Friday night sessions to give young people somewhere to go',
      'Summer holiday activities and trips',
      'Sports kit and games equipment',
    ],
  },
  {
    name: (p) => `${p} Over 60s Lunch Club`,
    themes: ['HEALTH_AND_WELLBEING', 'COST_OF_LIVING'],
    purposes: [
      'Hot meals delivered to members during lockdown',
      'Transport to the weekly lunch club',
      'Kitchen equipment for the lunch club',
    ],
  },
  {
    name: (p) => `${p} Juniors Football Club`,
    themes: ['HEALTH_AND_WELLBEING', 'COMMUNITY_SAFETY'],
    purposes: ['Kit, balls and pitch hire for the junior teams', 'Coaching badges for volunteer coaches'],
  },
  {
    name: (p) => `${p} Methodist Church Community Project`,
    themes: ['COST_OF_LIVING', 'HEALTH_AND_WELLBEING'],
    purposes: ['Community pantry and hot meals over the winter', 'Warm space and hot drinks for older residents'],
  },
  {
    name: (p) => `${p} In Bloom`,
    themes: ['ENVIRONMENT_AND_GREEN_SPACES', 'CLEAN_STREETS'],
    purposes: ['Planters, bulbs and compost for the village centre', 'Hanging baskets for the main street'],
  },
  {
    name: (p) => `${p} Community Litter Pickers`,
    themes: ['CLEAN_STREETS', 'ENVIRONMENT_AND_GREEN_SPACES'],
    purposes: ['Litter picking kits, bags and hoops', 'Hi-vis vests and gloves for volunteers', 'Dog waste bag dispensers and signs'],
  },
  {
    name: (p) => `${p} Neighbourhood Watch`,
    themes: ['COMMUNITY_SAFETY', 'TRANSPORT_AND_ROAD_SAFETY'],
    purposes: ['Window stickers, signs and property marking kits', 'Personal alarms and door chains for older residents'],
  },
  {
    name: (p) => `${p} Community Speedwatch`,
    themes: ['TRANSPORT_AND_ROAD_SAFETY', 'COMMUNITY_SAFETY'],
    purposes: ['Speed detection device and Community Speedwatch training', 'Hi-vis jackets and signs for speedwatch sessions'],
  },
  {
    name: (p) => `${p} Food Bank`,
    themes: ['COST_OF_LIVING'],
    purposes: ['Food and toiletries during the first lockdown', 'Fridge and freezer for fresh food donations'],
  },
  {
    name: (p) => `${p} Toddler Group`,
    themes: ['HEALTH_AND_WELLBEING', 'COMMUNITY_EMPOWERMENT'],
    purposes: ['Play equipment and craft materials', 'Outdoor play sessions for families'],
  },
  {
    name: (p) => `${p} Cricket Club`,
    themes: ['HEALTH_AND_WELLBEING', 'COMMUNITY_EMPOWERMENT'],
    purposes: ['Junior coaching sessions and equipment', 'Covers and roller for the pitch'],
  },
  {
    name: (p) => `${p} Bowls Club`,
    themes: ['HEALTH_AND_WELLBEING'],
    purposes: ['Green maintenance and equipment', 'Taster sessions for older residents'],
  },
  {
    name: (p) => `${p} Community Allotments Group`,
    themes: ['ENVIRONMENT_AND_GREEN_SPACES', 'HEALTH_AND_WELLBEING'],
    purposes: ['Raised beds and tools for a community growing plot', 'Water butts and a polytunnel'],
  },
  {
    name: (p) => `${p} Good Neighbours Scheme`,
    themes: ['HEALTH_AND_WELLBEING', 'COST_OF_LIVING', 'COMMUNITY_EMPOWERMENT'],
    purposes: ['Shopping and prescription collection during lockdown', 'Phone befriending for isolated residents'],
  },
  {
    name: (p) => `1st ${p} Scout Group`,
    themes: ['COMMUNITY_EMPOWERMENT', 'HEALTH_AND_WELLBEING'],
    purposes: ['Camping equipment', 'Outdoor activity sessions and badges'],
  },
  {
    name: (p) => `${p} Gala Committee`,
    themes: ['COMMUNITY_EMPOWERMENT'],
    purposes: ['Community gala, held online in 2020', 'Christmas lights switch-on event'],
  },
  {
    name: (p) => `${p} Men's Shed`,
    themes: ['HEALTH_AND_WELLBEING', 'COMMUNITY_EMPOWERMENT'],
    purposes: ['Tools and workshop materials', 'Woodwork projects for the village'],
  },
  {
    name: (p) => `${p} Walking Group`,
    themes: ['HEALTH_AND_WELLBEING', 'ENVIRONMENT_AND_GREEN_SPACES'],
    purposes: ['Walk leader training and first aid kits', 'Maps and waymarkers for local walking routes'],
  },
  {
    name: (p) => `St Mary's Church ${p} Community Project`,
    themes: ['COST_OF_LIVING', 'COMMUNITY_EMPOWERMENT'],
    purposes: ['Warm space and hot meals over the winter', 'Holiday lunches for children'],
  },
  {
    name: (p) => `${p} Community Library Volunteers`,
    themes: ['COMMUNITY_EMPOWERMENT', 'HEALTH_AND_WELLBEING'],
    purposes: ['Books and activities for the community library', 'Digital skills sessions for older residents'],
  },
  {
    name: (p) => `${p} Carers Support Group`,
    themes: ['HEALTH_AND_WELLBEING'],
    purposes: ['Respite and wellbeing sessions for unpaid carers', 'Online support meetings during lockdown'],
  },
];

const HOUSING_HUB_PURPOSES: Record<Theme, string[]> = {
  COMMUNITY_SAFETY: ['Door entry and security lighting for a block of council flats', 'CCTV signage and target hardening on the estate'],
  ENVIRONMENT_AND_GREEN_SPACES: ['Community garden on council estate land', 'Planters and seating in the flats courtyard'],
  CLEAN_STREETS: ['Estate clean-up days with council Housing', 'Bulky waste skips for tenants on the estate'],
  HEALTH_AND_WELLBEING: ['Wellbeing activities for tenants in sheltered housing', 'Befriending calls to isolated council tenants'],
  COST_OF_LIVING: ['Winter warmth packs for council tenants', 'Tenancy sustainment and money advice drop-ins'],
  TRANSPORT_AND_ROAD_SAFETY: ['Parking bays and dropped kerbs on the estate', 'Bollards to stop parking on estate verges'],
  COMMUNITY_EMPOWERMENT: ["Tenants' meetings, newsletter and training", 'Community room refurbishment in a council block'],
};

/** Partners' own money in the most deprived wards (illustrative amounts; names as seeds/data/partners.csv). */
const PARTNER_CONTRIBUTIONS: ReadonlyArray<{ organisation: string; theme: Theme | ''; pounds: number; description: string }> = [
  {
    organisation: 'South Yorkshire Police',
    theme: 'COMMUNITY_SAFETY',
    pounds: 12_500,
    description: 'Match funding for Safer Streets target hardening',
  },
  {
    organisation: 'South Yorkshire Police',
    theme: 'COMMUNITY_SAFETY',
    pounds: 6_000,
    description: 'Problem-solving fund for anti-social behaviour hot spots',
  },
  {
    organisation: 'Rotherfed',
    theme: 'COMMUNITY_EMPOWERMENT',
    pounds: 4_750,
    description: 'Community development worker time for tenants and residents groups',
  },
  {
    organisation: 'Voluntary Action Rotherham',
    theme: 'COST_OF_LIVING',
    pounds: 8_200,
    description: 'Emergency food and volunteer co-ordination during lockdown',
  },
  {
    organisation: 'South Yorkshire Community Foundation',
    theme: 'HEALTH_AND_WELLBEING',
    pounds: 9_850,
    description: 'Coronavirus response grants to local groups',
  },
  {
    organisation: 'NHS South Yorkshire Integrated Care Board (Rotherham Place)',
    theme: 'HEALTH_AND_WELLBEING',
    pounds: 15_000,
    description: 'Social prescribing link worker sessions',
  },
  { organisation: 'Rotherfed', theme: '', pounds: 2_300, description: 'Support to set up a new tenants and residents association' },
  {
    organisation: 'South Yorkshire Police',
    theme: 'TRANSPORT_AND_ROAD_SAFETY',
    pounds: 3_400,
    description: 'Speed enforcement operation and Community Speedwatch equipment',
  },
];
/** How many of the most deprived wards get the partner contributions, in turn. */
const PARTNER_WARDS = 5;

interface Allocation {
  ward: Ward;
  fund: 'WARD_BUDGET' | 'WARD_HOUSING_HUB' | 'PARTNER_CONTRIBUTION';
  organisation: string;
  priority: string;
  date: string;
  pence: number;
  description: string;
}

/** A weekday in 2020/21; allocations slowed in the first lockdown (April and May 2020). */
function allocationDate(rng: Rng): string {
  const months = [
    [2020, 4, 0.3],
    [2020, 5, 0.5],
    [2020, 6, 1],
    [2020, 7, 1.1],
    [2020, 8, 0.8],
    [2020, 9, 1.2],
    [2020, 10, 1.2],
    [2020, 11, 1],
    [2020, 12, 0.9],
    [2021, 1, 1],
    [2021, 2, 1.1],
    [2021, 3, 1.4],
  ] as const;
  const total = sum(months.map((m) => m[2]));
  let r = rng.float() * total;
  let pick: readonly [number, number, number] = months[months.length - 1];
  for (const m of months) {
    r -= m[2];
    if (r < 0) {
      pick = m;
      break;
    }
  }
  const [y, m] = pick;
  let d = rng.int(1, daysInMonth(y, m));
  while (weekday(y, m, d) === 0 || weekday(y, m, d) === 6) d = d >= daysInMonth(y, m) - 2 ? d - 3 : d + 1;
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}

/**
 * Splits `totalPence` into `n` amounts: grants of varied size, most in whole pounds or fives, some to the penny;
 * the largest share absorbs the rounding so the total is exact.
 */
function splitAmounts(rng: Rng, totalPence: number, n: number, minPence: number): number[] {
  const weights = Array.from({ length: n }, () => Math.exp(0.6 * rng.normal()));
  const w = sum(weights);
  const amounts = weights.map((x) => {
    const raw = (totalPence * x) / w;
    const style = rng.float();
    if (style < 0.55) return Math.max(minPence, Math.round(raw / 500) * 500);
    if (style < 0.8) return Math.max(minPence, Math.round(raw / 100) * 100);
    return Math.max(minPence, Math.round(raw));
  });
  const largest = amounts.indexOf(Math.max(...amounts));
  amounts[largest] = totalPence - (sum(amounts) - amounts[largest]);
  if (amounts[largest] < minPence) throw new Error('budget split left too little for the last allocation');
  return amounts;
}

function budgetAllocations(seed: Seed, housingStock: ReadonlyMap<string, number>): Allocation[] {
  const rng = new Rng('ward-budgets');
  const wards = seed.wards;
  const totalPopulation = sum(wards.map((w) => w.population));
  const shared = WARD_BUDGET_TOTAL_PENCE - WARD_BUDGET_BASE_PENCE * wards.length;
  const wardTotals = apportionShares(
    shared,
    wards.map((w) => w.population / totalPopulation),
  ).map((x) => x + WARD_BUDGET_BASE_PENCE);
  const wardOrgCounts = apportionShares(WARD_BUDGET_ORGANISATIONS, wardTotals);
  const allocations: Allocation[] = [];
  const organisationsByWard = new Map<string, string[]>();
  const usedNames = new Set<string>();

  wards.forEach((w, i) => {
    const places = WARD_PLACES[w.name];
    if (!places) throw new Error(`no places for ward ${w.name}`);
    const themes = seed.plans2023.get(w.code)! as Theme[];
    // The first two are always a tenants' association and a community association (Ward Housing Hub recipients).
    // Then kinds of group whose work fits the ward's priorities, before the others.
    const others = rng.shuffle(ORGANISATION_KINDS.slice(2));
    const fits = (k: OrganisationKind) => k.themes.some((t) => themes.includes(t));
    const kinds = [ORGANISATION_KINDS[0], ORGANISATION_KINDS[1], ...others.filter(fits), ...others.filter((k) => !fits(k))];
    const orgs: Array<{ name: string; kind: OrganisationKind }> = [];
    for (let k = 0; orgs.length < wardOrgCounts[i] && k < kinds.length * places.places.length; k++) {
      const kind = kinds[k % kinds.length];
      const candidates = k < 2 ? [places.places[0]] : rng.shuffle(places.places);
      const name = candidates.map((place) => kind.name(place, places.park)).find((n) => !usedNames.has(n));
      if (!name) continue;
      usedNames.add(name);
      orgs.push({ name, kind });
    }
    if (orgs.length < wardOrgCounts[i]) throw new Error(`${w.name}: not enough organisation names`);
    organisationsByWard.set(
      w.code,
      orgs.map((o) => o.name),
    );
    // About one organisation in five has a second grant in the year.
    const grants = orgs.flatMap((o) => (rng.chance(0.2) ? [o, o] : [o]));
    const amounts = splitAmounts(rng, wardTotals[i], grants.length, 10_000);
    grants.forEach((o, g) => {
      const fitting = o.kind.themes.filter((t) => themes.includes(t));
      const theme = fitting.length ? rng.pick(fitting) : rng.pick(themes);
      allocations.push({
        ward: w,
        fund: 'WARD_BUDGET',
        organisation: o.name,
        priority: theme,
        date: allocationDate(rng),
        pence: amounts[g],
        description: rng.pick(o.kind.purposes),
      });
    });
  });

  // Ward Housing Hub: shared by council homes in the ward; recipients are the ward's tenants' and community
  // associations (so they are among the 239 ward budget organisations).
  const hubTotals = apportionShares(
    WARD_HOUSING_HUB_TOTAL_PENCE,
    wards.map((w) => housingStock.get(w.code)!),
  );
  wards.forEach((w, i) => {
    const themes = seed.plans2023.get(w.code)! as Theme[];
    const recipients = organisationsByWard.get(w.code)!.slice(0, 2);
    const n = clamp(Math.round(hubTotals[i] / 350_000), 1, 6);
    const amounts = splitAmounts(rng, hubTotals[i], n, 25_000);
    for (let g = 0; g < n; g++) {
      const theme = rng.pick(themes);
      allocations.push({
        ward: w,
        fund: 'WARD_HOUSING_HUB',
        organisation: recipients[g % recipients.length],
        priority: theme,
        date: allocationDate(rng),
        pence: amounts[g],
        description: rng.pick(HOUSING_HUB_PURPOSES[theme]),
      });
    }
  });

  // Partner contributions in the most deprived wards.
  const deprived = wards
    .slice()
    .sort((a, b) => b.imdScore - a.imdScore || (a.code < b.code ? -1 : 1))
    .slice(0, PARTNER_WARDS);
  PARTNER_CONTRIBUTIONS.forEach((p, k) => {
    allocations.push({
      ward: deprived[k % deprived.length],
      fund: 'PARTNER_CONTRIBUTION',
      organisation: p.organisation,
      priority: p.theme,
      date: allocationDate(rng),
      pence: p.pounds * 100,
      description: p.description,
    });
  });

  const fundOrder = { WARD_BUDGET: 0, WARD_HOUSING_HUB: 1, PARTNER_CONTRIBUTION: 2 };
  return allocations.sort(
    (a, b) =>
      (a.ward.code < b.ward.code ? -1 : a.ward.code > b.ward.code ? 1 : 0) ||
      fundOrder[a.fund] - fundOrder[b.fund] ||
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      (a.organisation < b.organisation ? -1 : a.organisation > b.organisation ? 1 : 0),
  );
}

function budgetsCsv(allocations: readonly Allocation[]): string {
  const out: string[] = [csvLine(BUDGET_COLUMNS)];
  for (const a of allocations) {
    const cells = {
      financial_year: BUDGET_YEAR,
      ward_code: a.ward.code,
      fund: a.fund,
      organisation: a.organisation,
      priority: a.priority,
      allocated_on: a.date,
      amount_gbp: pounds(a.pence),
      description: a.description,
    };
    out.push(csvLine(BUDGET_COLUMNS.map((c) => cells[c])));
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------

export function generatePartners(outDir: string, seedDir = path.join(projectRoot(), 'seeds', 'data')): Record<PartnerKind, string> {
  fs.mkdirSync(outDir, { recursive: true });
  const seed = readSeed(seedDir);
  const catalogue = readCatalogue(seedDir);
  const imd = imdRows(seed);
  const imdByCode = new Map(imd.map((r) => [r.code, r]));
  const housing = housingCsv(seed);

  const files: Record<PartnerKind, string> = {
    fingertips: path.join(outDir, 'fingertips.csv'),
    imd2019: path.join(outDir, 'imd2019.csv'),
    housing: path.join(outDir, 'housing.csv'),
    'ward-budgets': path.join(outDir, 'ward-budgets.csv'),
  };
  fs.writeFileSync(files.fingertips, fingertipsCsv(seed, catalogue, imdByCode), 'utf8');
  fs.writeFileSync(files.imd2019, imdCsv(imd, seed), 'utf8');
  fs.writeFileSync(files.housing, housing.csv, 'utf8');
  fs.writeFileSync(files['ward-budgets'], budgetsCsv(budgetAllocations(seed, housing.stock)), 'utf8');
  return files;
}

if (require.main === module) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('Usage: node dist/seeds/generate-partners.js <outDir>');
    process.exit(2);
  }
  const files = generatePartners(path.resolve(outDir));
  for (const [kind, file] of Object.entries(files)) {
    const rows = fs.readFileSync(file, 'utf8').split('\n').length - 2;
    process.stdout.write(`${kind}: ${file} (${rows} rows)\n`);
  }
}
