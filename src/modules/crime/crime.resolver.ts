import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../auth';
import { WORK, workCost } from '../../limits';
import type { Context } from '../../context';
import { loadSources, type SourcesLoaders } from '../sources/sources.loaders';
import { Borough } from '../places/borough.types';
import { Locality } from '../places/locality.entity';
import { findBorough, type LocalityRow, type LsoaRow, type WardRow } from '../places/places.service';
import { Lsoa } from '../places/lsoa.entity';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import { loadCrime, loadCrimeSourceIds, loadOutcomes, type CrimeLoaders } from './crime.loaders';
import { outcomeCounts } from './crime.service';
import { CategoryCount, CrimeArgs, CrimeSummary, OutcomeCount } from './crime.types';

const DESCRIPTION =
  'Police-recorded crime and anti-social behaviour from police.uk: by month and type, per 1,000 residents, ' +
  'against the same months a year earlier, with outcomes. Default period: the latest twelve months loaded.';

type CrimeContext = Context<CrimeLoaders & SourcesLoaders>;

@Resolver(() => Ward)
export class WardCrimeResolver {
  @FieldResolver(() => CrimeSummary, { description: DESCRIPTION, complexity: workCost(WORK.crime) })
  crime(@Root() ward: WardRow, @Args() args: CrimeArgs, @Ctx() { loaders }: CrimeContext): Promise<CrimeSummary> {
    return loadCrime(loaders, 'ward', ward.code, args);
  }
}

@Resolver(() => Lsoa)
export class LsoaCrimeResolver {
  // The same summary as a ward's, grouped by LSOA: a ward's crime is the sum of its LSOAs'.
  @FieldResolver(() => CrimeSummary, { description: DESCRIPTION, complexity: workCost(WORK.crime) })
  crime(@Root() lsoa: LsoaRow, @Args() args: CrimeArgs, @Ctx() { loaders }: CrimeContext): Promise<CrimeSummary> {
    return loadCrime(loaders, 'lsoa', lsoa.code, args);
  }
}

@Resolver(() => Locality)
export class LocalityCrimeResolver {
  @FieldResolver(() => CrimeSummary, { description: DESCRIPTION, complexity: workCost(WORK.crime) })
  crime(@Root() locality: LocalityRow, @Args() args: CrimeArgs, @Ctx() { loaders }: CrimeContext): Promise<CrimeSummary> {
    return loadCrime(loaders, 'locality', String(locality.id), args);
  }
}

@Resolver(() => Borough)
export class BoroughResolver {
  @Allow('AUTHENTICATED')
  @Query(() => Borough, { description: 'The whole borough, for totals to set ward and locality figures against.' })
  borough(@Ctx() { em }: Context): Promise<Borough> {
    return findBorough(em);
  }

  @FieldResolver(() => CrimeSummary, { description: DESCRIPTION, complexity: workCost(WORK.crime) })
  crime(@Args() args: CrimeArgs, @Ctx() { loaders }: CrimeContext): Promise<CrimeSummary> {
    return loadCrime(loaders, 'borough', 'borough', args);
  }
}

@Resolver(() => CrimeSummary)
export class CrimeSummaryResolver {
  @FieldResolver(() => [DataSource], { description: 'The police.uk files the counts came from.' })
  async sources(@Root() summary: CrimeSummary, @Ctx() { loaders }: CrimeContext): Promise<DataSource[]> {
    return loadSources(loaders, await loadCrimeSourceIds(loaders, summary.scope));
  }

  // Description and cost are on the type's field (CrimeSummary.outcomes).
  @FieldResolver(() => [OutcomeCount])
  async outcomes(@Root() summary: CrimeSummary, @Ctx() { loaders }: CrimeContext): Promise<OutcomeCount[]> {
    return outcomeCounts(await loadOutcomes(loaders, summary.scope));
  }
}

@Resolver(() => CategoryCount)
export class CategoryCountResolver {
  @FieldResolver(() => [OutcomeCount])
  async outcomes(@Root() count: CategoryCount, @Ctx() { loaders }: CrimeContext): Promise<OutcomeCount[]> {
    return outcomeCounts(await loadOutcomes(loaders, count.scope), count.category);
  }
}
