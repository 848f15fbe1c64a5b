/**
 * Deterministic generator for `seeds/data/tasking.json`: the joint tasking part of the seed data (tasking
 * groups, accounts, memberships, cases, actions, meetings and neighbourhood issues). Everything it writes
 * is illustrative: the people, streets, postcodes, cases and meetings are made up.
 *
 * A fixed-seed PRNG (mulberry32, one stream per purpose) and a fixed "as at" date (`TASKING_AS_AT`) stand in
 * for randomness and the clock, so two runs write the same bytes. It reads the wards and LSOAs from
 * `seeds/data/wards.csv` and `lsoas.csv`.
 *
 * After `npm run build`: `node dist/seeds/generate-tasking.js` rewrites `seeds/data/tasking.json`.
 * From code: `generateTasking()` returns the file's content without writing it.
 */
import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import path from 'node:path';
import { placeKey } from '../src/modules/cases/place-key';
import { projectRoot } from '../src/paths';
import { pad, SeededRandom } from './random';
import type { TaskingSeedFile } from './tasking';

type TaskingGroupSeed = TaskingSeedFile['groups'][number];
type TaskingUserSeed = TaskingSeedFile['users'][number];
type TaskingMembershipSeed = TaskingSeedFile['memberships'][number];
type TaskingCaseSeed = TaskingSeedFile['cases'][number];
type TaskingMeetingSeed = TaskingSeedFile['meetings'][number];
type TaskingIssueSeed = TaskingSeedFile['issues'][number];

const SEED = 20261125;

/** The data's "today": what is past and what is future is judged against this date, never the clock. */
export const TASKING_AS_AT = '2026-11-25';

/** Two cases with the same LSOA and category opened this many days apart or less are a repeat. */
export const REPEAT_WINDOW_DAYS = 90;

