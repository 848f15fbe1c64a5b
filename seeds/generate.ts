/**
 * Deterministic generator for the hub's Rotherham seed data (seeds/data/*).
 *
 * Everything here is fixed by the constants below and a seeded PRNG (mulberry32): no Math.random, no clock,
 * no network. Running it twice gives byte-identical files. Ward codes and names, the partner organisations
 * named in the council papers and the 18 LSOA code/name pairs seen in the police.uk sample are public facts;
 * every other figure is illustrative and is flagged so in sources.csv.
 *
 * Compile and run (the project wires this to `npm run seed:generate`):
 *   npx tsc --outDir /tmp/gen --module commonjs --target es2022 --strict --esModuleInterop seeds/generate.ts
 *   node /tmp/gen/generate.js
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeededRandom, toCsv, pad, apportion } from './random';

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------------------

const SEED = 20240502;

class Rng extends SeededRandom {
  constructor(label: string) {
    super(SEED, label);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------------------------

function findUp(start: string): string | undefined {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return dir;
}

/**
 * The folder holding the hub's package.json, found by walking up from this file (seeds/ when run from source,
 * dist/seeds/ when compiled with the project). If the script was compiled somewhere outside the project
 * (e.g. /tmp), it falls back to walking up from the working directory.
 */
function projectRoot(): string {
  const root = findUp(__dirname) ?? findUp(process.cwd());
  if (!root) throw new Error(`No package.json above ${__dirname} or ${process.cwd()}`);
  return root;
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Weekday of a calendar date (0 = Sunday); pure arithmetic on UTC, no clock involved. */
function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

// ---------------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------------

const OGL = 'Open Government Licence v3.0';
const SYNTHETIC_LICENCE = 'Not applicable (synthetic seed data)';
const HUB = 'Partnership Data Hub (seed generator)';
const ILLUSTRATIVE = "Illustrative figures generated for the hub's seed data; not official statistics.";

interface Source {
  key: string;
  kind: 'geography' | 'councillors' | 'population' | 'deprivation' | 'ward-plans' | 'partners';
  title: string;
  publisher: string;
  licence: string;
  period: string;
  illustrative: boolean;
  note: string;
}

const SRC = {
  wards: 'rmbc-wards-2021',
  localities: 'seed-locality-grouping',
  lsoaLookup: 'seed-lsoa-ward-lookup',
  councillors: 'seed-councillors-2024',
  population: 'seed-population-2021',
  deprivation: 'seed-deprivation-2019',
  plans2023: 'seed-ward-plans-2023',
  plans2024: 'seed-ward-plans-2024',
  papers: 'rmbc-committee-papers',
  publicBodies: 'rotherham-public-bodies',
  communityGroups: 'seed-community-groups',
} as const;

const SOURCES: Source[] = [
  {
    key: SRC.wards,
    kind: 'geography',
    title: 'Rotherham wards from May 2021: ward names and ONS (GSS) codes',
    publisher: 'Rotherham Metropolitan Borough Council; Office for National Statistics',
    licence: OGL,
    period: '2021',
    illustrative: false,
    note:
      'Ward codes and names as found in public material; check them against the ONS register before treating ' +
      'them as authoritative. Which locality each ward sits in is not part of this source: see ' +
      'seed-locality-grouping, an assumption. Seats per ward follow the seed population (the 9 largest wards ' +
      'have 3), not the published ward pattern.',
  },
  {
    key: SRC.localities,
    kind: 'geography',
    title: "Assumed grouping of the wards into three localities (North, Central, South): an assumption, not the council's",
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2021',
    illustrative: true,
    note:
      'An assumption: the council papers name the three localities but do not publish which ward sits in which. ' +
      'The grouping follows the one clue they give, the 2018 Thriving Neighbourhoods minutes (parish councils are ' +
      '"very prominent in the south" and there are "none in the central areas"): Central is the six unparished ' +
      'town wards, South the parished wards of the south and east, North the seven wards of the north. Edit ' +
      "seeds/data/wards.csv (its locality column) when the council's own grouping is known.",
  },
  {
    key: SRC.lsoaLookup,
    kind: 'geography',
    title: 'Illustrative LSOA (2011) to ward lookup for Rotherham',
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2011',
    illustrative: true,
    note:
      ILLUSTRATIVE +
      ' 18 LSOA code and name pairs are real (as they appear in the police.uk South Yorkshire street-level ' +
      'crime file for November 2017); all other codes and names, and every LSOA-to-ward assignment, are ' +
      'made up. This is not the ONS lookup.',
  },
  {
    key: SRC.councillors,
    kind: 'councillors',
    title: 'Illustrative councillors, one per seat, for the 2024-2028 term',
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2024-2028',
    illustrative: true,
    note:
      "Illustrative names generated for the hub's seed data; they are not the borough's real councillors " +
      'and any likeness to a real person is chance.',
  },
  {
    key: SRC.population,
    kind: 'population',
    title: 'Illustrative residents by LSOA, age band and sex (Census 2021-like)',
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2021',
    illustrative: true,
    note:
      ILLUSTRATIVE +
      ' The borough total is set near the Census 2021 figure for Rotherham (about 265,800); the split by LSOA, ' +
      'age and sex is made up.',
  },
  {
    key: SRC.deprivation,
    kind: 'deprivation',
    title: 'Illustrative Index of Multiple Deprivation by LSOA (IMD 2019-like)',
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2019',
    illustrative: true,
    note:
      ILLUSTRATIVE +
      ' Scores, national ranks (1 = most deprived of 32,844) and deciles imitate the English Indices of ' +
      'Deprivation 2019, File 7; they are not the published values.',
  },
  {
    key: SRC.plans2023,
    kind: 'ward-plans',
    title: 'Illustrative ward plans 2023/24',
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2023/24',
    illustrative: true,
    note:
      "Illustrative ward plans generated for the hub's seed data; not the published ward plans. The themes, " +
      'and the number of wards linking priorities to each Health and Wellbeing Strategy aim (13, 9, 3 and 25), ' +
      "follow the council's 2023 Neighbourhood Working and Ward Priorities presentation; the examples for " +
      'Kilnhurst & Swinton East, Hoober, Maltby East and Anston & Woodsetts paraphrase it.',
  },
  {
    key: SRC.plans2024,
    kind: 'ward-plans',
    title: 'Illustrative ward plans 2024/25 (after the May 2024 elections)',
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2024/25',
    illustrative: true,
    note: "Illustrative ward plans generated for the hub's seed data; not the published ward plans.",
  },
  {
    key: SRC.papers,
    kind: 'partners',
    title: 'Partners named in Rotherham MBC committee papers, 2018-2023',
    publisher: 'Rotherham Metropolitan Borough Council',
    licence: OGL,
    period: '2018-2023',
    illustrative: false,
    note:
      'Council services and partner organisations as named in the Thriving Neighbourhoods papers (2018 ' +
      'minutes, 2020/21 annual report, 2023 ward priorities presentation).',
  },
  {
    key: SRC.publicBodies,
    kind: 'partners',
    title: 'Public bodies, town and parish councils serving Rotherham',
    publisher: 'Compiled for the hub from public information',
    licence: OGL,
    period: '2024',
    illustrative: false,
    note:
      'Names of real organisations compiled from public knowledge, not from one published list; check them ' +
      "against the council's and the NHS's own listings before relying on them. Descriptions are short summaries.",
  },
  {
    key: SRC.communityGroups,
    kind: 'partners',
    title: 'Illustrative community groups',
    publisher: HUB,
    licence: SYNTHETIC_LICENCE,
    period: '2024',
    illustrative: true,
    note: "Made-up community groups generated for the hub's seed data; not real organisations.",
  },
];

// ---------------------------------------------------------------------------------------------------------
// Geography: localities, wards and their layout
// ---------------------------------------------------------------------------------------------------------

type LocalityName = 'North' | 'Central' | 'South';

const LOCALITIES: ReadonlyArray<{ name: LocalityName; description: string }> = [
  {
    name: 'North',
    description:
      'Seven wards in the north of the borough (an assumed grouping): Hoober, Wath, Swinton Rockingham, Kilnhurst & ' +
      'Swinton East, Rawmarsh East, Rawmarsh West and Dalton & Thrybergh.',
  },
  {
    name: 'Central',
    description:
      'Six unparished wards of Rotherham town and its surrounding neighbourhoods (an assumed grouping): Boston Castle, ' +
      'Rotherham East, Rotherham West, Sitwell, Keppel and Greasbrough.',
  },
  {
    name: 'South',
    description:
      'Twelve parished wards of towns and villages in the south and east of the borough (an assumed grouping): ' +
      'Anston & Woodsetts, Aston & Todwick, Aughton & Swallownest, Bramley & Ravenfield, Brinsworth, Dinnington, ' +
      'Hellaby & Maltby West, Maltby East, Rother Vale, Thurcroft & Wickersley South, Wales and Wickersley North.',
  },
];

const BOUNDARY_SET = { code: 'RMBC-2021', name: 'Rotherham wards from May 2021', effectiveFrom: '2021-05-06' };

/** How old a ward's residents are, illustratively: younger in the town, older in the south and east. */
type AgeProfile = 'younger' | 'average' | 'older';

interface WardDef {
  code: string;
  name: string;
  locality: LocalityName;
  /**
   * The ward's own illustrative age profile, kept apart from its locality so that regrouping the wards
   * (the grouping is an assumption) does not change who lives in them.
   */
  age: AgeProfile;
}

/**
 * The 25 wards, codes and names verbatim from DOMAIN.md; localities as the assumption there. The age
 * profiles (illustrative) are kept from an earlier version of the seed, so that regrouping the wards left
 * the population and the figures built on it as they were.
 */
const WARDS: readonly WardDef[] = [
  { code: 'E05012993', name: 'Anston & Woodsetts', locality: 'South', age: 'older' },
  { code: 'E05012994', name: 'Aston & Todwick', locality: 'South', age: 'older' },
  { code: 'E05012995', name: 'Aughton & Swallownest', locality: 'South', age: 'older' },
  { code: 'E05012996', name: 'Boston Castle', locality: 'Central', age: 'younger' },
  { code: 'E05012997', name: 'Bramley & Ravenfield', locality: 'South', age: 'younger' },
  { code: 'E05012998', name: 'Brinsworth', locality: 'South', age: 'younger' },
  { code: 'E05012999', name: 'Dalton & Thrybergh', locality: 'North', age: 'younger' },
  { code: 'E05013000', name: 'Dinnington', locality: 'South', age: 'older' },
  { code: 'E05013001', name: 'Greasbrough', locality: 'Central', age: 'average' },
  { code: 'E05013002', name: 'Hellaby & Maltby West', locality: 'South', age: 'older' },
  { code: 'E05013003', name: 'Hoober', locality: 'North', age: 'average' },
  { code: 'E05013004', name: 'Keppel', locality: 'Central', age: 'average' },
  { code: 'E05013005', name: 'Kilnhurst & Swinton East', locality: 'North', age: 'average' },
  { code: 'E05013006', name: 'Maltby East', locality: 'South', age: 'older' },
  { code: 'E05013007', name: 'Rawmarsh East', locality: 'North', age: 'average' },
  { code: 'E05013008', name: 'Rawmarsh West', locality: 'North', age: 'average' },
  { code: 'E05013009', name: 'Rother Vale', locality: 'South', age: 'older' },
  { code: 'E05013010', name: 'Rotherham East', locality: 'Central', age: 'younger' },
  { code: 'E05013011', name: 'Rotherham West', locality: 'Central', age: 'younger' },
  { code: 'E05013012', name: 'Sitwell', locality: 'Central', age: 'younger' },
  { code: 'E05013013', name: 'Swinton Rockingham', locality: 'North', age: 'average' },
  { code: 'E05013014', name: 'Thurcroft & Wickersley South', locality: 'South', age: 'older' },
  { code: 'E05013015', name: 'Wales', locality: 'South', age: 'older' },
  { code: 'E05013016', name: 'Wath', locality: 'North', age: 'average' },
  { code: 'E05013017', name: 'Wickersley North', locality: 'South', age: 'younger' },
];

function ward(name: string): WardDef {
  const w = WARDS.find((x) => x.name === name);
  if (!w) throw new Error(`unknown ward ${name}`);
  return w;
}

/**
 * Illustrative layout, roughly north to south: which MSOA numbers (and how many of each MSOA's LSOAs, in
 * letter order) make up each ward. MSOAs stay whole except 014, split between Rotherham East and Boston
 * Castle as real LSOAs and wards do not always nest. MSOAs 013-017 hold the real pairs from the police.uk
 * sample, so their sizes are at least the letters seen there (013E, 014E, 015F, 016D, 017B).
 */
const LAYOUT: ReadonlyArray<readonly [string, ReadonlyArray<readonly [number, number]>]> = [
  [
    'Hoober',
    [
      [1, 5],
      [2, 4],
    ],
  ],
  ['Wath', [[3, 6]]],
  ['Swinton Rockingham', [[4, 6]]],
  ['Kilnhurst & Swinton East', [[5, 5]]],
  ['Rawmarsh West', [[6, 6]]],
  ['Rawmarsh East', [[7, 5]]],
  ['Greasbrough', [[8, 5]]],
  [
    'Keppel',
    [
      [9, 5],
      [10, 4],
    ],
  ],
  [
    'Rotherham West',
    [
      [11, 5],
      [12, 4],
    ],
  ],
  [
    'Rotherham East',
    [
      [13, 5],
      [14, 3],
    ],
  ],
  [
    'Boston Castle',
    [
      [14, 2],
      [15, 6],
    ],
  ],
  [
    'Dalton & Thrybergh',
    [
      [16, 4],
      [17, 2],
    ],
  ],
  ['Bramley & Ravenfield', [[18, 6]]],
  ['Wickersley North', [[19, 5]]],
  ['Brinsworth', [[20, 6]]],
  [
    'Sitwell',
    [
      [21, 5],
      [22, 4],
    ],
  ],
  ['Rother Vale', [[23, 6]]],
  ['Hellaby & Maltby West', [[24, 5]]],
  ['Maltby East', [[25, 6]]],
  ['Thurcroft & Wickersley South', [[26, 6]]],
  ['Aughton & Swallownest', [[27, 6]]],
  [
    'Wales',
    [
      [28, 4],
      [29, 4],
    ],
  ],
  ['Aston & Todwick', [[30, 6]]],
  [
    'Dinnington',
    [
      [31, 4],
      [32, 4],
    ],
  ],
  ['Anston & Woodsetts', [[33, 8]]],
];

/** Real Rotherham LSOA code/name pairs found in data/police-uk/2017-11-south-yorkshire-street-sample.csv. */
const REAL_LSOAS: ReadonlyArray<readonly [string, string]> = [
  ['E01007677', 'Rotherham 017A'],
  ['E01007714', 'Rotherham 017B'],
  ['E01007715', 'Rotherham 016A'],
  ['E01007716', 'Rotherham 016B'],
  ['E01007717', 'Rotherham 016C'],
  ['E01007718', 'Rotherham 016D'],
  ['E01007736', 'Rotherham 014A'],
  ['E01007739', 'Rotherham 013E'],
  ['E01007741', 'Rotherham 015A'],
  ['E01007742', 'Rotherham 015B'],
  ['E01007743', 'Rotherham 015C'],
  ['E01007744', 'Rotherham 015D'],
  ['E01007745', 'Rotherham 015E'],
  ['E01007746', 'Rotherham 015F'],
  ['E01007765', 'Rotherham 014B'],
  ['E01007766', 'Rotherham 014C'],
  ['E01007768', 'Rotherham 014D'],
  ['E01007770', 'Rotherham 014E'],
];

/** Codes used for the seed LSOAs: one contiguous block of 167 that contains every real code above. */
const LSOA_CODE_FIRST = 7604;
const LSOA_CODE_LAST = 7770;

interface Lsoa {
  code: string;
  name: string;
  msoa: number;
  ward: WardDef;
}

function buildLsoas(): Lsoa[] {
  const rng = new Rng('lsoa-codes');
  // Slots (MSOA, letter, ward) in layout order.
  const nextLetter = new Map<number, number>();
  const slots: Array<{ name: string; msoa: number; ward: WardDef }> = [];
  for (const [wardName, segments] of LAYOUT) {
    const w = ward(wardName);
    for (const [msoa, count] of segments) {
      for (let i = 0; i < count; i++) {
        const letterIndex = nextLetter.get(msoa) ?? 0;
        nextLetter.set(msoa, letterIndex + 1);
        const name = `Rotherham ${pad(msoa, 3)}${String.fromCharCode(65 + letterIndex)}`;
        slots.push({ name, msoa, ward: w });
      }
    }
  }
  const realByName = new Map(REAL_LSOAS.map(([code, name]) => [name, code] as const));
  const realCodes = new Set(REAL_LSOAS.map(([code]) => code));
  const freeCodes: string[] = [];
  for (let n = LSOA_CODE_FIRST; n <= LSOA_CODE_LAST; n++) {
    const code = `E0100${n}`;
    if (!realCodes.has(code)) freeCodes.push(code);
  }
  const freeSlots = slots.filter((s) => !realByName.has(s.name));
  if (freeSlots.length !== freeCodes.length) {
    throw new Error(`${freeSlots.length} LSOAs without codes but ${freeCodes.length} free codes`);
  }
  for (const name of realByName.keys()) {
    if (!slots.some((s) => s.name === name)) throw new Error(`layout has no slot for real LSOA ${name}`);
  }
  // Codes run in blocks by MSOA (as 2011 codes do); the order of the blocks is shuffled.
  const msoaOrder = rng.shuffle([...new Set(freeSlots.map((s) => s.msoa))]);
  const ordered = msoaOrder.flatMap((m) => freeSlots.filter((s) => s.msoa === m));
  const lsoas: Lsoa[] = slots
    .filter((s) => realByName.has(s.name))
    .map((s) => ({ code: realByName.get(s.name) as string, name: s.name, msoa: s.msoa, ward: s.ward }));
  ordered.forEach((s, i) => lsoas.push({ code: freeCodes[i], name: s.name, msoa: s.msoa, ward: s.ward }));
  lsoas.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return lsoas;
}

// ---------------------------------------------------------------------------------------------------------
// Population
// ---------------------------------------------------------------------------------------------------------

const AGE_BANDS = ['0-4', '5-15', '16-24', '25-44', '45-64', '65-74', '75-84', '85+'] as const;
const SEXES = ['female', 'male'] as const;
const BOROUGH_TOTAL = 265_800;
const BASE_AGE_SHARE = [0.055, 0.13, 0.1, 0.24, 0.27, 0.11, 0.07, 0.025];
const FEMALE_SHARE = [0.488, 0.488, 0.49, 0.505, 0.505, 0.515, 0.55, 0.64];
/** Age-band weights of each age profile. */
const AGE_FACTOR: Record<AgeProfile, number[]> = {
  average: [1, 1, 1, 1, 1, 1, 1, 1],
  younger: [1.12, 1.1, 1.14, 1.08, 0.94, 0.86, 0.84, 0.84],
  older: [0.9, 0.93, 0.88, 0.93, 1.05, 1.14, 1.16, 1.16],
};

interface PopulationRow {
  lsoa: string;
  ageBand: string;
  sex: string;
  count: number;
}

function buildPopulation(lsoas: readonly Lsoa[]): { totals: Map<string, number>; rows: PopulationRow[] } {
  const rng = new Rng('population');
  const raw = lsoas.map(() => 1600 * (1 + 0.23 * rng.tri()));
  const scaled = apportion(BOROUGH_TOTAL, raw);
  const totals = new Map<string, number>();
  lsoas.forEach((l, i) => {
    const t = scaled[i];
    if (t < 1200 || t > 2300) throw new Error(`LSOA ${l.code} total ${t} outside 1,200-2,300`);
    totals.set(l.code, t);
  });
  const rows: PopulationRow[] = [];
  for (const l of lsoas) {
    const factor = AGE_FACTOR[l.ward.age];
    const weights: number[] = [];
    AGE_BANDS.forEach((_, b) => {
      const ageWeight = BASE_AGE_SHARE[b] * factor[b] * (1 + 0.08 * rng.tri());
      const female = FEMALE_SHARE[b] + 0.02 * rng.tri();
      weights.push(ageWeight * female, ageWeight * (1 - female));
    });
    const counts = apportion(totals.get(l.code) as number, weights);
    AGE_BANDS.forEach((band, b) => {
      SEXES.forEach((sex, s) => {
        rows.push({ lsoa: l.code, ageBand: band, sex, count: counts[b * 2 + s] });
      });
    });
  }
  return { totals, rows };
}

// ---------------------------------------------------------------------------------------------------------
// Deprivation
// ---------------------------------------------------------------------------------------------------------

const NATIONAL_LSOAS = 32_844;
const MIN_RANK_GAP = 12;
type DeprivationProfile = 'most' | 'high' | 'mixed' | 'middle' | 'low';

const DEPRIVATION_PROFILE: Record<string, DeprivationProfile> = {
  'Rotherham East': 'most',
  'Boston Castle': 'high',
  'Rotherham West': 'high',
  'Dalton & Thrybergh': 'high',
  'Maltby East': 'high',
  Dinnington: 'high',
  'Rawmarsh East': 'high',
  'Rawmarsh West': 'high',
  'Kilnhurst & Swinton East': 'high',
  Keppel: 'mixed',
  Greasbrough: 'mixed',
  'Swinton Rockingham': 'mixed',
  Wath: 'mixed',
  Hoober: 'middle',
  Brinsworth: 'middle',
  'Rother Vale': 'middle',
  'Thurcroft & Wickersley South': 'middle',
  'Aughton & Swallownest': 'middle',
  Wales: 'middle',
  'Wickersley North': 'low',
  'Anston & Woodsetts': 'low',
  'Aston & Todwick': 'low',
  'Hellaby & Maltby West': 'low',
  Sitwell: 'low',
  'Bramley & Ravenfield': 'low',
};

/** National percentile (0 = most deprived) for an LSOA in a ward with the given profile. */
function deprivationPercentile(profile: DeprivationProfile, r: number): number {
  switch (profile) {
    case 'most':
      return 0.001 + 0.16 * r * r;
    case 'high':
      return 0.003 + 0.3 * r * r;
    case 'mixed':
      return 0.04 + 0.56 * r;
    case 'middle':
      return 0.12 + 0.62 * r;
    case 'low':
      return 0.42 + 0.57 * Math.pow(r, 0.8);
  }
}

/** Roughly 80 at rank 1, 21 at the median rank, 3 at the last rank; strictly decreasing. */
const SCORE_EXPONENT = Math.log(16.5 / 74) / Math.log(0.5);
function imdScore(rank: number): number {
  const v = 1 - (rank - 1) / (NATIONAL_LSOAS - 1);
  return 3 + 74 * Math.pow(v, SCORE_EXPONENT) + 3 * v;
}

interface DeprivationRow {
  lsoa: string;
  score: string;
  rank: number;
  decile: number;
  population: number;
}

function buildDeprivation(lsoas: readonly Lsoa[], totals: ReadonlyMap<string, number>): DeprivationRow[] {
  const rng = new Rng('deprivation');
  // Partial: ward names come from the wards CSV, so a lookup can miss.
  const profiles: Partial<Record<string, DeprivationProfile>> = DEPRIVATION_PROFILE;
  const drafts = lsoas.map((l) => {
    const profile = profiles[l.ward.name];
    if (!profile) throw new Error(`no deprivation profile for ${l.ward.name}`);
    const p = Math.min(0.995, deprivationPercentile(profile, rng.float()));
    return { code: l.code, rank: 1 + Math.floor(p * (NATIONAL_LSOAS - 1)) };
  });
  // Unique ranks, at least MIN_RANK_GAP apart so that scores differ at 3 decimals.
  const byRank = drafts.slice().sort((a, b) => a.rank - b.rank || (a.code < b.code ? -1 : 1));
  for (let i = 1; i < byRank.length; i++) {
    const prev = byRank[i - 1] as { rank: number };
    const cur = byRank[i] as { rank: number };
    if (cur.rank < prev.rank + MIN_RANK_GAP) cur.rank = prev.rank + MIN_RANK_GAP;
  }
  const last = byRank.at(-1);
  if (last && last.rank > NATIONAL_LSOAS) throw new Error('rank overflow');
  return drafts.map((d) => ({
    lsoa: d.code,
    score: imdScore(d.rank).toFixed(3),
    rank: d.rank,
    decile: Math.min(10, Math.max(1, Math.ceil(d.rank / (NATIONAL_LSOAS / 10)))),
    population: totals.get(d.code) as number,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Councillors
// ---------------------------------------------------------------------------------------------------------

const FIRST_NAMES = [
  'Alan',
  'Amanda',
  'Andrew',
  'Angela',
  'Asif',
  'Barry',
  'Beverley',
  'Carol',
  'Claire',
  'Craig',
  'Dawn',
  'Dean',
  'Donna',
  'Elaine',
  'Emma',
  'Gary',
  'Gillian',
  'Graham',
  'Hannah',
  'Helen',
  'Ian',
  'Jackie',
  'Jason',
  'Jennifer',
  'Joanne',
  'Karen',
  'Kevin',
  'Lindsay',
  'Lisa',
  'Mark',
  'Michelle',
  'Naveed',
  'Nicola',
  'Paul',
  'Rachel',
  'Richard',
  'Robert',
  'Ruth',
  'Sadia',
  'Samantha',
  'Shaun',
  'Stephen',
  'Susan',
  'Tahir',
  'Tracey',
  'Wendy',
];

const LAST_NAMES = [
  'Ackroyd',
  'Ashworth',
  'Bailey',
  'Barker',
  'Beaumont',
  'Bentley',
  'Bingham',
  'Booth',
  'Bramall',
  'Briggs',
  'Brooke',
  'Butterworth',
  'Crookes',
  'Dawson',
  'Denton',
  'Dyson',
  'Ellis',
  'Fairclough',
  'Firth',
  'Fletcher',
  'Gill',
  'Greaves',
  'Haigh',
  'Hanson',
  'Hardcastle',
  'Hinchliffe',
  'Holroyd',
  'Hussain',
  'Jagger',
  'Kaye',
  'Lockwood',
  'Marsden',
  'Mellor',
  'Naylor',
  'Oldroyd',
  'Parkin',
  'Pickering',
  'Priestley',
  'Qureshi',
  'Ramsden',
  'Rhodes',
  'Senior',
  'Shaw',
  'Siddall',
  'Stables',
  'Sugden',
  'Swift',
  'Thackeray',
  'Thorpe',
  'Turton',
  'Wadsworth',
  'Walton',
  'Whiteley',
  'Wilkinson',
  'Womersley',
  'Wood',
  'Wragg',
  'Yates',
  'Younis',
  'Akhtar',
  'Broadhead',
  'Castle',
  'Hirst',
];

const TERM_START = '2024-05-02';
const TERM_END = '2028-05-04';

function buildCouncillors(seats: ReadonlyMap<string, number>): Array<[string, string]> {
  const rng = new Rng('councillors');
  const surnames = rng.shuffle(LAST_NAMES);
  const used = new Set<string>();
  const rows: Array<[string, string]> = [];
  let s = 0;
  for (const w of WARDS) {
    const firstInWard = new Set<string>();
    for (let i = 0; i < (seats.get(w.code) as number); i++) {
      let first = rng.pick(FIRST_NAMES);
      while (firstInWard.has(first)) first = rng.pick(FIRST_NAMES);
      firstInWard.add(first);
      const name = `${first} ${surnames[s++]}`;
      if (used.has(name)) throw new Error(`duplicate councillor name ${name}`);
      used.add(name);
      rows.push([w.code, name]);
    }
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Partners
// ---------------------------------------------------------------------------------------------------------

type PartnerKind = 'COUNCIL_SERVICE' | 'POLICE' | 'HOUSING' | 'HEALTH' | 'PARISH_COUNCIL' | 'VOLUNTARY';

const PARTNERS: ReadonlyArray<{ name: string; kind: PartnerKind; description: string; source: string }> = [
  {
    name: 'Neighbourhoods (RMBC)',
    kind: 'COUNCIL_SERVICE',
    description:
      'Council Neighbourhoods Team: locality and ward Neighbourhood Co-ordinators (a named officer for each ward), ' +
      'support for ward members, ward plans, ward budgets and Community Action Partnerships.',
    source: SRC.papers,
  },
  {
    name: 'Environmental Enforcement / Community Protection Unit (RMBC)',
    kind: 'COUNCIL_SERVICE',
    description:
      'Council enforcement of fly-tipping, littering and other environmental offences, and community protection ' +
      'casework; sits on the Locality Area Managers and Joint Tasking groups.',
    source: SRC.papers,
  },
  {
    name: 'Early Help (RMBC)',
    kind: 'COUNCIL_SERVICE',
    description:
      'Council early help for children, young people and families; sits on the Locality Area Managers and Joint ' + 'Tasking groups.',
    source: SRC.papers,
  },
  {
    name: 'Street Scene (RMBC)',
    kind: 'COUNCIL_SERVICE',
    description: 'Council street scene services such as street cleansing, working in zones with ward members.',
    source: SRC.papers,
  },
  {
    name: 'Public Health (RMBC)',
    kind: 'COUNCIL_SERVICE',
    description: 'Council public health team; leads the Joint Strategic Needs Assessment and its ward profiles.',
    source: SRC.papers,
  },
  {
    name: 'Housing (RMBC)',
    kind: 'HOUSING',
    description:
      'Council housing service, landlord to council tenants; Ward Housing Hub monies fund projects for tenants ' +
      'in line with ward priorities.',
    source: SRC.papers,
  },
  {
    name: 'South Yorkshire Police',
    kind: 'POLICE',
    description:
      'Police force for the borough; neighbourhood policing teams take part in Community Action Partnerships and ' + 'the locality groups.',
    source: SRC.papers,
  },
  {
    name: 'Whiston Parish Council',
    kind: 'PARISH_COUNCIL',
    description: 'Parish council for Whiston; named in the 2020/21 annual report for flood prevention work on Whiston Brook.',
    source: SRC.papers,
  },
  {
    name: 'Rotherfed',
    kind: 'VOLUNTARY',
    description:
      "Rotherham Federation of Communities, a voluntary sector organisation supporting community and tenants' " +
      'groups; named in the 2018 minutes for training for community organisations.',
    source: SRC.papers,
  },
  {
    name: 'South Yorkshire Community Foundation',
    kind: 'VOLUNTARY',
    description: 'Charitable grant-maker; named in the 2020/21 annual report as funder of parish flood resilience work.',
    source: SRC.papers,
  },
  {
    name: 'Voluntary Action Rotherham',
    kind: 'VOLUNTARY',
    description: 'Infrastructure organisation for the voluntary and community sector in Rotherham.',
    source: SRC.publicBodies,
  },
  {
    name: 'NHS South Yorkshire Integrated Care Board (Rotherham Place)',
    kind: 'HEALTH',
    description: 'NHS body that plans and buys health services for Rotherham residents.',
    source: SRC.publicBodies,
  },
  {
    name: 'The Rotherham NHS Foundation Trust',
    kind: 'HEALTH',
    description: 'NHS trust running Rotherham Hospital and community health services.',
    source: SRC.publicBodies,
  },
  {
    name: 'Rotherham Doncaster and South Humber NHS Foundation Trust',
    kind: 'HEALTH',
    description: 'NHS trust providing mental health, learning disability and community services.',
    source: SRC.publicBodies,
  },
  ...(
    [
      ['Anston Parish Council', 'Parish council for Anston.'],
      ['Aston cum Aughton Parish Council', 'Parish council for Aston cum Aughton.'],
      ['Bramley Parish Council', 'Parish council for Bramley.'],
      ['Brinsworth Parish Council', 'Parish council for Brinsworth.'],
      ['Dalton Parish Council', 'Parish council for Dalton.'],
      ["Dinnington St John's Town Council", "Town council for Dinnington St John's."],
      ['Maltby Town Council', 'Town council for Maltby.'],
      ['Ravenfield Parish Council', 'Parish council for Ravenfield.'],
      ['Thurcroft Parish Council', 'Parish council for Thurcroft.'],
      ['Todwick Parish Council', 'Parish council for Todwick.'],
      ['Wales Parish Council', 'Parish council for Wales.'],
      ['Wickersley Parish Council', 'Parish council for Wickersley.'],
      ['Woodsetts Parish Council', 'Parish council for Woodsetts.'],
    ] as const
  ).map(([name, description]) => ({
    name,
    kind: 'PARISH_COUNCIL' as const,
    description,
    source: SRC.publicBodies,
  })),
  ...(
    [
      ['Greenbank Community Pantry', 'a community pantry and warm space run by volunteers'],
      ['Millstone Youth Club', 'a volunteer-run youth club offering evening and holiday activities'],
      ['Brookside Befriending Group', 'a befriending and lunch club for older residents'],
      ['Kingfisher Walking Group', 'a weekly health walk group'],
      ['Larkspur Lane Residents Association', 'a residents association for a council estate'],
      ['Friends of Kestrel Meadow', 'a volunteer group caring for a local wood and green space'],
    ] as const
  ).map(([name, what]) => ({
    name,
    kind: 'VOLUNTARY' as const,
    description: `Illustrative community group (not a real organisation): ${what}.`,
    source: SRC.communityGroups,
  })),
];

/** Parish and town councils covering part of each ward, used in ward plan actions (links illustrative). */
const WARD_PARISHES: Record<string, readonly string[]> = {
  'Anston & Woodsetts': ['Anston Parish Council', 'Woodsetts Parish Council'],
  'Aston & Todwick': ['Todwick Parish Council', 'Aston cum Aughton Parish Council'],
  'Aughton & Swallownest': ['Aston cum Aughton Parish Council'],
  'Bramley & Ravenfield': ['Bramley Parish Council', 'Ravenfield Parish Council'],
  Brinsworth: ['Brinsworth Parish Council'],
  'Dalton & Thrybergh': ['Dalton Parish Council'],
  Dinnington: ["Dinnington St John's Town Council"],
  'Hellaby & Maltby West': ['Maltby Town Council'],
  'Maltby East': ['Maltby Town Council'],
  'Thurcroft & Wickersley South': ['Thurcroft Parish Council', 'Wickersley Parish Council'],
  Wales: ['Wales Parish Council'],
  'Wickersley North': ['Wickersley Parish Council'],
};

// ---------------------------------------------------------------------------------------------------------
// Ward plans
// ---------------------------------------------------------------------------------------------------------

const THEMES = [
  'COMMUNITY_SAFETY',
  'ENVIRONMENT_AND_GREEN_SPACES',
  'CLEAN_STREETS',
  'HEALTH_AND_WELLBEING',
  'COST_OF_LIVING',
  'TRANSPORT_AND_ROAD_SAFETY',
  'COMMUNITY_EMPOWERMENT',
] as const;
type Theme = (typeof THEMES)[number];

const AIMS = ['BEST_START_IN_LIFE', 'MENTAL_HEALTH_AND_WELLBEING', 'LIVE_WELL_FOR_LONGER', 'HEALTHY_SAFE_RESILIENT_COMMUNITIES'] as const;
type Aim = (typeof AIMS)[number];
const BSL: Aim = 'BEST_START_IN_LIFE';
const MH: Aim = 'MENTAL_HEALTH_AND_WELLBEING';
const LWL: Aim = 'LIVE_WELL_FOR_LONGER';
const HSR: Aim = 'HEALTHY_SAFE_RESILIENT_COMMUNITIES';

interface Variant {
  theme: Theme;
  /** The people-focused aim the variant serves (BSL, MH or LWL), or undefined for wider determinants only. */
  focus?: Aim;
  aims: readonly Aim[];
  titles: readonly string[];
  /** Placeholders: {locality}, {parish}. Actions with {parish} are used only where a ward has a parish council. */
  actions: readonly string[];
}

const VARIANTS: readonly Variant[] = [
  {
    theme: 'COMMUNITY_SAFETY',
    aims: [HSR],
    titles: [
      'Tackle anti-social behaviour and help residents feel safe',
      'Reduce crime and anti-social behaviour',
      'Community safety and anti-social behaviour',
    ],
    actions: [
      'Work with South Yorkshire Police and the Community Protection Unit to target anti-social behaviour hotspots identified through the Community Action Partnership',
      'Support joint patrols and days of action by the Neighbourhood Policing Team, Environmental Enforcement and council Housing on estates with repeat problems',
      'Use the ward budget to fund alley gates, improved lighting and redeployable CCTV in locations agreed with South Yorkshire Police',
      'Promote how to report crime and anti-social behaviour (101, online and Crimestoppers) through the ward e-bulletin and local events',
      'Refer repeat and complex cases to the {locality} Locality Area Joint Tasking Group for a multi-agency response',
      'Support Neighbourhood Watch and local community safety groups to recruit new members',
      'Work with council Housing to tackle tenancy-related anti-social behaviour and support affected tenants',
    ],
  },
  {
    theme: 'COMMUNITY_SAFETY',
    focus: BSL,
    aims: [BSL, HSR],
    titles: [
      'Positive activities for young people and less youth-related anti-social behaviour',
      'Keep children and young people safe and engaged',
    ],
    actions: [
      'Fund holiday and after-school activities for young people with Early Help and local youth organisations',
      'Work with South Yorkshire Police and Early Help on youth diversion in areas with repeat anti-social behaviour',
      'Support detached youth work in parks and open spaces during the summer months',
      'Engage local schools in community safety sessions with ward members and the Neighbourhood Policing Team',
    ],
  },
  {
    theme: 'ENVIRONMENT_AND_GREEN_SPACES',
    aims: [HSR],
    titles: [
      'Protect and improve parks, green spaces and the local environment',
      'Environment, parks and green spaces',
      'Look after our green spaces and protect the environment',
    ],
    actions: [
      'Ensure green spaces are properly maintained and looked after, agreeing priorities with Street Scene',
      'Support Friends of parks groups and volunteers with tools, training and ward budget grants',
      "Plant trees, hedges and wildflower areas with schools and community groups as part of the council's climate commitments",
      'Ensure that the voice of the community is heard in any proposed planning developments affecting green space',
      'Work with {parish} to improve local footpaths, benches and open spaces',
      'Hold community growing and allotment projects with local groups and council Housing on estate land',
    ],
  },
  {
    theme: 'ENVIRONMENT_AND_GREEN_SPACES',
    focus: BSL,
    aims: [BSL, HSR],
    titles: ["Improve children's play areas and outdoor spaces for families", 'Better places for children to play'],
    actions: [
      "Improve children's play areas, working with council services to prioritise repairs and new equipment",
      'Hold family fun days in local parks with Early Help, Family Hubs and community groups',
      'Involve children and young people in designing improvements to play areas and open spaces',
    ],
  },
  {
    theme: 'CLEAN_STREETS',
    aims: [HSR],
    titles: [
      'Cleaner streets, lanes and open spaces',
      'Tackle fly-tipping, litter and dog fouling',
      'Cleanliness of streets and the public realm',
    ],
    actions: [
      'Work with Council services to encourage tougher enforcement on fly-tipping and littering',
      'Support and develop community initiatives to reduce litter, dog fouling and fly-tipping',
      'Organise community litter picks and clean-up days with Street Scene, council Housing and volunteers',
      'Target fly-tipping hotspots with Environmental Enforcement, using cameras and signage where appropriate',
      'Agree a programme of targeted street cleansing and gully clearing with the Street Scene zonal team',
      'Work with private landlords and businesses to keep back lanes and shop frontages clean',
      'Work with {parish} to coordinate litter picking and extra bins in village centres',
    ],
  },
  {
    theme: 'HEALTH_AND_WELLBEING',
    focus: MH,
    aims: [MH],
    titles: [
      'Improve wellbeing by bringing people together and addressing loneliness and isolation',
      'Support good mental health and wellbeing',
    ],
    actions: [
      'Promote local activities and groups that bring people together, through the ward e-bulletin and social media',
      'Support existing community groups to set up a community networking partnership',
      'Work with Voluntary Action Rotherham and befriending services to prevent loneliness and isolation',
      'Promote the mental health and wellbeing support available to residents, including help with the cost of living',
      'Fund wellbeing activities such as walking groups, craft clubs and community cafés from the ward budget',
    ],
  },
  {
    theme: 'HEALTH_AND_WELLBEING',
    focus: LWL,
    aims: [LWL],
    titles: ["Support residents' health and wellbeing and older people's quality of life", 'Help older residents live well'],
    actions: [
      'Promote healthy lifestyles with Public Health and local health partners',
      'Support existing and new community groups to thrive and develop, including lunch clubs and befriending groups',
      "Support initiatives that improve older people's quality of life and tackle loneliness and isolation, in line with the five ways to wellbeing",
      'Work with NHS partners at Rotherham Place to promote vaccinations, health checks and falls prevention',
    ],
  },
  {
    theme: 'HEALTH_AND_WELLBEING',
    focus: BSL,
    aims: [BSL],
    titles: ['Give children the best start and support families', 'Healthy children and families'],
    actions: [
      'Support Family Hub and Early Help activities for parents and young children in the ward',
      'Fund holiday activities with healthy food for children and young people in the most deprived areas',
      'Work with schools and Public Health to promote healthy eating and physical activity',
    ],
  },
  {
    theme: 'HEALTH_AND_WELLBEING',
    aims: [HSR],
    titles: ['Promote healthier lifestyles and access to local services', 'Physical health and wellbeing'],
    actions: [
      'Work with Public Health to promote health checks, stop smoking services and physical activity',
      'Support community sports clubs and walking groups to widen participation',
      'Promote local health services and national campaigns through the ward e-bulletin',
    ],
  },
  {
    theme: 'COST_OF_LIVING',
    aims: [HSR],
    titles: ['Tackle poverty and support residents with the cost of living', 'Poverty and the cost of living'],
    actions: [
      'Support local food banks, community pantries and warm spaces with ward budget funding',
      'Promote money advice, benefit checks and energy support through the ward e-bulletin and community venues',
      'Work with Voluntary Action Rotherham and local advice services to run cost of living drop-in sessions',
      'Work with council Housing to support council tenants with tenancy sustainment and energy efficiency',
    ],
  },
  {
    theme: 'COST_OF_LIVING',
    focus: BSL,
    aims: [BSL, HSR],
    titles: ['Reduce the impact of poverty on children and families'],
    actions: [
      'Activities in deprived areas, including holiday clubs with free meals for children',
      'Work with Early Help and schools to promote free school meals, uniform exchanges and family support',
      'Support community pantries and baby banks with voluntary sector partners',
    ],
  },
  {
    theme: 'TRANSPORT_AND_ROAD_SAFETY',
    aims: [HSR],
    titles: ['Improve road safety and tackle speeding and inconsiderate parking', 'Transport, roads and road safety'],
    actions: [
      "Work with the council's road safety team and South Yorkshire Police on speed monitoring and enforcement at locations raised by residents",
      'Support Community Speed Watch volunteers with equipment and training',
      'Tackle inconsiderate and dangerous parking with parking enforcement and local businesses',
      "Press for better and more reliable local bus services, collecting residents' views for the transport authority",
      'Work with {parish} to identify road safety schemes for the village',
    ],
  },
  {
    theme: 'TRANSPORT_AND_ROAD_SAFETY',
    focus: BSL,
    aims: [BSL, HSR],
    titles: ['Make journeys to school safer'],
    actions: [
      'School travel safety initiatives with local primary schools, including parking enforcement at school gates',
      'Support pedestrian and cycle training for children',
      "Review crossings and walking routes to school with the council's road safety team",
    ],
  },
  {
    theme: 'COMMUNITY_EMPOWERMENT',
    aims: [HSR],
    titles: [
      'Strengthen community groups and local facilities',
      'Community empowerment and infrastructure',
      'Help residents and groups shape their neighbourhood',
    ],
    actions: [
      'Support new and existing community groups to access funding, volunteers and training, with Voluntary Action Rotherham',
      'Hold community events that bring residents together and build pride in the area',
      'Keep residents informed through the monthly ward e-bulletin, social media and ward surgeries',
      'Work with {parish} on shared priorities under the Joint Working Agreement',
      'Improve community buildings so that more local groups can use them',
      'Consult residents on ward priorities and ward budget spending at community events',
    ],
  },
  {
    theme: 'COMMUNITY_EMPOWERMENT',
    focus: BSL,
    aims: [BSL, HSR],
    titles: ['Involve children and young people in their community'],
    actions: [
      'Engage schools in local democracy, including visits to the Town Hall and a ward youth forum',
      'Support youth volunteering and Duke of Edinburgh projects with local groups',
      'Involve young people in deciding how part of the ward budget is spent',
    ],
  },
];

interface Priority {
  theme: Theme;
  title: string;
  hwb_aims: Aim[];
  planned_actions: string[];
}

interface Plan {
  ward_code: string;
  year: number;
  title: string;
  published_on: string;
  summary: string;
  source: string;
  priorities: Priority[];
}

/**
 * Priorities paraphrased from the ward examples in the council's 2023 presentation (public); they stand in
 * for those wards' people-focused priority in the 2023 plans.
 */
const PAPER_EXAMPLES_2023: Record<string, Priority> = {
  'Kilnhurst & Swinton East': {
    theme: 'COMMUNITY_EMPOWERMENT',
    title: 'Children and young people get the best start',
    hwb_aims: [BSL, HSR],
    planned_actions: [
      'Activities in deprived areas for children, young people and families',
      "Improve children's play areas",
      'School travel safety initiatives with local schools',
      'Engage schools in local democracy',
    ],
  },
  Hoober: {
    theme: 'HEALTH_AND_WELLBEING',
    title: 'Improve wellbeing by bringing people together whilst addressing loneliness, isolation and mental health',
    hwb_aims: [MH],
    planned_actions: [
      'Promote local activities',
      'Support existing community groups to set up a community networking partnership',
      'Continue to support bringing people together to prevent loneliness and isolation',
      'Promote the help and support available to residents, particularly in relation to the cost of living',
    ],
  },
  'Maltby East': {
    theme: 'HEALTH_AND_WELLBEING',
    title: "Support residents' health and wellbeing",
    hwb_aims: [LWL],
    planned_actions: [
      'Promote healthy lifestyles',
      'Support existing and new community groups to thrive and develop',
      "Support initiatives that improve older people's quality of life",
      'Tackle loneliness and isolation in line with the five ways to wellbeing',
    ],
  },
  'Anston & Woodsetts': {
    theme: 'CLEAN_STREETS',
    title: 'Cleaner streets, lanes and open spaces and protect the environment',
    hwb_aims: [HSR],
    planned_actions: [
      'Work with Council services to encourage tougher enforcement on fly-tipping and littering',
      'Support and develop community initiatives to reduce litter, dog fouling and fly-tipping',
      'Ensure our green spaces are properly maintained and looked after',
      'Ensure that the voice of the community is heard in any proposed planning developments',
    ],
  },
};

/** Wards whose 2023 plans reference each people-focused aim (counts 13, 9 and 3, as in the 2023 paper). */
const AIM_WARDS_2023: Record<'BSL' | 'MH' | 'LWL', readonly string[]> = {
  BSL: [
    'Kilnhurst & Swinton East',
    'Rotherham East',
    'Rotherham West',
    'Boston Castle',
    'Dalton & Thrybergh',
    'Rawmarsh East',
    'Rawmarsh West',
    'Dinnington',
    'Maltby East',
    'Keppel',
    'Greasbrough',
    'Swinton Rockingham',
    'Wath',
  ],
  MH: [
    'Hoober',
    'Wath',
    'Brinsworth',
    'Sitwell',
    'Rother Vale',
    'Aughton & Swallownest',
    'Thurcroft & Wickersley South',
    'Wales',
    'Boston Castle',
  ],
  LWL: ['Maltby East', 'Wickersley North', 'Aston & Todwick'],
};

/** How likely each wider-determinants theme is to be chosen, by deprivation profile. */
function themeWeights(profile: DeprivationProfile): ReadonlyArray<readonly [Theme, number]> {
  const deprived = profile === 'most' || profile === 'high';
  const affluent = profile === 'low';
  return [
    ['COMMUNITY_SAFETY', deprived ? 9 : 6],
    ['ENVIRONMENT_AND_GREEN_SPACES', affluent ? 8 : 5],
    ['CLEAN_STREETS', deprived ? 8 : 6],
    ['HEALTH_AND_WELLBEING', 3],
    ['COST_OF_LIVING', deprived ? 7 : 3],
    ['TRANSPORT_AND_ROAD_SAFETY', affluent ? 7 : 4],
    ['COMMUNITY_EMPOWERMENT', 5],
  ];
}

function fillActions(rng: Rng, variant: Variant, w: WardDef): string[] {
  const parishes = WARD_PARISHES[w.name] ?? [];
  const usable = variant.actions.filter((a) => !a.includes('{parish}') || parishes.length > 0);
  const n = Math.min(usable.length, rng.int(2, 4));
  const chosen = rng.shuffle(usable).slice(0, n);
  // Keep the template order so plans read consistently.
  chosen.sort((a, b) => usable.indexOf(a) - usable.indexOf(b));
  return chosen.map((a) => a.replace('{locality}', w.locality).replace('{parish}', parishes.length > 0 ? rng.pick(parishes) : ''));
}

function priorityFrom(rng: Rng, variant: Variant, w: WardDef): Priority {
  return {
    theme: variant.theme,
    title: rng.pick(variant.titles),
    hwb_aims: AIMS.filter((a) => variant.aims.includes(a)),
    planned_actions: fillActions(rng, variant, w),
  };
}

function buildPlan(rng: Rng, w: WardDef, year: 2023 | 2024, focusAims: readonly Aim[], preferredThemes: readonly Theme[]): Plan {
  const profile = DEPRIVATION_PROFILE[w.name];
  const priorities: Priority[] = [];
  const usedThemes = new Set<Theme>();
  const example = year === 2023 ? PAPER_EXAMPLES_2023[w.name] : undefined;
  if (example) {
    priorities.push(example);
    usedThemes.add(example.theme);
  }
  const covered = new Set<Aim>(priorities.flatMap((p) => p.hwb_aims));
  // One priority for each people-focused aim not yet covered, on a theme not yet used. Mental health and
  // older people only have health-and-wellbeing variants, so they go first.
  const byScarcity = [MH, LWL, BSL].filter((a) => focusAims.includes(a));
  for (const aim of byScarcity) {
    if (covered.has(aim)) continue;
    const options = VARIANTS.filter((v) => v.focus === aim && !usedThemes.has(v.theme));
    const v = rng.pick(options);
    priorities.push(priorityFrom(rng, v, w));
    usedThemes.add(v.theme);
    v.aims.forEach((a) => covered.add(a));
  }
  // Then wider-determinants priorities up to 3-6 in all, at least one of them.
  const target = Math.max(priorities.length + 1, rng.int(3, 6));
  const wider = VARIANTS.filter((v) => v.focus === undefined);
  for (const theme of preferredThemes) {
    if (priorities.length >= target) break;
    if (usedThemes.has(theme)) continue;
    const v = wider.find((x) => x.theme === theme) as Variant;
    priorities.push(priorityFrom(rng, v, w));
    usedThemes.add(theme);
  }
  while (priorities.length < target) {
    const theme = rng.weighted(themeWeights(profile).filter(([t]) => !usedThemes.has(t)));
    const v = wider.find((x) => x.theme === theme) as Variant;
    priorities.push(priorityFrom(rng, v, w));
    usedThemes.add(theme);
  }
  if (priorities.length > 6) throw new Error(`${w.name} ${year}: ${priorities.length} priorities`);
  priorities.sort((a, b) => THEMES.indexOf(a.theme) - THEMES.indexOf(b.theme));

  let published: string;
  if (year === 2023) {
    let d = rng.int(5, 28);
    while (weekday(2023, 6, d) === 0 || weekday(2023, 6, d) === 6) d++;
    published = isoDate(2023, 6, d);
  } else {
    const m = rng.int(9, 11);
    let d = rng.int(2, 26);
    while (weekday(2024, m, d) === 0 || weekday(2024, m, d) === 6) d++;
    published = isoDate(2024, m, d);
  }
  const summary =
    year === 2023
      ? `${w.name} ward plan, refreshed in June 2023: the priorities ward members set after the May 2021 ` +
        'elections, updated with ward data, advice from council services and partners, and community consultation.'
      : `${w.name} ward plan agreed by ward members after the May 2024 elections, informed by the JSNA ward ` +
        'profile, council services and partners, and community consultation.';
  return {
    ward_code: w.code,
    year,
    title: `${w.name} Ward Plan ${year}/${String(year + 1).slice(2)}`,
    published_on: published,
    summary,
    source: year === 2023 ? SRC.plans2023 : SRC.plans2024,
    priorities,
  };
}

function buildWardPlans(): Plan[] {
  const plans: Plan[] = [];
  for (const w of WARDS) {
    const rng23 = new Rng(`plan-2023:${w.code}`);
    const focus23: Aim[] = [];
    if (AIM_WARDS_2023.BSL.includes(w.name)) focus23.push(BSL);
    if (AIM_WARDS_2023.MH.includes(w.name)) focus23.push(MH);
    if (AIM_WARDS_2023.LWL.includes(w.name)) focus23.push(LWL);
    const plan23 = buildPlan(rng23, w, 2023, focus23, []);

    // 2024: new members, new priorities, with some continuity from 2023.
    const rng24 = new Rng(`plan-2024:${w.code}`);
    const profile = DEPRIVATION_PROFILE[w.name];
    const young = profile === 'most' || profile === 'high' || w.age === 'younger';
    const focus24: Aim[] = [];
    if (rng24.chance(focus23.includes(BSL) ? 0.8 : young ? 0.4 : 0.2)) focus24.push(BSL);
    if (rng24.chance(focus23.includes(MH) ? 0.75 : 0.35)) focus24.push(MH);
    if (!focus24.includes(MH) && rng24.chance(w.age === 'older' ? 0.35 : 0.15)) focus24.push(LWL);
    const kept = plan23.priorities
      .filter((p) => p.hwb_aims.length === 1 && p.hwb_aims[0] === HSR)
      .map((p) => p.theme)
      .filter(() => rng24.chance(0.6));
    plans.push(plan23, buildPlan(rng24, w, 2024, focus24, kept));
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------

function main(): void {
  const outDir = path.join(projectRoot(), 'seeds', 'data');
  fs.mkdirSync(outDir, { recursive: true });
  const write = (file: string, content: string): void => {
    fs.writeFileSync(path.join(outDir, file), content, 'utf8');
  };

  const lsoas = buildLsoas();
  const { totals, rows: populationRows } = buildPopulation(lsoas);
  const deprivation = buildDeprivation(lsoas, totals);

  const wardPopulation = new Map<string, number>(WARDS.map((w) => [w.code, 0]));
  for (const l of lsoas) {
    wardPopulation.set(l.ward.code, (wardPopulation.get(l.ward.code) as number) + (totals.get(l.code) as number));
  }
  const largest = WARDS.slice()
    .sort((a, b) => (wardPopulation.get(b.code) as number) - (wardPopulation.get(a.code) as number))
    .slice(0, 9)
    .map((w) => w.code);
  const seats = new Map<string, number>(WARDS.map((w) => [w.code, largest.includes(w.code) ? 3 : 2]));

  write(
    'sources.csv',
    toCsv(
      ['key', 'kind', 'title', 'publisher', 'licence', 'period', 'illustrative', 'note'],
      SOURCES.map((s) => [s.key, s.kind, s.title, s.publisher, s.licence, s.period, s.illustrative, s.note]),
    ),
  );
  write(
    'localities.csv',
    toCsv(
      ['name', 'description', 'source'],
      LOCALITIES.map((l) => [l.name, l.description, SRC.localities]),
    ),
  );
  write(
    'boundary-sets.csv',
    toCsv(['code', 'name', 'effective_from', 'source'], [[BOUNDARY_SET.code, BOUNDARY_SET.name, BOUNDARY_SET.effectiveFrom, SRC.wards]]),
  );
  write(
    'wards.csv',
    toCsv(
      ['code', 'name', 'locality', 'seats', 'boundary_set'],
      WARDS.map((w) => [w.code, w.name, w.locality, seats.get(w.code) as number, BOUNDARY_SET.code]),
    ),
  );
  write(
    'councillors.csv',
    toCsv(
      ['ward_code', 'name', 'term_start', 'term_end', 'source'],
      buildCouncillors(seats).map(([code, name]) => [code, name, TERM_START, TERM_END, SRC.councillors]),
    ),
  );
  write(
    'lsoas.csv',
    toCsv(
      ['code', 'name', 'ward_code', 'source'],
      lsoas.map((l) => [l.code, l.name, l.ward.code, SRC.lsoaLookup]),
    ),
  );
  write(
    'lsoa-population.csv',
    toCsv(
      ['lsoa_code', 'age_band', 'sex', 'count', 'source'],
      populationRows.map((r) => [r.lsoa, r.ageBand, r.sex, r.count, SRC.population]),
    ),
  );
  write(
    'lsoa-deprivation.csv',
    toCsv(
      ['lsoa_code', 'imd_score', 'imd_rank', 'imd_decile', 'population', 'source'],
      deprivation.map((d) => [d.lsoa, d.score, d.rank, d.decile, d.population, SRC.deprivation]),
    ),
  );
  write('ward-plans.json', JSON.stringify(buildWardPlans(), null, 2) + '\n');
  write(
    'partners.csv',
    toCsv(
      ['name', 'kind', 'description', 'source'],
      PARTNERS.map((p) => [p.name, p.kind, p.description, p.source]),
    ),
  );

  const total = [...totals.values()].reduce((s, n) => s + n, 0);
  process.stdout.write(`Wrote seed data to ${outDir} (${lsoas.length} LSOAs, population ${total}).\n`);
}

// A script (`npm run seed:generate`): it writes only when run, never when imported.
if (require.main === module) main();
