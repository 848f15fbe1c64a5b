/**
 * Deterministic generator for the borough's illustrative data in the formats partners PUBLISH, so that the
 * seed loader can load it through the hub's real importers (src/modules/imports) instead of writing tables
 * directly.
 *
 * It writes, into the folder it is given:
 * - `police-street.csv`: police.uk street-level crime, 24 months (2022-11 to 2024-10), South Yorkshire Police
 *   as the force, in the exact police.uk layout and with its quirks (see seeds/README.md);
 * - `police-outcomes.csv`: police.uk outcomes for those crimes.
 *
 * Every figure is illustrative: made up from the seed LSOAs (seeds/data/lsoas.csv), their illustrative
 * deprivation (seeds/data/lsoa-deprivation.csv) and the constants below. Nothing reads the clock or
 * Math.random: a fixed-seed PRNG (mulberry32) and SHA-256 of fixed strings make two runs byte-identical.
 *
 * From code: `generatePublished(outDir)` returns importer kind → file path.
 * From the command line, after `npm run build`: `node dist/seeds/generate-published.js <outDir>`.
 */
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths';
import { monthIndex, monthOf } from '../src/periods';
import { SeededRandom, csvLine, pad } from './random';

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness (the same PRNG as seeds/generate.ts, its own seed)
// ---------------------------------------------------------------------------------------------------------

const SEED = 20241031;

class Rng extends SeededRandom {
  constructor(label: string) {
    super(SEED, label);
  }
}

/** Picks indexes in proportion to fixed weights, by binary search on the cumulative sums. */
class WeightedIndex {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(weights: readonly number[]) {
    let sum = 0;
    for (const w of weights) {
      sum += w;
      this.cumulative.push(sum);
    }
    if (!(sum > 0)) throw new Error('weights sum to zero');
    this.total = sum;
  }