class Rng extends SeededRandom {
  constructor(label: string) {
    super(SEED, label);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dates (pure arithmetic on UTC; no clock)
// ---------------------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const dateOf = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => isoOf(dateOf(iso) + days * DAY);
const daysBetween = (a: string, b: string) => Math.round((dateOf(b) - dateOf(a)) / DAY);
const minDate = (...dates: string[]) => dates.reduce((a, b) => (a < b ? a : b));
const stamp = (date: string, hour: number, minute = 0) => `${date}T${pad(hour, 2)}:${pad(minute, 2)}:00Z`;

/** The n-th (1-based) given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  return isoOf(last.getTime() - last.getUTCDay() * DAY);
}

/** UK local time to UTC: British Summer Time runs from the last Sunday of March to the last Sunday of October. */
function localStamp(date: string, hour: number, minute = 0): string {
  const year = Number(date.slice(0, 4));
  const bst = date >= lastSunday(year, 3) && date < lastSunday(year, 10);
  return stamp(date, bst ? hour - 1 : hour, minute);
}

/** A weekday on or after `date`. */
function workday(date: string): string {
  const dow = new Date(dateOf(date)).getUTCDay();
  return dow === 6 ? addDays(date, 2) : dow === 0 ? addDays(date, 1) : date;
}

// ---------------------------------------------------------------------------------------------------------
// Partners, places and people (all names made up)
// ---------------------------------------------------------------------------------------------------------

const NEIGHBOURHOODS = 'Neighbourhoods (RMBC)';
const HOUSING = 'Housing (RMBC)';
const ENFORCEMENT = 'Environmental Enforcement / Community Protection Unit (RMBC)';
const EARLY_HELP = 'Early Help (RMBC)';
const POLICE = 'South Yorkshire Police';
const STREET_SCENE = 'Street Scene (RMBC)';
const PUBLIC_HEALTH = 'Public Health (RMBC)';
const WALES_PARISH = 'Wales Parish Council';
const VAR = 'Voluntary Action Rotherham';

type LocalityName = 'North' | 'Central' | 'South';
const LOCALITIES: readonly LocalityName[] = ['North', 'Central', 'South'];
const LETTER: Record<LocalityName, string> = { North: 'N', Central: 'C', South: 'S' };

/** The five agencies of a Joint Tasking Group, by the slug suffix of their member. */
const JTG_SEATS = [
  { seat: 'chair', agency: NEIGHBOURHOODS, title: 'Neighbourhood Co-ordinator' },
  { seat: 'housing', agency: HOUSING, title: 'Housing Officer' },
  { seat: 'enforcement', agency: ENFORCEMENT, title: 'Enforcement Officer' },
  { seat: 'early-help', agency: EARLY_HELP, title: 'Early Help Practitioner' },
  { seat: 'police', agency: POLICE, title: 'Neighbourhood Police Sergeant' },
] as const;

const STAFF: Record<LocalityName, Record<(typeof JTG_SEATS)[number]['seat'], string>> = {
  North: {
    chair: 'Nadia Exampleton',
    housing: 'Harold Sampleby',
    enforcement: 'Erin Testwood',
    'early-help': 'Esme Placeholt',
    police: 'Paul Mockridge',
  },
  Central: {
    chair: 'Carys Fictionby',
    housing: 'Hamid Demoworth',
    enforcement: 'Ellis Fauxley',
    'early-help': 'Amara Pretendale',
    police: 'Connor Seedwell',
  },
  South: {
    chair: 'Saoirse Dummiford',
    housing: 'Hugo Specimen',
    enforcement: 'Elliot Shamwell',
    'early-help': 'Ffion Trialby',
    police: 'Sam Examplewick',
  },
};

/** Made-up streets, a pool per locality; a case takes one street and no other case takes it. */
const STREETS: Record<LocalityName, string[]> = {
  North: [
    'Foundry Row',
    'Kestrel Rise',
    'Pitwheel Lane',
    'Glassworks Close',
    'Larchmere Road',
    'Coke Oven Walk',
    'Slagmoor Street',
    'Wagonway Court',
    'Millrace Way',
    'Tipple Lane',
    'Barley Mow Close',
    'Hobcroft Road',
    'Fernbank Walk',
    'Lockkeeper Drive',
    'Cinderhill Row',
    'Weighbridge Terrace',
  ],
  Central: [
    'Heron Court',
    'Furnace Mews',
    "Mason's Yard",
    'Tannery Walk',
    'Ironstone Road',
    'Chantry Gate',
    'Ropewalk Lane',
    'Quarry Bank Close',
    'Bellfounder Street',
    'Sluice Gate Road',
    "Cooper's Row",
    'Brewhouse Lane',
    'Kilnfield Drive',
    "Weaver's Walk",
    'Canal Basin Way',
    'Lime Kiln Close',
  ],
  South: [
    'Linnet Close',
    'Pithead Lane',
    'Colliery Row',
    'Meadowsweet Way',
    'Windmill Bank',
    'Hedgerow Close',
    'Threshing Road',
    'Pinfold Court',
    'Plough Lane',
    'Haywain Drive',
    'Deep Pit Road',
    'Cornflower Walk',
    'Stackyard Lane',
    'Larkrise Road',
    'Headstocks Close',
    'Millpond Row',
  ],
};

/** Neighbourhoods of each ward (public place names), and the postcode district used for its made-up postcodes. */
// Partial: ward names come from the wards CSV, so a lookup can miss.
const WARD_PLACES: Partial<Record<string, { places: string[]; district: string }>> = {
  'Anston & Woodsetts': { places: ['North Anston', 'Woodsetts'], district: 'S25' },
  'Aston & Todwick': { places: ['Aston', 'Todwick'], district: 'S26' },
  'Aughton & Swallownest': { places: ['Swallownest', 'Aughton'], district: 'S26' },
  'Boston Castle': { places: ['Clifton', 'Moorgate'], district: 'S60' },
  'Bramley & Ravenfield': { places: ['Bramley', 'Flanderwell'], district: 'S66' },
  Brinsworth: { places: ['Brinsworth', 'Catcliffe'], district: 'S60' },
  'Dalton & Thrybergh': { places: ['Thrybergh', 'East Herringthorpe'], district: 'S65' },
  Dinnington: { places: ['Dinnington', 'Laughton Common'], district: 'S25' },
  Greasbrough: { places: ['Greasbrough', 'Munsbrough'], district: 'S61' },
  'Hellaby & Maltby West': { places: ['Hellaby', 'Braithwell'], district: 'S66' },
  Hoober: { places: ['Brampton', 'West Melton'], district: 'S63' },
  Keppel: { places: ['Thorpe Hesley', 'Kimberworth Park'], district: 'S61' },
  'Kilnhurst & Swinton East': { places: ['Kilnhurst', 'Swinton Bridge'], district: 'S64' },
  'Maltby East': { places: ['Maltby', 'Lilly Hall'], district: 'S66' },
  'Rawmarsh East': { places: ['Parkgate', 'Ryecroft'], district: 'S62' },
  'Rawmarsh West': { places: ['Rawmarsh', 'Roundwood'], district: 'S62' },
  'Rother Vale': { places: ['Treeton', 'Waverley'], district: 'S60' },
  'Rotherham East': { places: ['Eastwood', 'East Dene'], district: 'S65' },
  'Rotherham West': { places: ['Ferham', 'Masbrough'], district: 'S61' },
  Sitwell: { places: ['Whiston', 'Broom'], district: 'S60' },
  'Swinton Rockingham': { places: ['Swinton', 'Piccadilly'], district: 'S64' },
  'Thurcroft & Wickersley South': { places: ['Thurcroft', 'Brookhouse'], district: 'S66' },
  Wales: { places: ['Kiveton Park', 'Harthill'], district: 'S26' },
  Wath: { places: ['Wath', 'Newhill'], district: 'S63' },
  'Wickersley North': { places: ['Wickersley', 'Listerdale'], district: 'S66' },
};

const FIRST_NAMES = [
  'Aaron',
  'Abigail',
  'Adam',
  'Aisha',
  'Alfie',
  'Amelia',
  'Ben',
  'Bethany',
  'Callum',
  'Chloe',
  'Daniel',
  'Demi',
  'Dylan',
  'Ella',
  'Ethan',
  'Freya',
  'George',
  'Grace',
  'Harry',
  'Holly',
  'Isaac',
  'Jade',
  'Jack',
  'Jodie',
  'Kyle',
  'Lacey',
  'Liam',
  'Mia',
  'Mohammed',
  'Nathan',
  'Olivia',
  'Owen',
  'Poppy',
  'Reece',
  'Ruby',
  'Ryan',
  'Sophie',
  'Tyler',
  'Zara',
  'Maureen',
  'Brian',
  'Sandra',
  'Keith',
  'Janet',
  'Derek',
  'Pauline',
];
/** Surnames that are plainly not real ones. */
const SURNAMES = [
  'Examplewood',
  'Sampleford',
  'Testcroft',
  'Mockfield',
  'Dummyshaw',
  'Fictiveby',
  'Placeholdley',
  'Specimenthorpe',
  'Pretendale',
  'Makebelieve',
  'Notarealname',
  'Sampleton',
  'Exampleby',
  'Testington',
  'Mockworth',
  'Fauxfield',
];

// ---------------------------------------------------------------------------------------------------------
// What the cases are about
// ---------------------------------------------------------------------------------------------------------

type Category =
  'ANTI_SOCIAL_BEHAVIOUR' | 'DRUG_DEALING' | 'FLY_TIPPING' | 'NUISANCE_NEIGHBOUR' | 'ENVIRONMENTAL' | 'VULNERABLE_PERSON' | 'OTHER';
type Status = 'REFERRED' | 'OPEN' | 'UNDER_REVIEW' | 'ESCALATED' | 'CLOSED';
type Risk = 'LOW' | 'MEDIUM' | 'HIGH';
type PersonRole = TaskingCaseSeed['people'][number]['role'];

interface Topic {
  titles: string[];
  /** The roles of the people linked to a case, each with the chance the case names someone in it. */
  people: Array<[PersonRole, number]>;
  notes: string[];
  lead: string[];
}

const TOPICS: Record<Category, Topic> = {
  ANTI_SOCIAL_BEHAVIOUR: {
    titles: [
      'Young people gathering and intimidating residents at the shops on {street}',
      'Repeated criminal damage and fires at the play area off {street}',
      'Off-road bikes causing nuisance on {street} and the nearby field',
    ],
    people: [
      ['ALLEGED_PERPETRATOR', 1],
      ['ALLEGED_PERPETRATOR', 0.5],
      ['RESIDENT', 0.9],
      ['WITNESS', 0.3],
    ],
    notes: [
      'Residents report groups of up to fifteen gathering most evenings; two shop windows damaged this month.',
      'Joint patrol by police and the Neighbourhood Co-ordinator; two young people identified and spoken to.',
      'Dispersal order considered but not needed yet; CCTV request made to the shop owner.',
      'Early Help have contacted the families of the young people named; one family engaging.',
      'Reports have dropped since the patrols started; residents still worried about weekends.',
    ],
    lead: [POLICE, NEIGHBOURHOODS],
  },
  DRUG_DEALING: {
    titles: ['Suspected drug dealing from a flat on {street}', 'Cars stopping for suspected drug deals on {street}'],
    people: [
      ['ALLEGED_PERPETRATOR', 1],
      ['VICTIM', 0.6],
      ['WITNESS', 0.3],
    ],
    notes: [
      'Intelligence from several residents about callers at all hours; the tenant may be being exploited (cuckooing).',
      'Housing confirm the tenancy is a council tenancy; tenancy conditions breached if dealing is confirmed.',
      'Police have submitted intelligence and are building a case for a warrant.',
      'Tenant seen by Housing and offered support; says visitors are friends of a relative.',
      'Closure order discussed with Legal; evidence still being gathered.',
    ],
    lead: [POLICE],
  },
  FLY_TIPPING: {
    titles: ['Repeated fly-tipping on the back lane behind {street}', 'Large-scale fly-tipping at the garage site off {street}'],
    people: [
      ['ALLEGED_PERPETRATOR', 0.5],
      ['WITNESS', 0.4],
    ],
    notes: [
      "Third large deposit in a month: builders' waste and household items. Evidence bag found with an address.",
      'Waste cleared by Street Scene; enforcement officer searched it first.',
      'Residents asked to report vehicle registrations; a van seen twice at night.',
      'Gate to the garage site broken; Housing asked to repair it.',
    ],
    lead: [ENFORCEMENT],
  },
  NUISANCE_NEIGHBOUR: {
    titles: ['Noise and verbal abuse from a neighbour on {street}', 'Neighbour dispute with threats and damage on {street}'],
    people: [
      ['VICTIM', 1],
      ['ALLEGED_PERPETRATOR', 1],
      ['WITNESS', 0.4],
    ],
    notes: [
      'Complainant keeps a diary: loud music after midnight on most weekends, and shouting in the garden.',
      'Noise recording equipment installed for two weeks; one statutory nuisance recorded.',
      'Both households seen separately; mediation offered and accepted by one side only.',
      'Acceptable behaviour contract signed by the alleged perpetrator.',
      'Complainant reports the situation has improved; keep monitoring for a month.',
    ],
    lead: [HOUSING, ENFORCEMENT],
  },
  ENVIRONMENTAL: {
    titles: ['Overgrown land and rats behind {street}', 'Graffiti and litter around the subway on {street}'],
    people: [
      ['RESIDENT', 0.8],
      ['OTHER', 0.5],
    ],
    notes: [
      'Land ownership checked with the Land Registry; private owner written to.',
      'Pest control visited and baited the site; follow-up in two weeks.',
      'Community clean-up agreed with the residents association.',
      'Graffiti removed; offensive tags reported to police.',
    ],
    lead: [ENFORCEMENT, NEIGHBOURHOODS],
  },
  VULNERABLE_PERSON: {
    titles: ['Vulnerable adult at risk of exploitation on {street}', 'Older resident targeted by doorstep callers on {street}'],
    people: [
      ['VICTIM', 1],
      ['OTHER', 0.6],
    ],
    notes: [
      'Concerns raised by a neighbour: unknown adults staying at the address and the resident seems frightened.',
      'Welfare visit by police and Housing; resident agreed to a referral to Adult Social Care.',
      "Safeguarding referral made; case discussed with the resident's GP with consent.",
      "Trading Standards advised; doorstep callers' vehicle details passed to police.",
    ],
    lead: [HOUSING, POLICE, EARLY_HELP],
  },
  OTHER: {
    titles: ['Nuisance parking blocking access on {street}', 'Abandoned vehicles and car repairs in the street on {street}'],
    people: [['RESIDENT', 0.9]],
    notes: [
      'Highways consulted: no restrictions on this stretch, so enforcement options are limited.',
      'Letters delivered to households asking for considerate parking.',
      'Two vehicles checked: one untaxed and reported to DVLA, one moved by the owner.',
    ],
    lead: [NEIGHBOURHOODS, POLICE],
  },
};

interface ActionTemplate {
  agency: string;
  title: string;
  outcome: string;
  categories: Category[];
}

const ACTIONS: ActionTemplate[] = [
  {
    agency: POLICE,
    title: 'Hotspot patrols at the location for four weeks',
    outcome: 'Patrols done on 18 evenings; two young people spoken to, no arrests.',
    categories: ['ANTI_SOCIAL_BEHAVIOUR', 'DRUG_DEALING', 'OTHER'],
  },
  {
    agency: POLICE,
    title: 'Apply for and execute a drugs warrant',
    outcome: 'Warrant executed: drugs and cash seized, one person charged.',
    categories: ['DRUG_DEALING'],
  },
  {
    agency: POLICE,
    title: 'Welfare check with Housing',
    outcome: 'Joint visit made; resident safe and accepted support.',
    categories: ['VULNERABLE_PERSON'],
  },
  {
    agency: HOUSING,
    title: 'Tenancy enforcement visit and warning letter',
    outcome: 'Visit made and a formal warning letter issued.',
    categories: ['ANTI_SOCIAL_BEHAVIOUR', 'NUISANCE_NEIGHBOUR', 'DRUG_DEALING'],
  },
  {
    agency: HOUSING,
    title: 'Offer mediation to both households',
    outcome: 'Mediation held; both households agreed ground rules.',
    categories: ['NUISANCE_NEIGHBOUR'],
  },
  {
    agency: HOUSING,
    title: 'Repair the broken gate and fencing',
    outcome: 'Gate and fence repaired and made secure.',
    categories: ['FLY_TIPPING', 'ENVIRONMENTAL'],
  },
  {
    agency: HOUSING,
    title: 'Referral to Adult Social Care for a care assessment',
    outcome: 'Referral accepted; assessment done and care package agreed.',
    categories: ['VULNERABLE_PERSON'],
  },
  {
    agency: ENFORCEMENT,
    title: 'Search the waste for evidence and interview the suspect',
    outcome: 'Evidence found; fixed penalty notice of 400 pounds issued.',
    categories: ['FLY_TIPPING'],
  },
  {
    agency: ENFORCEMENT,
    title: 'Install a covert camera at the hotspot',
    outcome: 'Camera in place for six weeks; two vehicles identified.',
    categories: ['FLY_TIPPING', 'ANTI_SOCIAL_BEHAVIOUR'],
  },
  {
    agency: ENFORCEMENT,
    title: 'Serve a community protection warning',
    outcome: 'Warning served; no further reports in the following month.',
    categories: ['NUISANCE_NEIGHBOUR', 'ENVIRONMENTAL', 'ANTI_SOCIAL_BEHAVIOUR'],
  },
  {
    agency: ENFORCEMENT,
    title: 'Install noise monitoring equipment',
    outcome: 'Equipment installed for 14 days; one statutory nuisance witnessed.',
    categories: ['NUISANCE_NEIGHBOUR'],
  },
  {
    agency: ENFORCEMENT,
    title: 'Serve notice on the landowner to clear the land',
    outcome: 'Notice complied with; land cleared and fenced.',
    categories: ['ENVIRONMENTAL'],
  },
  {
    agency: EARLY_HELP,
    title: 'Contact the families of the young people involved',
    outcome: 'Two families engaged; support plans agreed.',
    categories: ['ANTI_SOCIAL_BEHAVIOUR', 'DRUG_DEALING'],
  },
  {
    agency: EARLY_HELP,
    title: 'Family support assessment',
    outcome: 'Assessment completed; family receiving weekly support.',
    categories: ['VULNERABLE_PERSON', 'NUISANCE_NEIGHBOUR'],
  },
  {
    agency: NEIGHBOURHOODS,
    title: 'Arrange a community clean-up day with residents',
    outcome: 'Clean-up held with 14 volunteers; two tonnes of waste removed.',
    categories: ['FLY_TIPPING', 'ENVIRONMENTAL'],
  },
  {
    agency: NEIGHBOURHOODS,
    title: 'Update ward members and the residents association',
    outcome: 'Briefing sent to ward members and discussed at the residents meeting.',
    categories: ['ANTI_SOCIAL_BEHAVIOUR', 'OTHER', 'ENVIRONMENTAL', 'DRUG_DEALING'],
  },
  {
    agency: NEIGHBOURHOODS,
    title: 'Letter drop asking for considerate parking',
    outcome: 'Letters delivered to 60 households.',
    categories: ['OTHER'],
  },
  {
    agency: STREET_SCENE,
    title: 'Clear the waste and cleanse the lane',
    outcome: 'Waste cleared within three working days.',
    categories: ['FLY_TIPPING', 'ENVIRONMENTAL'],
  },
];

// ---------------------------------------------------------------------------------------------------------
// The case plan: what each locality's groups work on (the rest is drawn from the random streams)
// ---------------------------------------------------------------------------------------------------------

type GroupKind = 'JTG' | 'NM' | 'LAM';

interface CaseSpec {
  group: GroupKind;
  category: Category;
  status: Status;
  risk: Risk;
  opened: string;
  closed?: string;
  /** Who opened it, by slug suffix; defaults to the chair. */
  by?: string;
  /** A repeat: the same LSOA as the case with this key, opened within the repeat window. */
  key?: string;
  repeatOf?: string;
  ward?: string;
  /** A street of the ward's pool to use, and a location written out in full. */
  street?: string;
  location?: string;
  /** Which of the topic's titles to use (else drawn at random). */
  title?: number;
}

const PLAN: Record<LocalityName, CaseSpec[]> = {
  North: [
    {
      group: 'JTG',
      category: 'ANTI_SOCIAL_BEHAVIOUR',
      status: 'CLOSED',
      risk: 'MEDIUM',
      opened: '2024-01-15',
      closed: '2024-04-30',
      by: 'police',
    },
    { group: 'JTG', category: 'DRUG_DEALING', status: 'CLOSED', risk: 'HIGH', opened: '2024-09-10', closed: '2025-03-18', by: 'police' },
    // A repeat at the same place, written two ways: the place key matches them.
    {
      group: 'JTG',
      category: 'ANTI_SOCIAL_BEHAVIOUR',
      status: 'CLOSED',
      risk: 'MEDIUM',
      opened: '2025-03-04',
      closed: '2025-04-28',
      key: 'foundry',
      ward: 'Rawmarsh East',
      street: 'Foundry Row',
      location: '12-14 Foundry Row, Parkgate',
      title: 0,
    },
    {
      group: 'JTG',
      category: 'ANTI_SOCIAL_BEHAVIOUR',
      status: 'UNDER_REVIEW',
      risk: 'HIGH',
      opened: '2025-05-20',
      repeatOf: 'foundry',
      street: 'Foundry Row',
      location: '12/14 foundry row parkgate.',
      title: 0,
      by: 'housing',
    },
    { group: 'JTG', category: 'VULNERABLE_PERSON', status: 'ESCALATED', risk: 'HIGH', opened: '2025-08-12', by: 'early-help' },
    { group: 'JTG', category: 'NUISANCE_NEIGHBOUR', status: 'OPEN', risk: 'MEDIUM', opened: '2025-11-03', by: 'housing' },
    { group: 'JTG', category: 'FLY_TIPPING', status: 'OPEN', risk: 'LOW', opened: '2026-02-16', by: 'enforcement' },
    { group: 'JTG', category: 'ENVIRONMENTAL', status: 'UNDER_REVIEW', risk: 'LOW', opened: '2026-05-07', by: 'enforcement' },
    { group: 'JTG', category: 'DRUG_DEALING', status: 'REFERRED', risk: 'MEDIUM', opened: '2026-10-06', by: 'police' },
    { group: 'NM', category: 'ENVIRONMENTAL', status: 'CLOSED', risk: 'LOW', opened: '2025-01-21', closed: '2025-06-10' },
    { group: 'NM', category: 'FLY_TIPPING', status: 'OPEN', risk: 'LOW', opened: '2026-04-21', by: 'police' },
    { group: 'NM', category: 'OTHER', status: 'REFERRED', risk: 'LOW', opened: '2026-10-19' },
  ],
  Central: [
    { group: 'JTG', category: 'DRUG_DEALING', status: 'CLOSED', risk: 'HIGH', opened: '2024-03-12', closed: '2024-05-21', by: 'police' },
    {
      group: 'JTG',
      category: 'VULNERABLE_PERSON',
      status: 'CLOSED',
      risk: 'MEDIUM',
      opened: '2024-06-18',
      closed: '2025-02-11',
      by: 'early-help',
    },
    // Two drug cases in one LSOA seven weeks apart, at different addresses.
    { group: 'JTG', category: 'DRUG_DEALING', status: 'OPEN', risk: 'HIGH', opened: '2025-06-09', key: 'heron', by: 'police' },
    { group: 'JTG', category: 'DRUG_DEALING', status: 'ESCALATED', risk: 'HIGH', opened: '2025-07-28', repeatOf: 'heron', by: 'housing' },
    { group: 'JTG', category: 'ANTI_SOCIAL_BEHAVIOUR', status: 'OPEN', risk: 'MEDIUM', opened: '2025-10-14', by: 'police' },
    { group: 'JTG', category: 'NUISANCE_NEIGHBOUR', status: 'UNDER_REVIEW', risk: 'MEDIUM', opened: '2026-01-19', by: 'housing' },
    { group: 'JTG', category: 'OTHER', status: 'OPEN', risk: 'MEDIUM', opened: '2026-06-02' },
    { group: 'JTG', category: 'ANTI_SOCIAL_BEHAVIOUR', status: 'REFERRED', risk: 'MEDIUM', opened: '2026-09-29', by: 'early-help' },
    {
      group: 'NM',
      category: 'ANTI_SOCIAL_BEHAVIOUR',
      status: 'CLOSED',
      risk: 'LOW',
      opened: '2025-04-15',
      closed: '2025-09-09',
      by: 'police',
    },
    { group: 'NM', category: 'ENVIRONMENTAL', status: 'OPEN', risk: 'LOW', opened: '2026-07-14' },
    {
      group: 'LAM',
      category: 'FLY_TIPPING',
      status: 'CLOSED',
      risk: 'LOW',
      opened: '2025-02-24',
      closed: '2025-05-12',
      by: 'street-scene',
    },
    { group: 'LAM', category: 'FLY_TIPPING', status: 'OPEN', risk: 'MEDIUM', opened: '2026-03-09', by: 'street-scene' },
  ],
  South: [
    {
      group: 'JTG',
      category: 'NUISANCE_NEIGHBOUR',
      status: 'CLOSED',
      risk: 'MEDIUM',
      opened: '2024-02-05',
      closed: '2024-05-28',
      by: 'housing',
    },
    {
      group: 'JTG',
      category: 'ANTI_SOCIAL_BEHAVIOUR',
      status: 'CLOSED',
      risk: 'MEDIUM',
      opened: '2024-07-22',
      closed: '2025-02-04',
      by: 'police',
    },
    // Fly-tipping twice in one LSOA six weeks apart.
    {
      group: 'JTG',
      category: 'FLY_TIPPING',
      status: 'UNDER_REVIEW',
      risk: 'MEDIUM',
      opened: '2025-04-07',
      key: 'tipping',
      by: 'enforcement',
    },
    { group: 'JTG', category: 'FLY_TIPPING', status: 'OPEN', risk: 'MEDIUM', opened: '2025-05-19', repeatOf: 'tipping', by: 'enforcement' },
    { group: 'JTG', category: 'DRUG_DEALING', status: 'ESCALATED', risk: 'HIGH', opened: '2025-09-15', by: 'police' },
    { group: 'JTG', category: 'VULNERABLE_PERSON', status: 'OPEN', risk: 'HIGH', opened: '2025-12-08', by: 'early-help' },
    {
      group: 'JTG',
      category: 'ENVIRONMENTAL',
      status: 'CLOSED',
      risk: 'LOW',
      opened: '2026-01-12',
      closed: '2026-06-30',
      by: 'enforcement',
    },
    { group: 'JTG', category: 'ANTI_SOCIAL_BEHAVIOUR', status: 'OPEN', risk: 'MEDIUM', opened: '2026-03-23', by: 'police' },
    { group: 'JTG', category: 'OTHER', status: 'REFERRED', risk: 'LOW', opened: '2026-10-12' },
    {
      group: 'NM',
      category: 'ANTI_SOCIAL_BEHAVIOUR',
      status: 'CLOSED',
      risk: 'LOW',
      opened: '2025-02-18',
      closed: '2025-07-01',
      by: 'parish',
      ward: 'Wales',
    },
    { group: 'NM', category: 'ENVIRONMENTAL', status: 'OPEN', risk: 'LOW', opened: '2026-02-17', by: 'parish', ward: 'Wales' },
    { group: 'NM', category: 'NUISANCE_NEIGHBOUR', status: 'UNDER_REVIEW', risk: 'MEDIUM', opened: '2026-06-16', by: 'police' },
  ],
};

const GROUP_KINDS: Record<GroupKind, { kind: TaskingGroupSeed['kind']; suffix: string; name: string }> = {
  JTG: { kind: 'JOINT_TASKING_GROUP', suffix: 'JTG', name: 'Joint Tasking Group' },
  NM: { kind: 'NEIGHBOURHOOD_MEETING', suffix: 'NM', name: 'Neighbourhood Meeting' },
  LAM: { kind: 'LOCALITY_AREA_MANAGERS', suffix: 'LAM', name: 'Locality Area Managers' },
};
const groupCode = (locality: LocalityName, kind: GroupKind) => `${LETTER[locality]}${GROUP_KINDS[kind].suffix}`;

/** Members are granted their seats before the first seeded case. */
const GRANTED_AT = '2024-01-02T09:00:00Z';

// ---------------------------------------------------------------------------------------------------------
// Building the file
// ---------------------------------------------------------------------------------------------------------

interface WardRow {
  code: string;
  name: string;
  locality: string;
}

function readCsv<T>(file: string): T[] {
  return parse<T>(fs.readFileSync(file), { columns: true, skip_empty_lines: true });
}

function buildGroups(): TaskingGroupSeed[] {
  return LOCALITIES.flatMap((locality) =>
    (['JTG', 'NM', 'LAM'] as const).map((k) => ({
      code: groupCode(locality, k),
      name: `${locality} ${GROUP_KINDS[k].name}`,
      kind: GROUP_KINDS[k].kind,
      locality,
    })),
  );
}

function buildUsers(): TaskingUserSeed[] {
  const person = (slug: string, name: string, partner: string, roles: TaskingUserSeed['roles'] = []): TaskingUserSeed => ({
    slug,
    name,
    email: `${slug}@example.org`,
    kind: 'PERSON',
    partner,
    roles,
  });
  const users: TaskingUserSeed[] = [];
  for (const locality of LOCALITIES) {
    const l = locality.toLowerCase();
    for (const { seat, agency } of JTG_SEATS) users.push(person(`${l}-${seat}`, STAFF[locality][seat], agency));
    if (locality === 'Central') users.push(person('central-street-scene', 'Stella Sweepwell', STREET_SCENE));
    if (locality === 'South') users.push(person('south-parish', 'Pat Parishby', WALES_PARISH));
  }
  users.push(person('analyst', 'Alys Databury', PUBLIC_HEALTH, ['ANALYST']));
  users.push(person('admin', 'Adrian Adminson', NEIGHBOURHOODS, ['ADMIN']));
  const service = (slug: string, name: string, partner: string): TaskingUserSeed => ({
    slug,
    name,
    email: `${slug}@example.org`,
    kind: 'SERVICE',
    partner,
    roles: ['PARTNER_DASHBOARD'],
  });
  users.push(service('dashboard', 'Voluntary Action Rotherham dashboard', VAR));
  users.push(service('housing-dashboard', 'Housing performance dashboard', HOUSING));
  return users;
}

function buildMemberships(): TaskingMembershipSeed[] {
  const out: TaskingMembershipSeed[] = [];
  const add = (group: string, user: string, role: 'CHAIR' | 'MEMBER') => out.push({ group, user, role, granted_at: GRANTED_AT });
  for (const locality of LOCALITIES) {
    const l = locality.toLowerCase();
    for (const { seat } of JTG_SEATS) add(groupCode(locality, 'JTG'), `${l}-${seat}`, seat === 'chair' ? 'CHAIR' : 'MEMBER');
    add(groupCode(locality, 'NM'), `${l}-chair`, 'CHAIR');
    add(groupCode(locality, 'NM'), `${l}-police`, 'MEMBER');
    if (locality === 'South') add(groupCode(locality, 'NM'), 'south-parish', 'MEMBER');
    if (locality === 'Central') add(groupCode(locality, 'LAM'), 'central-street-scene', 'MEMBER');
  }
  return out;
}

interface Place {
  ward: WardRow;
  lsoa: string;
}

function personName(rng: SeededRandom): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`;
}

function dateOfBirth(rng: SeededRandom, role: PersonRole, category: Category): string | null {
  if (rng.chance(0.15)) return null;
  const young = role === 'ALLEGED_PERPETRATOR' && category === 'ANTI_SOCIAL_BEHAVIOUR';
  const old = role === 'VICTIM' && category === 'VULNERABLE_PERSON';
  const year = young ? rng.int(2007, 2011) : old ? rng.int(1938, 1958) : rng.int(1960, 2002);
  return `${year}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
}

function buildCases(
  wards: WardRow[],
  lsoasOf: Map<string, string[]>,
  members: Map<string, TaskingMembershipSeed[]>,
  userPartner: Map<string, string>,
): TaskingCaseSeed[] {
  const cases: Array<TaskingCaseSeed & { spec: CaseSpec }> = [];
  const designedPairs = new Set<string>();
  for (const locality of LOCALITIES) {
    const l = locality.toLowerCase();
    const planned = new Set(PLAN[locality].map((s) => s.street));
    const streets = new Rng(`streets:${locality}`).shuffle(STREETS[locality].filter((s) => !planned.has(s)));
    const localWards = wards.filter((w) => w.locality === locality);
    const byKey = new Map<string, TaskingCaseSeed>();
    PLAN[locality].forEach((spec, n) => {
      const rng = new Rng(`case:${locality}:${n}`);
      const code = groupCode(locality, spec.group);
      const groupMembers = members.get(code) ?? [];
      const createdBy = `${l}-${spec.by ?? 'chair'}`;
      if (!groupMembers.some((m) => m.user === createdBy)) throw new Error(`${createdBy} is not a member of ${code}`);

      // Where: a ward of the locality and an LSOA in it, re-drawn until the case repeats no other case
      // by accident (same LSOA and category within the repeat window), unless it is a planned repeat.
      const first = spec.repeatOf ? byKey.get(spec.repeatOf)! : undefined;
      let place: Place | undefined;
      for (let attempt = 0; !place; attempt++) {
        if (attempt > 50) throw new Error(`no place found for case ${n} of ${locality}`);
        const ward = first
          ? wards.find((w) => w.code === first.ward_code)!
          : spec.ward
            ? localWards.find((w) => w.name === spec.ward)!
            : rng.pick(localWards);
        const lsoa = first ? first.lsoa_code! : rng.pick(lsoasOf.get(ward.code)!);
        const clash = cases.some(
          (c) =>
            c.lsoa_code === lsoa && c.category === spec.category && Math.abs(daysBetween(c.opened_at, spec.opened)) <= REPEAT_WINDOW_DAYS,
        );
        if (!clash || first) place = { ward, lsoa };
      }
      const places = WARD_PLACES[place.ward.name];
      if (!places) throw new Error(`no places for ward ${place.ward.name}`);
      const street = spec.street ?? streets[n];
      const area = rng.pick(places.places);
      const location = spec.location ?? `${street}, ${area}`;
      const topic = TOPICS[spec.category];
      const titleTemplate = rng.pick(topic.titles);
      const title = (spec.title === undefined ? titleTemplate : topic.titles[spec.title]).replace('{street}', street);
      const openedAt = stamp(spec.opened, rng.int(8, 15), 5 * rng.int(0, 11));
      const end = spec.closed ?? TASKING_AS_AT;
      const closedAt = spec.closed ? stamp(spec.closed, rng.int(9, 16), 5 * rng.int(0, 11)) : null;
      const postcode = () => `${places.district} ${rng.int(1, 9)}XX`;

      const people: TaskingCaseSeed['people'] = [];
      for (const [role, chance] of topic.people) {
        if (rng.chance(chance)) people.push({ name: personName(rng), date_of_birth: dateOfBirth(rng, role, spec.category), role });
      }
      const addresses: TaskingCaseSeed['addresses'] = [];
      const addressCount = people.length === 0 ? 0 : Math.min(people.length, rng.int(1, 2));
      for (let k = 0; k < addressCount; k++) {
        addresses.push({ address: `${rng.int(1, 60)} ${street}, ${area}`, postcode: rng.chance(0.9) ? postcode() : null });
      }

      const authors = groupMembers.map((m) => m.user);
      const notes: TaskingCaseSeed['notes'] = [];
      const span = Math.max(1, daysBetween(spec.opened, end));
      const noteCount = spec.status === 'REFERRED' ? 1 : rng.int(1, 3);
      const noteTexts = rng.shuffle(topic.notes);
      for (let k = 0; k < noteCount; k++) {
        const day = addDays(spec.opened, Math.min(span - 1, Math.floor(((k + rng.float()) * span) / (noteCount + 0.5))));
        const author = k === 0 ? createdBy : rng.pick(authors);
        const created = workday(day) <= end ? workday(day) : day;
        notes.push({ text: noteTexts[k % noteTexts.length], author, created_at: stamp(created, rng.int(9, 16), 5 * rng.int(0, 11)) });
      }
      notes.sort((a, b) => a.created_at.localeCompare(b.created_at));
      for (const note of notes) if (note.created_at < openedAt) note.created_at = openedAt;
      if (closedAt) for (const note of notes) if (note.created_at > closedAt) note.created_at = closedAt;

      const actions = buildActions(rng, spec, openedAt, closedAt, authors, userPartner);
      const c = {
        spec,
        reference: '',
        group: code,
        title,
        category: spec.category,
        ward_code: place.ward.code,
        lsoa_code: place.lsoa,
        location,
        risk: spec.risk,
        lead_agency: spec.group === 'LAM' ? STREET_SCENE : spec.by === 'parish' ? WALES_PARISH : rng.pick(topic.lead),
        status: spec.status,
        opened_at: openedAt,
        closed_at: closedAt,
        created_by: createdBy,
        people,
        addresses,
        notes,
        actions,
      };
      if (spec.key) byKey.set(spec.key, c);
      if (first) designedPairs.add(`${first.opened_at}|${c.opened_at}`);
      cases.push(c);
    });
  }

  // References: the group's code, the year opened and a number counting up within the group and year.
  const next = new Map<string, number>();
  const ordered = [...cases].sort((a, b) => a.group.localeCompare(b.group) || a.opened_at.localeCompare(b.opened_at));
  for (const c of ordered) {
    const key = `${c.group}-${c.opened_at.slice(0, 4)}`;
    const seq = (next.get(key) ?? 0) + 1;
    next.set(key, seq);
    c.reference = `${key}-${pad(seq, 4)}`;
  }

  // Checks on the plan itself: the repeats are exactly the planned ones, and place keys are unique but for one pair.
  const repeats = cases.flatMap((a, i) =>
    cases
      .slice(i + 1)
      .filter(
        (b) =>
          a.lsoa_code === b.lsoa_code && a.category === b.category && Math.abs(daysBetween(a.opened_at, b.opened_at)) <= REPEAT_WINDOW_DAYS,
      )
      .map((b) => `${a.opened_at}|${b.opened_at}`),
  );
  if (repeats.length !== designedPairs.size || repeats.some((r) => !designedPairs.has(r)))
    throw new Error(`unplanned repeats: ${repeats.join(', ')}`);
  const keys = cases.map((c) => placeKey(c.location));
  if (new Set(keys).size !== keys.length - 1) throw new Error('place keys should be unique except for one planned pair');

  return cases.map(({ spec: _spec, ...c }) => c);
}

function buildActions(
  rng: SeededRandom,
  spec: CaseSpec,
  openedAt: string,
  closedAt: string | null,
  groupMembers: string[],
  userPartner: Map<string, string>,
): TaskingCaseSeed['actions'] {
  if (spec.status === 'REFERRED') return [];
  const templates = rng.shuffle(ACTIONS.filter((a) => a.categories.includes(spec.category)));
  const count = Math.min(templates.length, rng.int(1, 3));
  const opened = openedAt.slice(0, 10);
  const actions: TaskingCaseSeed['actions'] = [];
  for (let k = 0; k < count; k++) {
    const t = templates[k];
    const staff = groupMembers.filter((u) => userPartner.get(u) === t.agency);
    const assignedTo = staff.length && rng.chance(0.7) ? staff[0] : null;
    const createdDay = workday(addDays(opened, rng.int(1, 10) + 14 * k));
    const createdAt = stamp(minDate(createdDay, closedAt?.slice(0, 10) ?? TASKING_AS_AT), rng.int(9, 16), 5 * rng.int(0, 11));
    const created = createdAt.slice(0, 10);
    const base = { title: t.title, assigned_agency: t.agency, assigned_to: assignedTo, created_at: createdAt };
    const done = (latest: string) => {
      const days = Math.max(0, Math.min(rng.int(5, 35), daysBetween(created, latest)));
      const completed = stamp(addDays(created, days), rng.int(9, 16), 5 * rng.int(0, 11));
      return {
        ...base,
        due_on: addDays(created, rng.int(14, 42)),
        status: 'DONE' as const,
        outcome: t.outcome,
        completed_at: closedAt && completed > closedAt ? closedAt : completed < createdAt ? createdAt : completed,
      };
    };
    if (closedAt) {
      actions.push(done(closedAt.slice(0, 10)));
      continue;
    }
    const recent = daysBetween(created, TASKING_AS_AT) < 150;
    const pick = recent
      ? rng.weighted<'DONE' | 'IN_PROGRESS' | 'OPEN_LATER'>([
          ['DONE', 1],
          ['IN_PROGRESS', 2],
          ['OPEN_LATER', 2],
        ])
      : rng.weighted<'DONE' | 'IN_PROGRESS' | 'OPEN_LATER' | 'OPEN_STALE' | 'OVERDUE'>([
          ['DONE', 3],
          ['OPEN_STALE', 2],
          ['OVERDUE', 2],
          ['IN_PROGRESS', 1],
          ['OPEN_LATER', 1],
        ]);
    const later = () => `2027-${pad(rng.int(1, 4), 2)}-${pad(rng.int(1, 28), 2)}`;
    const row = (status: 'OPEN' | 'IN_PROGRESS' | 'OVERDUE', due: string) => ({
      ...base,
      due_on: due,
      status,
      outcome: null,
      completed_at: null,
    });
    if (pick === 'DONE') actions.push(done(TASKING_AS_AT));
    // Still OPEN though its due date has passed: the hub's overdue check has not run on it yet.
    else if (pick === 'OPEN_STALE') actions.push(row('OPEN', minDate(addDays(created, rng.int(21, 56)), addDays(TASKING_AS_AT, -30))));
    else if (pick === 'OVERDUE') actions.push(row('OVERDUE', minDate(addDays(created, rng.int(21, 56)), addDays(TASKING_AS_AT, -10))));
    else if (pick === 'IN_PROGRESS') actions.push(row('IN_PROGRESS', rng.chance(0.5) ? later() : addDays(TASKING_AS_AT, rng.int(7, 35))));
    else actions.push(row('OPEN', later()));
  }
  return actions;
}

interface MeetingPlan {
  kind: GroupKind;
  months: number[];
  weekOfMonth: number;
  hour: number;
  minute: number;
  future: string;
}

/** JTGs quarterly (second week), neighbourhood meetings quarterly in the evening (third week), area managers twice a year. */
const MEETINGS: MeetingPlan[] = [
  { kind: 'JTG', months: [2, 5, 8, 11], weekOfMonth: 2, hour: 10, minute: 0, future: '2027-02' },
  { kind: 'NM', months: [1, 4, 7, 10], weekOfMonth: 3, hour: 18, minute: 30, future: '2027-01' },
  { kind: 'LAM', months: [3, 9], weekOfMonth: 1, hour: 14, minute: 0, future: '2027-03' },
];
/** North meets on Tuesdays, Central on Wednesdays and South on Thursdays. */
const WEEKDAY: Record<LocalityName, number> = { North: 2, Central: 3, South: 4 };

const VENUES: Record<LocalityName, Record<GroupKind, string[]>> = {
  North: {
    JTG: ['North Area Office, Meeting Room 2', 'Teams'],
    NM: ['Kestrel Rise Community Centre'],
    LAM: ['North Area Office, Meeting Room 1'],
  },
  Central: { JTG: ['Town Hall Annexe, Room 4', 'Teams'], NM: ['Heronsgate Community Hall'], LAM: ['Town Hall Annexe, Room 2'] },
  South: { JTG: ['South Area Office, Committee Room', 'Teams'], NM: ['Linnet Green Village Hall'], LAM: ['Teams'] },
};

const AGENCIES: Record<GroupKind, string[]> = {
  JTG: [NEIGHBOURHOODS, HOUSING, ENFORCEMENT, EARLY_HELP, POLICE],
  NM: [NEIGHBOURHOODS, POLICE, HOUSING, VAR],
  LAM: [NEIGHBOURHOODS, HOUSING, ENFORCEMENT, EARLY_HELP, STREET_SCENE, POLICE],
};

const agencyShort = (agency: string) =>
  agency === POLICE ? 'police' : agency === ENFORCEMENT ? 'Environmental Enforcement' : agency.replace(/ \(RMBC\)$/, '');

function buildMeetings(cases: TaskingCaseSeed[], memberships: TaskingMembershipSeed[]): TaskingMeetingSeed[] {
  const meetings: TaskingMeetingSeed[] = [];
  for (const locality of LOCALITIES) {
    for (const plan of MEETINGS) {
      const code = groupCode(locality, plan.kind);
      const rng = new Rng(`meetings:${code}`);
      const chair = memberships.find((m) => m.group === code && m.role === 'CHAIR')?.user ?? null;
      const own = cases.filter((c) => c.group === code).sort((a, b) => a.opened_at.localeCompare(b.opened_at));
      const dates = [2025, 2026].flatMap((y) => plan.months.map((m) => nthWeekday(y, m, WEEKDAY[locality], plan.weekOfMonth)));
      const [fy, fm] = plan.future.split('-').map(Number) as [number, number];
      dates.push(nthWeekday(fy, fm, WEEKDAY[locality], plan.weekOfMonth));
      const agencies = [...AGENCIES[plan.kind], ...(locality === 'South' && plan.kind === 'NM' ? [WALES_PARISH] : [])];
      const seen = new Set<string>();
      dates.forEach((date, i) => {
        const startsAt = localStamp(date, plan.hour, plan.minute);
        const past = date < TASKING_AS_AT;
        const venues = VENUES[locality][plan.kind];
        const venue = venues[i % venues.length];
        // On the agenda: the group's cases open at the time. Referred cases wait for the next meeting to be accepted.
        const active = own.filter(
          (c) =>
            c.opened_at < startsAt &&
            (c.closed_at === null || c.closed_at > startsAt) &&
            (past ? c.status !== 'REFERRED' : c.closed_at === null),
        );
        const agenda = active.slice(-6).map((c) => c.reference);
        const attendees = past
          ? agencies
              .filter((a, k) => k < 2 || rng.chance(plan.kind === 'JTG' ? 0.9 : 0.7))
              .map((agency) => ({ agency, people: agency === POLICE ? rng.int(1, 3) : rng.int(1, 2) }))
          : [];
        const decisions: TaskingMeetingSeed['decisions'] = [];
        if (past && chair) {
          const recordedAt = (k: number) => stamp(startsAt.slice(0, 10), Number(startsAt.slice(11, 13)) + 1, 30 + k);
          const nextDate = dates[i + 1] ?? '9999-12-31';
          for (const ref of agenda) {
            const c = own.find((x) => x.reference === ref)!;
            const lead = agencyShort(c.lead_agency);
            let text: string;
            if (!seen.has(ref))
              text = `Case accepted. ${lead} to lead; actions agreed and assigned. Risk assessed as ${c.risk.toLowerCase()}.`;
            else if (c.closed_at !== null && c.closed_at.slice(0, 10) < nextDate)
              text = 'Agreed to close once the outstanding actions are complete: no new reports since the last meeting.';
            else if (c.status === 'ESCALATED' && nextDate > TASKING_AS_AT)
              text = 'Risk has increased: escalated to the multi-agency risk panel. Partners to share information by the end of the week.';
            else
              text = rng.pick([
                'Reviewed: some progress but reports continue. Case to stay open; review at the next meeting.',
                'Reviewed: actions on track. Partners to update the case notes before the next meeting.',
                `Reviewed: ${lead} to report back on the outstanding actions at the next meeting.`,
              ]);
            seen.add(ref);
            decisions.push({ case: ref, text, recorded_by: chair, recorded_at: recordedAt(decisions.length) });
          }
          if (rng.chance(0.4)) {
            decisions.push({
              case: null,
              text: rng.pick([
                'Agreed to look at the repeat locations report for the locality at the next meeting.',
                'Partners to check their contact details in the hub before the next meeting.',
                'Agreed to invite Street Scene to the next meeting for the fly-tipping cases.',
              ]),
              recorded_by: chair,
              recorded_at: recordedAt(decisions.length),
            });
          }
        }
        meetings.push({ group: code, starts_at: startsAt, venue, agenda, attendees, decisions });
      });
    }
  }
  return meetings;
}

const ISSUES: Record<Category, Array<{ summary: string; response: string }>> = {
  ANTI_SOCIAL_BEHAVIOUR: [
    {
      summary: 'Groups of young people drinking in the park off {street} in the evenings.',
      response: 'Police added the park to evening patrols for six weeks; youth service outreach visited twice.',
    },
    {
      summary: 'Motorbikes ridden on the footpaths around {street}.',
      response: 'Police and Housing wrote to households; barriers to be fitted at two footpath entrances.',
    },
  ],
  DRUG_DEALING: [
    {
      summary: 'Residents worried about suspected drug use in the underpass near {street}.',
      response: 'Police patrols increased and the information passed to the local team; lighting in the underpass repaired.',
    },
  ],
  FLY_TIPPING: [
    {
      summary: 'Fly-tipping in the back lane behind {street}.',
      response: 'Waste cleared; Environmental Enforcement searched it and is investigating one lead.',
    },
    {
      summary: 'Mattresses and furniture dumped by the garages on {street}.',
      response: 'Items removed within a week; the site is now checked weekly.',
    },
  ],
  NUISANCE_NEIGHBOUR: [
    {
      summary: 'Late-night noise from parties on {street}, several residents affected.',
      response: 'Housing visited the property and issued a warning; residents given the out-of-hours noise number.',
    },
  ],
  ENVIRONMENTAL: [
    {
      summary: 'Dog fouling on the footpath along {street}.',
      response: 'Extra bins fitted and patrols by enforcement officers; two fixed penalties issued.',
    },
    {
      summary: 'Overflowing litter bins and litter on {street}.',
      response: 'Bins emptied more often and a larger bin fitted at the bus stop.',
    },
    { summary: 'Graffiti on the walls of the play area off {street}.', response: 'Graffiti removed by Street Scene within ten days.' },
  ],
  VULNERABLE_PERSON: [
    {
      summary: 'Residents ask what support there is for isolated older people on the estate around {street}.',
      response: 'Voluntary Action Rotherham to run a drop-in session and share a leaflet on befriending services.',
    },
  ],
  OTHER: [
    {
      summary: 'Cars parked on the pavement outside the primary school on {street}.',
      response: 'Parking enforcement visits at school times for a month; the school has written to parents.',
    },
    {
      summary: 'Speeding traffic on {street}; residents ask for traffic calming.',
      response: 'Speed survey arranged with Highways; results to be shared at the next meeting.',
    },
  ],
};

function buildIssues(wards: WardRow[], lsoasOf: Map<string, string[]>, meetings: TaskingMeetingSeed[]): TaskingIssueSeed[] {
  const issues: TaskingIssueSeed[] = [];
  const categories = Object.keys(ISSUES) as Category[];
  for (const locality of LOCALITIES) {
    const code = groupCode(locality, 'NM');
    const rng = new Rng(`issues:${code}`);
    const held = meetings.filter((m) => m.group === code);
    const pastIndexes = held.map((m, i) => ({ m, i })).filter(({ m }) => m.starts_at.slice(0, 10) < TASKING_AS_AT);
    const localWards = wards.filter((w) => w.locality === locality);
    const streets = STREETS[locality];
    // Ten issues: eight raised at past meetings, two by email (one of them recent, not yet due).
    // How each is answered: most on time, two late, one not answered and past due, one not yet due.
    const outcomes = rng.shuffle(['ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'LATE', 'LATE', 'UNANSWERED']);
    const meetingIdx = rng
      .shuffle(pastIndexes)
      .slice(0, 8)
      .sort((a, b) => a.i - b.i);
    const raisedAt: Array<{ meeting: number | null; raised: string }> = meetingIdx.map(({ m, i }) => ({
      meeting: i,
      raised: m.starts_at.slice(0, 10),
    }));
    raisedAt.push({ meeting: null, raised: workday(`2025-${pad(rng.int(5, 9), 2)}-${pad(rng.int(1, 28), 2)}`) });
    raisedAt.sort((a, b) => a.raised.localeCompare(b.raised));
    raisedAt.forEach(({ meeting, raised }, k) => {
      const outcome = outcomes[k];
      const ward = rng.pick(localWards);
      const category = categories[(k + LOCALITIES.indexOf(locality) * 3) % categories.length];
      const template = rng.pick(ISSUES[category]);
      const street = rng.pick(streets);
      const due = addDays(raised, 28);
      const responded = outcome === 'ON_TIME' ? addDays(raised, rng.int(6, 27)) : outcome === 'LATE' ? addDays(due, rng.int(3, 30)) : null;
      issues.push({
        group: code,
        meeting,
        ward_code: ward.code,
        lsoa_code: k === 3 ? null : rng.pick(lsoasOf.get(ward.code)!),
        category,
        summary: template.summary.replace('{street}', street),
        raised_on: raised,
        response_due_on: due,
        responded_on: responded && responded <= TASKING_AS_AT ? responded : null,
        response: responded && responded <= TASKING_AS_AT ? template.response : null,
      });
    });
    // Raised by email a fortnight before the "as at" date: not answered and not yet due.
    const ward = rng.pick(localWards);
    const recent = addDays(TASKING_AS_AT, -rng.int(10, 20));
    const template = ISSUES.ENVIRONMENTAL[LOCALITIES.indexOf(locality) % ISSUES.ENVIRONMENTAL.length];
    issues.push({
      group: code,
      meeting: null,
      ward_code: ward.code,
      lsoa_code: rng.pick(lsoasOf.get(ward.code)!),
      category: 'ENVIRONMENTAL',
      summary: template.summary.replace('{street}', rng.pick(streets)),
      raised_on: workday(recent),
      response_due_on: addDays(workday(recent), 28),
      responded_on: null,
      response: null,
    });
  }
  return issues;
}

/** The content of `tasking.json`, built from the wards and LSOAs in `seedDir`. */
export function generateTasking(seedDir = path.join(projectRoot(), 'seeds', 'data')): TaskingSeedFile {
  const wards = readCsv<WardRow>(path.join(seedDir, 'wards.csv'));
  const lsoasOf = new Map<string, string[]>();
  for (const l of readCsv<{ code: string; ward_code: string }>(path.join(seedDir, 'lsoas.csv'))) {
    if (!lsoasOf.has(l.ward_code)) lsoasOf.set(l.ward_code, []);
    lsoasOf.get(l.ward_code)!.push(l.code);
  }
  const groups = buildGroups();
  const users = buildUsers();
  const memberships = buildMemberships();
  const members = new Map<string, TaskingMembershipSeed[]>();
  for (const m of memberships) members.set(m.group, [...(members.get(m.group) ?? []), m]);
  const userPartner = new Map(users.map((u) => [u.slug, u.partner]));
  const cases = buildCases(wards, lsoasOf, members, userPartner);
  const meetings = buildMeetings(cases, memberships);
  const issues = buildIssues(wards, lsoasOf, meetings);

  // The work the hub's jobs and reports need, whatever the random streams drew.
  const actions = cases.flatMap((c) => c.actions);
  const need: Array<[string, boolean]> = [
    [
      '3 OPEN actions due in 2025 (for the overdue check)',
      actions.filter((a) => a.status === 'OPEN' && a.due_on.startsWith('2025')).length >= 3,
    ],
    ['3 actions due in 2027', actions.filter((a) => a.due_on.startsWith('2027')).length >= 3],
    [
      'an OVERDUE and an IN_PROGRESS action',
      actions.some((a) => a.status === 'OVERDUE') && actions.some((a) => a.status === 'IN_PROGRESS'),
    ],
    ['2 cases closed before June 2024', cases.filter((c) => c.closed_at !== null && c.closed_at < '2024-06-01').length >= 2],
  ];
  for (const [what, ok] of need) if (!ok) throw new Error(`the generated data lacks ${what}`);
  return {
    about:
      'Illustrative seed data for the joint tasking part of the hub, written by seeds/generate-tasking.ts. ' +
      'Every person, street, address, postcode, case, meeting and issue is made up; the partner organisations, wards and LSOAs come from the other seed files. ' +
      'It is written as at as_at: loading moves every date by whole weeks so that as_at falls in the week of the load.',
    as_at: TASKING_AS_AT,
    groups,
    users,
    memberships,
    cases,
    meetings,
    issues,
  };
}

export function taskingJson(seedDir?: string): string {
  return `${JSON.stringify(generateTasking(seedDir), null, 2)}\n`;
}

// A script: it writes only when run, never when imported.
if (require.main === module) {
  const file = path.join(projectRoot(), 'seeds', 'data', 'tasking.json');
  fs.writeFileSync(file, taskingJson(), 'utf8');
  const data = generateTasking();
  process.stdout.write(
    `Wrote ${file}: ${data.groups.length} groups, ${data.users.length} users, ${data.cases.length} cases, ` +
      `${data.meetings.length} meetings, ${data.issues.length} issues.\n`,
  );
}
