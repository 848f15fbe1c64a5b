import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../src/logger';
import { Partner } from '../src/modules/partners/partner.entity';
import { BoundarySet } from '../src/modules/places/boundary-set.entity';
import { Councillor } from '../src/modules/places/councillor.entity';
import { Locality } from '../src/modules/places/locality.entity';
import { Lsoa } from '../src/modules/places/lsoa.entity';
import { Ward } from '../src/modules/places/ward.entity';
import { WardPlan } from '../src/modules/plans/ward-plan.entity';
import { WardPriority } from '../src/modules/plans/ward-priority.entity';
import { Indicator } from '../src/modules/indicators/indicator.entity';
import { LsoaPopulation } from '../src/modules/profiles/lsoa-population.entity';
import { DataSource } from '../src/modules/sources/data-source.entity';
import { dataRefreshedEvent } from '../src/modules/imports/import.events';
import { changeLog, type CommittingChangeLog } from '../src/modules/live/live.outbox';
import type { WakeUpBus } from '../src/modules/live/live.wakeups';
import { readSeedData, SEED_FILES, type SeedData } from './read';
import { loadTaskingSeed, readTaskingSeed, shiftTaskingSeed, type TaskingSeed } from './tasking';

/** For each source key, the wards whose figures its rows feed. */
function wardsTouched(data: SeedData): Map<string, Set<string>> {
  const touched = new Map<string, Set<string>>();
  const add = (source: string, ward: string | undefined) => {
    if (!ward) return;
    if (!touched.has(source)) touched.set(source, new Set());
    touched.get(source)!.add(ward);
  };
  const wardOfLsoa = new Map(data.lsoas.map((l) => [l.code, l.ward_code]));
  const sourceOfSet = new Map(data.boundarySets.map((b) => [b.code, b.source]));
  for (const w of data.wards) add(sourceOfSet.get(w.boundary_set)!, w.code);
  for (const l of data.lsoas) add(l.source, l.ward_code);
  for (const c of data.councillors) add(c.source, c.ward_code);
  for (const p of data.population) add(p.source, wardOfLsoa.get(p.lsoa_code));
  for (const d of data.deprivation) add(d.source, wardOfLsoa.get(d.lsoa_code));
  for (const p of data.plans) add(p.source, p.ward_code);
  return touched;
}

/**
 * For each source key, the SHA-256 of the seed files its rows come from, as an import records its
 * file's: one file's own hash, or for a source spread over several files (a ward's boundary set is in
 * boundary-sets.csv and the ward in wards.csv) the hash of the files joined in the order of SEED_FILES,
 * so that `cat boundary-sets.csv wards.csv | sha256sum` gives it. A source no file names gets
 * sources.csv's. (The file names are not stored in file_name: imports treat a source with a file name as
 * an earlier import they may retire; seeds/README.md lists the files of each source.)
 */
