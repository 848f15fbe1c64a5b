/** Reads and checks the seed files in seeds/data/: every row, and every reference between files. */
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { codeSchemas } from '../src/codes';
import { periodSchemas } from '../src/periods';
import { PartnerKind } from '../src/modules/partners/partner.enums';
import { HealthAndWellbeingAim, PriorityTheme } from '../src/modules/plans/plan.enums';
import { IndicatorPolarity, IndicatorValueType } from '../src/modules/indicators/indicator.entity';
import { Sex } from '../src/modules/profiles/profile.enums';
import { projectRoot } from '../src/paths';

/** Raised when a seed file is malformed: names the file, the row and the column. Nothing is written. */
export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`The seed data is invalid, nothing was loaded:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SeedError';
  }
}

const text = z.string().trim().min(1, 'is empty');
const { isoDate } = periodSchemas;
const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: 'is not a number' })
    .int('is not a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);
const boolText = z.enum(['true', 'false']).transform((v) => v === 'true');
const { wardCode, lsoaCode } = codeSchemas;

const rows = {
  sources: z.object({
    key: text,
    kind: text,
    title: text,
    publisher: text,
    licence: text,
    period: text,
    illustrative: boolText,
    note: z.string(),
  }),
  localities: z.object({ name: text, description: text, source: text }),
  boundarySets: z.object({ code: text, name: text, effective_from: isoDate, source: text }),
  wards: z.object({ code: wardCode, name: text, locality: text, seats: whole(1, 5), boundary_set: text }),
  councillors: z.object({ ward_code: wardCode, name: text, term_start: isoDate, term_end: isoDate, source: text }),
  lsoas: z.object({ code: lsoaCode, name: text, ward_code: wardCode, source: text }),
  population: z.object({
    lsoa_code: lsoaCode,
    age_band: text,
    sex: z.enum(Sex),
    count: whole(0, 100_000),
    source: text,
  }),
  deprivation: z.object({
    lsoa_code: lsoaCode,
    imd_score: z.coerce.number({ error: 'is not a number' }).min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
    imd_rank: whole(1, 32_844),
    imd_decile: whole(1, 10),
    population: whole(0, 100_000),
    source: text,
  }),
  partners: z.object({ name: text, kind: z.enum(PartnerKind), description: text, source: text }),
  indicators: z.object({
    id: whole(1, 2_000_000_000),
    name: text,
    aim: z.enum(HealthAndWellbeingAim),
    polarity: z.enum(IndicatorPolarity),
    value_type: z.enum(IndicatorValueType),
    multiplier: whole(1, 1_000_000),
    unit: z.string(),
    description: z.string(),
  }),
  plans: z.array(
    z.object({
      ward_code: wardCode,
      year: whole(2000, 2100),
      title: text,
      published_on: isoDate,
      summary: text,
      source: text,
      priorities: z
        .array(
          z.object({
            theme: z.enum(PriorityTheme),
            title: text,
            hwb_aims: z.array(z.enum(HealthAndWellbeingAim)).min(1),
            planned_actions: z.array(text),
          }),
        )
        .min(1),
    }),
  ),
};

export const SEED_FILES = {
  sources: 'sources.csv',
  localities: 'localities.csv',
  boundarySets: 'boundary-sets.csv',
  wards: 'wards.csv',
  councillors: 'councillors.csv',
  lsoas: 'lsoas.csv',
  population: 'lsoa-population.csv',
  deprivation: 'lsoa-deprivation.csv',
  partners: 'partners.csv',
  indicators: 'indicators.csv',
  plans: 'ward-plans.json',
} as const;

type CsvKey = Exclude<keyof typeof SEED_FILES, 'plans'>;
type Row<K extends CsvKey> = z.infer<(typeof rows)[K]>;

/** SHA-256 of each seed file as read, by file name: the seed's sources carry them as imports carry theirs. */
type FileHashes = Record<string, string>;

function readFile(dir: string, file: string, hashes: FileHashes): Buffer {
  const bytes = fs.readFileSync(path.join(dir, file));
  hashes[file] = createHash('sha256').update(bytes).digest('hex');
  return bytes;
}

function readCsv<K extends CsvKey>(dir: string, key: K, problems: string[], hashes: FileHashes): Row<K>[] {
  const file = SEED_FILES[key];
  const records: Record<string, string>[] = parse(readFile(dir, file, hashes), {
    columns: true,
    skip_empty_lines: true,
  });
  const out: Row<K>[] = [];
  records.forEach((record, i) => {
    const parsed = rows[key].safeParse(record);
    // Row 1 is the header, so the first record is row 2, as a spreadsheet shows it.
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file} row ${i + 2}, column ${issue.path.join('.')}: ${issue.message}`);
    } else out.push(parsed.data as Row<K>);
  });
  return out;
}