  pick(rng: Rng): number {
    const r = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------------------------

function readCsv(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(fs.readFileSync(file), { columns: true, skip_empty_lines: true });
}

// ---------------------------------------------------------------------------------------------------------
// police.uk vocabulary
// ---------------------------------------------------------------------------------------------------------

export const POLICE_STREET_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
export const POLICE_OUTCOMES_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type';

const FORCE = 'South Yorkshire Police';

/** The 24 months written: 2022-11 to 2024-10. */
export const PUBLISHED_MONTHS: readonly string[] = Array.from({ length: 24 }, (_, i) => monthOf(monthIndex('2022-11') + i));

const ASB = 'Anti-social behaviour';

/**
 * The 14 crime types, in the order police.uk lists an LSOA's rows in the November 2017 sample (anti-social
 * behaviour first, "Other crime" last), with each type's share of all rows in percent (illustrative, near
 * Rotherham's mix: ASB and violence each about 30%) and a seasonal shape (extra amplitude of the summer
 * peak; negative peaks in winter).
 */
const CATEGORIES: ReadonlyArray<{ name: string; share: number; summer: number }> = [
  { name: ASB, share: 27, summer: 0.16 },
  { name: 'Bicycle theft', share: 0.5, summer: 0.35 },
  { name: 'Burglary', share: 4, summer: -0.1 },
  { name: 'Criminal damage and arson', share: 8.5, summer: 0.04 },
  { name: 'Drugs', share: 2, summer: 0 },
  { name: 'Other theft', share: 5, summer: 0.05 },
  { name: 'Possession of weapons', share: 0.9, summer: 0.05 },
  { name: 'Public order', share: 8, summer: 0.06 },
  { name: 'Robbery', share: 0.7, summer: -0.05 },
  { name: 'Shoplifting', share: 5.5, summer: -0.04 },
  { name: 'Theft from the person', share: 0.5, summer: 0 },
  { name: 'Vehicle crime', share: 4.5, summer: -0.06 },
  { name: 'Violence and sexual offences', share: 31, summer: 0.08 },
  { name: 'Other crime', share: 1.9, summer: 0 },
];
const CATEGORY_ORDER = new Map(CATEGORIES.map((c, i) => [c.name, i]));

/** Borough rows per month before seasonality (illustrative; Rotherham sees about 2,000-2,800 a month). */
const BOROUGH_MONTHLY_BASE = 2400;
/** The whole month's seasonal shape, January first (summer high, winter low). */
const MONTH_FACTOR = [0.92, 0.88, 0.97, 0.98, 1.05, 1.07, 1.11, 1.06, 1.01, 1.03, 0.99, 0.93];
/** Of all rows: about 10% fall in the force's other local authorities and about 1% have no location. */
const OTHER_AUTHORITY_SHARE = 0.1;
const NO_LOCATION_SHARE = 0.01;

/** police.uk map-point labels that stand in for a street name near such places. */
const PLACE_LABELS: ReadonlyArray<readonly [string, number]> = [
  ['Supermarket', 8],
  ['Petrol Station', 7],
  ['Parking Area', 8],
  ['Shopping Area', 6],
  ['Sports/Recreation Area', 8],
  ['Pedestrian Subway', 4],
  ['Bus/Coach Station', 2],
  ['Nightclub', 1],
  ['Further/Higher Educational Building', 1],
  ['Hospital', 0.5],
  ['Police Station', 0.5],
  ['Theatre/Concert Hall', 0.5],
];

const STREET_STEMS = [
  'Church',
  'Station',
  'High',
  'Main',
  'Mill',
  'Park',
  'Victoria',
  'Albert',
  'Chapel',
  'School',
  'Green',
  'Manor',
  'Grange',
  'Meadow',
  'Oak',
  'Elm',
  'Beech',
  'Ash',
  'Willow',
  'Cedar',
  'Birch',
  'Hawthorn',
  'Holly',
  'Rosehill',
  'Moorgate',
  'Wellgate',
  'Broom',
  'Clifton',
  'Eastwood',
  'Kimberworth',
  'Ferham',
  'Masbrough',
  'Canklow',
  'Herringthorpe',
  'Dalton',
  'Thrybergh',
  'Whiston',
  'Wickersley',
  'Maltby',
  'Anston',
  'Kiveton',
  'Swallownest',
  'Treeton',
  'Catcliffe',
  'Thurcroft',
  'Bramley',
  'Ravenfield',
  'Rawmarsh',
  'Parkgate',
  'Greasbrough',
  'Swinton',
  'Kilnhurst',
  'Brampton',
  'Wentworth',
  'Fitzwilliam',
  'Cavendish',
  'Effingham',
  'Shakespeare',
  'Milton',
  'Byron',
  'Tennyson',
  'Nelson',
  'Wellington',
  'Rockingham',
  'Howard',
  'Coronation',
  'Jubilee',
  'Windsor',
  'Sandringham',
  'Bawtry',
  'Mansfield',
  'Sheffield',
  'Doncaster',
  'Worksop',
  'Chesterton',
  'Laudsdale',
  'Badsley',
  'Flanderwell',
  'Ridgeway',
  'Hollowgate',
  'Lindum',
  'Pleasley',
  'Blyth',
  'Woodlaithes',
  'Brecks',
  'Ellis',
  'Gerard',
];
const STREET_SUFFIXES = [
  'Road',
  'Road',
  'Street',
  'Street',
  'Lane',
  'Avenue',
  'Close',
  'Crescent',
  'Drive',
  'Grove',
  'Way',
  'View',
  'Place',
  'Court',
  'Gardens',
  'Rise',
  'Walk',
  'Terrace',
];
/** police.uk capitalises the letter after an apostrophe; the hub must take names as published. */
const APOSTROPHE_STREETS = ["St John'S Road", "St Ann'S Road", "Queen'S Road", "King'S Road", "St Leonard'S Road"];

/**
 * Illustrative outcome paths per kind of crime: either one final outcome, a charge followed by a court
 * result, or no update at all ("Status update unavailable").
 */
// An outcome name, or one of the markers 'COURT' and 'NO_UPDATE'.
type Resolution = string;
const OUTCOME_MIX: Record<'unknownSuspect' | 'knownSuspect' | 'proactive' | 'shoplifting', ReadonlyArray<readonly [Resolution, number]>> = {
  unknownSuspect: [
    ['Investigation complete; no suspect identified', 62],
    ['Unable to prosecute suspect', 16],
    ['NO_UPDATE', 5],
    ['COURT', 5],
    ['Local resolution', 2],
    ['Offender given a caution', 1],
    ['Action to be taken by another organisation', 2],
    ['Further investigation is not in the public interest', 2],
    ['Formal action is not in the public interest', 1],
    ['Suspect charged as part of another case', 1],
  ],
  knownSuspect: [
    ['Unable to prosecute suspect', 50],
    ['Investigation complete; no suspect identified', 16],
    ['NO_UPDATE', 5],
    ['COURT', 8],
    ['Local resolution', 5],
    ['Offender given a caution', 2],
    ['Action to be taken by another organisation', 4],
    ['Formal action is not in the public interest', 2],
    ['Further investigation is not in the public interest', 2],
    ['Offender given penalty notice', 1],
    ['Suspect charged as part of another case', 1],
  ],
  proactive: [
    ['COURT', 22],
    ['Offender given a drugs possession warning', 14],
    ['Local resolution', 12],
    ['Unable to prosecute suspect', 15],
    ['Offender given a caution', 7],
    ['Formal action is not in the public interest', 6],
    ['Investigation complete; no suspect identified', 5],
    ['Offender given penalty notice', 3],
    ['NO_UPDATE', 5],
    ['Further investigation is not in the public interest', 2],
  ],
  shoplifting: [
    ['Investigation complete; no suspect identified', 34],
    ['COURT', 20],
    ['Unable to prosecute suspect', 15],
    ['Local resolution', 8],
    ['Offender given a caution', 4],
    ['Offender given penalty notice', 3],
    ['Formal action is not in the public interest', 3],
    ['NO_UPDATE', 6],
    ['Suspect charged as part of another case', 4],
    ['Further investigation is not in the public interest', 3],
  ],
};
const COURT_RESULTS: ReadonlyArray<readonly [string, number]> = [
  ['Offender fined', 20],
  ['Offender sent to prison', 17],
  ['Offender given community sentence', 16],
  ['Offender given suspended prison sentence', 10],
  ['Court result unavailable', 10],
  ['Offender given conditional discharge', 8],
  ['Defendant found not guilty', 6],
  ['Offender otherwise dealt with', 4],
  ['Court case unable to proceed', 4],
  ['Offender ordered to pay compensation', 3],
  ['Offender deprived of property', 1],
  ['Offender given absolute discharge', 1],
];
const CHARGED = 'Awaiting court outcome';
const UNDER_INVESTIGATION = 'Under investigation';
const NO_UPDATE = 'Status update unavailable';

function outcomeMix(category: string): ReadonlyArray<readonly [Resolution, number]> {
  if (category === 'Drugs' || category === 'Possession of weapons') return OUTCOME_MIX.proactive;
  if (category === 'Shoplifting') return OUTCOME_MIX.shoplifting;
  if (category === 'Violence and sexual offences' || category === 'Public order' || category === 'Other crime') {
    return OUTCOME_MIX.knownSuspect;
  }
  return OUTCOME_MIX.unknownSuspect;
}

/** Months from the crime to its first outcome (0 = the same month). */
const FIRST_OUTCOME_DELAY: ReadonlyArray<readonly [number, number]> = [
  [0, 30],
  [1, 25],
  [2, 14],
  [3, 9],
  [4, 6],
  [5, 4],
  [6, 3],
  [8, 3],
  [10, 2],
  [12, 2],
  [15, 1],
  [18, 1],
];
/** Months from charge to court result. */
const COURT_DELAY: ReadonlyArray<readonly [number, number]> = [
  [1, 15],
  [2, 20],
  [3, 18],
  [4, 14],
  [5, 10],
  [6, 8],
  [8, 7],
  [10, 5],
  [12, 3],
];

// ---------------------------------------------------------------------------------------------------------
// Geography
// ---------------------------------------------------------------------------------------------------------

/**
 * Rough centre of each ward (latitude, longitude). Illustrative approximations of where the wards lie,
 * kept inside 53.35-53.55 N, 1.15-1.45 W; police.uk coordinates are anonymised map points anyway.
 */
// Partial: ward codes come from the LSOA CSV, so a lookup can miss.
const WARD_CENTRES: Partial<Record<string, readonly [number, number]>> = {
  E05013003: [53.503, -1.385], // Hoober
  E05013016: [53.503, -1.345], // Wath
  E05013013: [53.488, -1.316], // Swinton Rockingham
  E05013005: [53.476, -1.298], // Kilnhurst & Swinton East
  E05013008: [53.462, -1.357], // Rawmarsh West
  E05013007: [53.458, -1.333], // Rawmarsh East
  E05013001: [53.449, -1.376], // Greasbrough
  E05013004: [53.452, -1.411], // Keppel
  E05013011: [53.433, -1.381], // Rotherham West
  E05013010: [53.433, -1.34], // Rotherham East
  E05012996: [53.423, -1.353], // Boston Castle
  E05012999: [53.442, -1.298], // Dalton & Thrybergh
  E05012997: [53.432, -1.266], // Bramley & Ravenfield
  E05013017: [53.419, -1.29], // Wickersley North
  E05012998: [53.404, -1.377], // Brinsworth
  E05013012: [53.409, -1.328], // Sitwell
  E05013009: [53.384, -1.356], // Rother Vale
  E05013002: [53.425, -1.222], // Hellaby & Maltby West
  E05013006: [53.421, -1.19], // Maltby East
  E05013014: [53.396, -1.25], // Thurcroft & Wickersley South
  E05012995: [53.366, -1.31], // Aughton & Swallownest
  E05013015: [53.357, -1.268], // Wales
  E05012994: [53.367, -1.232], // Aston & Todwick
  E05013000: [53.372, -1.2], // Dinnington
  E05012993: [53.358, -1.168], // Anston & Woodsetts
};
const BOX = { latMin: 53.35, latMax: 53.55, lonMin: -1.45, lonMax: -1.15 };

/**
 * The force's other local authorities. LSOA codes are 2011-style, in each authority's part of the
 * E01007xxx/E01008xxx block, and never one of the seed's Rotherham codes; names follow the "Barnsley 001A"
 * pattern. The seven Barnsley pairs are real (they appear in the police.uk November 2017 file); the others
 * are made up. `share` is the authority's part of the other-authority rows.
 */
const OTHER_AUTHORITIES: ReadonlyArray<{
  name: string;
  firstCode: number;
  lsoas: number;
  centre: readonly [number, number];
  spread: readonly [number, number];
  share: number;
}> = [
  { name: 'Barnsley', firstCode: 7271, lsoas: 36, centre: [53.555, -1.48], spread: [0.05, 0.08], share: 0.25 },
  { name: 'Doncaster', firstCode: 7454, lsoas: 40, centre: [53.52, -1.12], spread: [0.06, 0.1], share: 0.3 },
  { name: 'Sheffield', firstCode: 7771, lsoas: 60, centre: [53.38, -1.47], spread: [0.05, 0.07], share: 0.45 },
];
const REAL_BARNSLEY: ReadonlyArray<readonly [string, string]> = [
  ['E01007434', 'Barnsley 001A'],
  ['E01007435', 'Barnsley 001B'],
  ['E01007438', 'Barnsley 001C'],
  ['E01007439', 'Barnsley 001D'],
  ['E01007433', 'Barnsley 002A'],
  ['E01007436', 'Barnsley 002B'],
  ['E01007437', 'Barnsley 002C'],
];

interface MapPoint {
  longitude: string;
  latitude: string;
  location: string;
}

interface Area {
  code: string;
  name: string;
  /** Relative crime volume within its group. */
  weight: number;
  /** Multiplier on shoplifting (shops are where the shoplifting is). */
  retail: number;
  points: MapPoint[];
  pointIndex: WeightedIndex;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function streetName(rng: Rng): string {
  if (rng.chance(0.01)) return rng.pick(APOSTROPHE_STREETS);
  return `${rng.pick(STREET_STEMS)} ${rng.pick(STREET_SUFFIXES)}`;
}

/** 8-16 anonymised map points ("On or near …") around a centre, some busier than others. */
function mapPoints(rng: Rng, centre: readonly [number, number], spread: readonly [number, number], inBox: boolean): MapPoint[] {
  const n = rng.int(8, 16);
  const points: MapPoint[] = [];
  const used = new Set<string>();
  while (points.length < n) {
    const name = rng.chance(0.12) ? rng.weighted(PLACE_LABELS) : streetName(rng);
    if (used.has(name)) continue;
    used.add(name);
    let lat = centre[0] + spread[0] * rng.tri();
    let lon = centre[1] + spread[1] * rng.tri();
    if (inBox) {
      lat = clamp(lat, BOX.latMin + 0.001, BOX.latMax - 0.001);
      lon = clamp(lon, BOX.lonMin + 0.001, BOX.lonMax - 0.001);
    }
    points.push({ latitude: lat.toFixed(6), longitude: lon.toFixed(6), location: `On or near ${name}` });
  }
  return points;
}

function area(code: string, name: string, weight: number, retail: number, points: MapPoint[]): Area {
  // A few map points take most of an area's crime (a main road, a shop), as on police.uk maps.
  const pointIndex = new WeightedIndex(points.map((_, i) => 1 / (1 + i * 0.6)));
  return { code, name, weight, retail, points, pointIndex };
}

function boroughAreas(seedDir: string): Area[] {
  const lsoas = readCsv(path.join(seedDir, 'lsoas.csv'));
  const deprivation = new Map(readCsv(path.join(seedDir, 'lsoa-deprivation.csv')).map((d) => [d.lsoa_code, d]));
  const rng = new Rng('borough-areas');
  return lsoas.map((l) => {
    const d = deprivation.get(l.code);
    if (!d) throw new Error(`lsoa-deprivation.csv has no row for ${l.code}`);
    const centre = WARD_CENTRES[l.ward_code];
    if (!centre) throw new Error(`no centre for ward ${l.ward_code} (LSOA ${l.code})`);
    const score = Number(d.imd_score);
    const population = Number(d.population);
    // More crime where deprivation is higher (about 6 times as much at the top as at the bottom), with
    // some variation of each LSOA's own.
    const weight = (population / 1600) * (0.4 + score / 22) * (1 + 0.25 * rng.tri());
    const retail = rng.chance(score > 40 ? 0.25 : 0.08) ? 2.5 + rng.int(0, 5) * 0.5 : 0.5;
    const lsoaCentre = [
      clamp(centre[0] + 0.012 * rng.tri(), BOX.latMin + 0.004, BOX.latMax - 0.004),
      clamp(centre[1] + 0.018 * rng.tri(), BOX.lonMin + 0.006, BOX.lonMax - 0.006),
    ] as const;
    return area(l.code, l.name, weight, retail, mapPoints(rng, lsoaCentre, [0.004, 0.006], true));
  });
}

function otherAreas(boroughCodes: ReadonlySet<string>): Array<{ share: number; areas: Area[] }> {
  const rng = new Rng('other-areas');
  return OTHER_AUTHORITIES.map((a) => {
    const areas: Area[] = [];
    const real = a.name === 'Barnsley' ? REAL_BARNSLEY : [];
    const realCodes = new Set(real.map(([c]) => c));
    const realNames = new Set(real.map(([, n]) => n));
    const pairs: Array<readonly [string, string]> = [...real];
    let code = a.firstCode;
    let msoa = 3;
    let letter = 0;
    while (pairs.length < a.lsoas) {
      const c = `E0100${code}`;
      code += 1;
      if (realCodes.has(c)) continue;
      if (boroughCodes.has(c)) throw new Error(`${a.name} code ${c} is one of the borough's LSOA codes`);
      const name = `${a.name} ${pad(msoa, 3)}${String.fromCharCode(65 + letter)}`;
      letter += 1;
      if (letter >= rng.int(3, 6)) {
        msoa += 1;
        letter = 0;
      }
      if (realNames.has(name)) continue;
      pairs.push([c, name]);
    }
    for (const [c, name] of pairs) {
      const centre = [a.centre[0] + a.spread[0] * rng.tri(), a.centre[1] + a.spread[1] * rng.tri()] as const;
      areas.push(area(c, name, 0.5 + rng.float(), rng.chance(0.15) ? 5 : 0.5, mapPoints(rng, centre, [0.004, 0.006], false)));
    }
    return { share: a.share, areas };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Crimes and outcomes
// ---------------------------------------------------------------------------------------------------------

interface Crime {
  id: string;
  month: number;
  area?: Area;
  point?: MapPoint;
  category: string;
  lastOutcome: string;
  /** Outcome events as [month index, outcome type], for the outcomes file. */
  outcomes: Array<readonly [number, string]>;
}

function categoryWeights(monthOfYear: number): number[] {
  // Peak in July, trough in January; ASB also rises around Halloween and Bonfire Night.
  const season = Math.cos((2 * Math.PI * (monthOfYear - 7)) / 12);
  return CATEGORIES.map((c) => {
    let w = c.share * (1 + c.summer * season);
    if (c.name === ASB && (monthOfYear === 10 || monthOfYear === 11)) w *= 1.12;
    return w;
  });
}

function resolve(rng: Rng, crime: Crime): void {
  const last = PUBLISHED_MONTHS.length - 1;
  if (crime.category === ASB) {
    crime.lastOutcome = '';
    return;
  }
  const route = rng.weighted(outcomeMix(crime.category));
  const first = crime.month + rng.weighted(FIRST_OUTCOME_DELAY);
  if (route === 'NO_UPDATE') {
    // Older crimes whose status never came through; recent ones still look under investigation.
    crime.lastOutcome = first > last ? UNDER_INVESTIGATION : NO_UPDATE;
    return;
  }
  if (first > last) {
    crime.lastOutcome = UNDER_INVESTIGATION;
    return;
  }
  if (route !== 'COURT') {
    crime.lastOutcome = route;
    crime.outcomes.push([first, route]);
    return;
  }
  crime.outcomes.push([first, CHARGED]);
  const result = first + rng.weighted(COURT_DELAY);
  if (result > last) {
    crime.lastOutcome = CHARGED;
    return;
  }
  const outcome = rng.weighted(COURT_RESULTS);
  crime.outcomes.push([result, outcome]);
  crime.lastOutcome = outcome;
}

function crimeId(serial: number): string {
  return createHash('sha256').update(`partnership-data-hub:${SEED}:police-street:${serial}`).digest('hex');
}

function generateCrimes(borough: Area[], others: Array<{ share: number; areas: Area[] }>): Crime[] {
  const crimes: Crime[] = [];
  const boroughIndex = new WeightedIndex(borough.map((a) => a.weight));
  const authorityIndex = new WeightedIndex(others.map((o) => o.share));
  const otherIndexes = others.map((o) => new WeightedIndex(o.areas.map((a) => a.weight)));
  const shopliftingAt = CATEGORY_ORDER.get('Shoplifting') as number;
  let serial = 0;

  PUBLISHED_MONTHS.forEach((month, m) => {
    const rng = new Rng(`police-street:${month}`);
    const moy = Number(month.slice(5));
    // A slow drift over the two years, the season, and noise.
    const trend = 1 + 0.03 * ((m - 12) / 12);
    const boroughCount = Math.round(clamp(BOROUGH_MONTHLY_BASE * MONTH_FACTOR[moy - 1] * trend * (1 + 0.035 * rng.tri()), 2050, 2750));
    const total = boroughCount / (1 - OTHER_AUTHORITY_SHARE - NO_LOCATION_SHARE);
    const otherCount = Math.round(total * OTHER_AUTHORITY_SHARE);
    const noLocationCount = Math.round(total * NO_LOCATION_SHARE);
    const weights = categoryWeights(moy);
    const plain = new WeightedIndex(weights);
    const withShops = new Map<number, WeightedIndex>();
    const categoryFor = (a: Area | undefined): string => {
      let index = plain;
      if (a && a.retail !== 1) {
        index = withShops.get(a.retail) ?? new WeightedIndex(weights.map((w, i) => (i === shopliftingAt ? w * a.retail : w)));
        withShops.set(a.retail, index);
      }
      return (CATEGORIES[index.pick(rng)] as { name: string }).name;
    };
    const add = (a: Area | undefined): void => {
      const category = categoryFor(a);
      serial += 1;
      const crime: Crime = {
        id: category === ASB ? '' : crimeId(serial),
        month: m,
        area: a,
        point: a ? a.points[a.pointIndex.pick(rng)] : undefined,
        category,
        lastOutcome: '',
        outcomes: [],
      };
      resolve(rng, crime);
      crimes.push(crime);
    };
    for (let i = 0; i < boroughCount; i++) add(borough[boroughIndex.pick(rng)]);
    for (let i = 0; i < otherCount; i++) {
      const k = authorityIndex.pick(rng);
      const o = others[k] as { areas: Area[] };
      add(o.areas[otherIndexes[k].pick(rng)]);
    }
    for (let i = 0; i < noLocationCount; i++) add(undefined);
  });
  return crimes;
}

/** police.uk order: by month, then LSOA name (rows without a location last), then crime type. */
function compareCrimes(a: Crime, b: Crime): number {
  if (a.month !== b.month) return a.month - b.month;
  const an = a.area?.name ?? '\uffff';
  const bn = b.area?.name ?? '\uffff';
  if (an !== bn) return an < bn ? -1 : 1;
  return (CATEGORY_ORDER.get(a.category) as number) - (CATEGORY_ORDER.get(b.category) as number);
}

function placeCells(c: Crime): string[] {
  if (!c.area || !c.point) return ['', '', 'No location', '', ''];
  return [c.point.longitude, c.point.latitude, c.point.location, c.area.code, c.area.name];
}

// ---------------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------------

/**
 * Writes the published-format files into `outDir` (created if missing) and returns importer kind → path:
 * `police-street` and `police-outcomes`. `seedDir` is where lsoas.csv and lsoa-deprivation.csv are read.
 */
export function generatePublished(outDir: string, seedDir = path.join(projectRoot(), 'seeds', 'data')): Record<string, string> {
  fs.mkdirSync(outDir, { recursive: true });
  const borough = boroughAreas(seedDir);
  const others = otherAreas(new Set(borough.map((a) => a.code)));
  const crimes = generateCrimes(borough, others).sort(compareCrimes);

  const street: string[] = [POLICE_STREET_HEADER + '\n'];
  for (const c of crimes) {
    street.push(csvLine([c.id, PUBLISHED_MONTHS[c.month], FORCE, FORCE, ...placeCells(c), c.category, c.lastOutcome, '']));
  }

  const events: Array<{ month: number; crime: Crime; outcome: string }> = [];
  for (const c of crimes) for (const [month, outcome] of c.outcomes) events.push({ month, crime: c, outcome });
  // By outcome month, then in the street file's order (the sort is stable).
  events.sort((a, b) => a.month - b.month);
  const outcomes: string[] = [POLICE_OUTCOMES_HEADER + '\n'];
  for (const e of events) {
    outcomes.push(csvLine([e.crime.id, PUBLISHED_MONTHS[e.month], FORCE, FORCE, ...placeCells(e.crime), e.outcome]));
  }

  const files = {
    'police-street': path.join(outDir, 'police-street.csv'),
    'police-outcomes': path.join(outDir, 'police-outcomes.csv'),
  };
  fs.writeFileSync(files['police-street'], street.join(''), 'utf8');
  fs.writeFileSync(files['police-outcomes'], outcomes.join(''), 'utf8');
  return files;
}

if (require.main === module) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('Usage: node dist/seeds/generate-published.js <outDir>');
    process.exit(2);
  }
  const files = generatePublished(path.resolve(outDir));
  for (const [kind, file] of Object.entries(files)) {
    const rows = fs.readFileSync(file, 'utf8').split('\n').length - 2;
    process.stdout.write(`${kind}: ${file} (${rows} rows)\n`);
  }
}