function seedFileHashes(data: SeedData): Map<string, { sha256: string }> {
  const files = new Map<string, Set<string>>();
  const add = (source: string, ...names: string[]) => {
    if (!files.has(source)) files.set(source, new Set());
    for (const n of names) files.get(source)!.add(n);
  };
  // Wards have no source column: a ward takes its boundary set's source, and its locality column is the grouping's.
  for (const b of data.boundarySets) add(b.source, SEED_FILES.boundarySets, SEED_FILES.wards);
  for (const l of data.localities) add(l.source, SEED_FILES.localities, SEED_FILES.wards);
  for (const c of data.councillors) add(c.source, SEED_FILES.councillors);
  for (const l of data.lsoas) add(l.source, SEED_FILES.lsoas);
  for (const p of data.population) add(p.source, SEED_FILES.population);
  for (const d of data.deprivation) add(d.source, SEED_FILES.deprivation);
  for (const p of data.partners) add(p.source, SEED_FILES.partners);
  for (const p of data.plans) add(p.source, SEED_FILES.plans);
  const order = Object.values(SEED_FILES) as string[];
  const hashOf = (names: string[]) => {
    if (names.length === 1) return data.fileHashes[names[0]];
    const hash = createHash('sha256');
    for (const n of names) hash.update(fs.readFileSync(path.join(data.dir, n)));
    return hash.digest('hex');
  };
  const out = new Map<string, { sha256: string }>();
  for (const s of data.sources) {
    const names = [...(files.get(s.key) ?? [SEED_FILES.sources])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    out.set(s.key, { sha256: hashOf(names) });
  }
  return out;
}

/** Today in the borough, YYYY-MM-DD. */
export function londonToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

export interface LoadSeedOptions {
  log?: Logger;
  data?: SeedData;
  tasking?: TaskingSeed;
  /**
   * The day the seed is loaded (YYYY-MM-DD; default: today in London). The tasking seed's dates move by
   * whole weeks to it, so that its future is still the future; the same day gives the same data.
   */
  today?: string;
  /** Wakes `dataRefreshed` subscribers once the load commits; without it they find it when they next poll. */
  bus?: WakeUpBus;
}

/**
 * Loads the seed data in one transaction: all of it or, on any error, none. Running it again gives
 * the same database: rows are matched on their natural keys (codes, names, source keys) and the
 * rows that hang off a source (population, councillors, plan priorities) are replaced. The partners'
 * published files (crime, indicators, deprivation, housing, budgets) follow through `loadPublishedSeeds`.
 */
export async function loadSeeds(em: EntityManager, options: LoadSeedOptions = {}): Promise<Record<string, number>> {
  const { log } = options;
  const data = options.data ?? readSeedData();
  const tasking = shiftTaskingSeed(options.tasking ?? readTaskingSeed(undefined, data), options.today ?? londonToday());
  const touched = wardsTouched(data);
  const files = seedFileHashes(data);
  let announced: CommittingChangeLog | undefined;
  const loaded = await em.transactional(async (tx) => {
    const sources = await tx.upsertMany(
      DataSource,
      data.sources
        .filter((s) => s.kind !== 'deprivation')
        .map((s) => ({ ...s, note: s.note || null, wardCodes: [...(touched.get(s.key) ?? [])].sort(), ...files.get(s.key)! })),
      { onConflictFields: ['key'], onConflictAction: 'merge', onConflictExcludeFields: ['loadedAt'] },
    );
    const sourceId = new Map(sources.map((s) => [s.key, s.id]));
    const src = (key: string) => sourceId.get(key)!;

    const localities = await tx.upsertMany(
      Locality,
      data.localities.map((l) => ({ ...l, source: src(l.source) })),
      {
        onConflictFields: ['name'],
        onConflictAction: 'merge',
      },
    );
    const localityId = new Map(localities.map((l) => [l.name, l.id]));

    await tx.upsertMany(
      BoundarySet,
      data.boundarySets.map((b) => ({ code: b.code, name: b.name, effectiveFrom: b.effective_from, source: src(b.source) })),
      { onConflictFields: ['code'], onConflictAction: 'merge' },
    );
    const boundarySource = new Map(data.boundarySets.map((b) => [b.code, src(b.source)]));
    await tx.upsertMany(
      Ward,
      data.wards.map((w) => ({
        code: w.code,
        name: w.name,
        locality: localityId.get(w.locality)!,
        boundarySet: w.boundary_set,
        seats: w.seats,
        source: boundarySource.get(w.boundary_set)!,
      })),
      { onConflictFields: ['code'], onConflictAction: 'merge' },
    );
    await tx.upsertMany(
      Lsoa,
      data.lsoas.map((l) => ({ code: l.code, name: l.name, ward: l.ward_code, source: src(l.source) })),
      { onConflictFields: ['code'], onConflictAction: 'merge' },
    );

    const replaced = (list: { source: string }[]) => [...new Set(list.map((r) => src(r.source)))];
    await tx.nativeDelete(Councillor, { source: { $in: replaced(data.councillors) } });
    await tx.insertMany(
      Councillor,
      data.councillors.map((c) => ({
        ward: c.ward_code,
        name: c.name,
        termStart: c.term_start,
        termEnd: c.term_end,
        source: src(c.source),
      })),
    );
    await tx.nativeDelete(LsoaPopulation, { source: { $in: replaced(data.population) } });
    await tx.insertMany(
      LsoaPopulation,
      data.population.map((p) => ({ lsoa: p.lsoa_code, ageBand: p.age_band, sex: p.sex, count: p.count, source: src(p.source) })),
    );
    // lsoa-deprivation.csv is not loaded here: it feeds the IMD File 7 that loadPublishedSeeds imports.
    await tx.upsertMany(
      Indicator,
      data.indicators.map((i) => ({
        id: i.id,
        name: i.name,
        aim: i.aim,
        polarity: i.polarity,
        valueType: i.value_type,
        multiplier: i.multiplier,
        unit: i.unit,
        description: i.description || null,
      })),
      { onConflictFields: ['id'], onConflictAction: 'merge' },
    );

    const plans = await tx.upsertMany(
      WardPlan,
      data.plans.map((p) => ({
        ward: p.ward_code,
        year: p.year,
        title: p.title,
        publishedOn: p.published_on,
        summary: p.summary,
        source: src(p.source),
      })),
      { onConflictFields: ['ward', 'year'], onConflictAction: 'merge' },
    );
    await tx.nativeDelete(WardPriority, { plan: { $in: plans.map((p) => p.id) } });
    const planId = new Map(plans.map((p) => [`${p.ward.code}|${p.year}`, p.id]));
    const priorities = data.plans.flatMap((p) =>
      p.priorities.map((q, position) => ({
        plan: planId.get(`${p.ward_code}|${p.year}`)!,
        position: position + 1,
        theme: q.theme,
        title: q.title,
        healthAndWellbeingAims: q.hwb_aims,
        plannedActions: q.planned_actions,
      })),
    );
    await tx.insertMany(WardPriority, priorities);

    await tx.upsertMany(
      Partner,
      data.partners.map((p) => ({ name: p.name, kind: p.kind, description: p.description, source: src(p.source) })),
      { onConflictFields: ['name'], onConflictAction: 'merge' },
    );

    announced = changeLog(tx, options.bus);
    await announced.record(
      dataRefreshedEvent({
        sourceIds: sources.map((s) => s.id),
        kinds: [...new Set(sources.map((s) => s.kind))].sort(),
      }),
    );

    // The joint tasking seed (tasking.json): groups, accounts, memberships, cases, meetings, issues.
    const taskingCounts = await loadTaskingSeed(tx, tasking, { localityId });

    const counts = {
      dataSources: data.sources.length,
      localities: data.localities.length,
      boundarySets: data.boundarySets.length,
      wards: data.wards.length,
      lsoas: data.lsoas.length,
      councillors: data.councillors.length,
      populationRows: data.population.length,
      indicators: data.indicators.length,
      wardPlans: data.plans.length,
      wardPriorities: priorities.length,
      partners: data.partners.length,
      ...taskingCounts,
    };
    log?.info(
      `Seed data: ${counts.localities} localities, ${counts.wards} wards, ${counts.councillors} councillors, ` +
        `${counts.lsoas} LSOAs, ${counts.wardPlans} ward plans with ${counts.wardPriorities} priorities, ${counts.partners} partners`,
    );
    return counts;
  });
  await announced?.afterCommit();
  return loaded;
}