function readPlans(dir: string, problems: string[], hashes: FileHashes): z.infer<typeof rows.plans> {
  const file = SEED_FILES.plans;
  const parsed = rows.plans.safeParse(JSON.parse(readFile(dir, file, hashes).toString('utf8')));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(`${file} at ${issue.path.join('.')}: ${issue.message}`);
  return [];
}

/** Reads and checks every seed file, including that each reference (ward, LSOA, source) exists. */
export function readSeedData(dir = path.join(projectRoot(), 'seeds/data')) {
  const problems: string[] = [];
  const hashes: FileHashes = {};
  const data = {
    sources: readCsv(dir, 'sources', problems, hashes),
    localities: readCsv(dir, 'localities', problems, hashes),
    boundarySets: readCsv(dir, 'boundarySets', problems, hashes),
    wards: readCsv(dir, 'wards', problems, hashes),
    councillors: readCsv(dir, 'councillors', problems, hashes),
    lsoas: readCsv(dir, 'lsoas', problems, hashes),
    population: readCsv(dir, 'population', problems, hashes),
    deprivation: readCsv(dir, 'deprivation', problems, hashes),
    partners: readCsv(dir, 'partners', problems, hashes),
    indicators: readCsv(dir, 'indicators', problems, hashes),
    plans: readPlans(dir, problems, hashes),
    fileHashes: hashes,
    dir,
  };
  const known = {
    source: new Set(data.sources.map((s) => s.key)),
    locality: new Set(data.localities.map((l) => l.name)),
    boundarySet: new Set(data.boundarySets.map((b) => b.code)),
    ward: new Set(data.wards.map((w) => w.code)),
    lsoa: new Set(data.lsoas.map((l) => l.code)),
  };
  const unique = (file: string, list: Record<string, unknown>[], columns: string[]) => {
    const first = new Map<string, number>();
    list.forEach((r, i) => {
      const key = columns.map((c) => String(r[c])).join(' / ');
      const seen = first.get(key);
      if (seen !== undefined) problems.push(`${file} row ${i + 2}, column ${columns.join(' + ')}: '${key}' repeats row ${seen + 2}`);
      else first.set(key, i);
    });
  };
  unique(SEED_FILES.sources, data.sources, ['key']);
  unique(SEED_FILES.localities, data.localities, ['name']);
  unique(SEED_FILES.boundarySets, data.boundarySets, ['code']);
  unique(SEED_FILES.wards, data.wards, ['code']);
  unique(SEED_FILES.lsoas, data.lsoas, ['code']);
  unique(SEED_FILES.population, data.population, ['source', 'lsoa_code', 'age_band', 'sex']);
  unique(SEED_FILES.deprivation, data.deprivation, ['source', 'lsoa_code']);
  unique(SEED_FILES.partners, data.partners, ['name']);
  unique(SEED_FILES.indicators, data.indicators, ['id']);
  const check = (file: string, list: Record<string, unknown>[], column: string, set: Set<string>, offset = 2) => {
    list.forEach((r, i) => {
      if (!set.has(String(r[column]))) problems.push(`${file} row ${i + offset}, column ${column}: unknown value '${String(r[column])}'`);
    });
  };
  check(SEED_FILES.localities, data.localities, 'source', known.source);
  check(SEED_FILES.boundarySets, data.boundarySets, 'source', known.source);
  check(SEED_FILES.wards, data.wards, 'locality', known.locality);
  check(SEED_FILES.wards, data.wards, 'boundary_set', known.boundarySet);
  check(SEED_FILES.councillors, data.councillors, 'ward_code', known.ward);
  check(SEED_FILES.councillors, data.councillors, 'source', known.source);
  check(SEED_FILES.lsoas, data.lsoas, 'ward_code', known.ward);
  check(SEED_FILES.lsoas, data.lsoas, 'source', known.source);
  check(SEED_FILES.population, data.population, 'lsoa_code', known.lsoa);
  check(SEED_FILES.population, data.population, 'source', known.source);
  check(SEED_FILES.deprivation, data.deprivation, 'lsoa_code', known.lsoa);
  check(SEED_FILES.deprivation, data.deprivation, 'source', known.source);
  check(SEED_FILES.partners, data.partners, 'source', known.source);
  check(SEED_FILES.plans, data.plans, 'ward_code', known.ward, 0);
  check(SEED_FILES.plans, data.plans, 'source', known.source, 0);
  if (problems.length) throw new SeedError(problems);
  return data;
}

export type SeedData = ReturnType<typeof readSeedData>;
