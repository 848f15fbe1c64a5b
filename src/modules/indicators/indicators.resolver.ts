import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../auth';
import { HealthAndWellbeingAim } from '../plans/plan.enums';
import { Indicator } from './indicator.entity';
import { findIndicators, type IndicatorCoverage } from './indicators.service';
import { type WardRow } from '../places/places.service';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { listCost, WORK } from '../../limits';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';
import { loadSources, type SourcesLoaders } from '../sources/sources.loaders';
import type { IndicatorsLoaders } from './indicators.loaders';
import { IndicatorArgs, IndicatorFigure, IndicatorResult } from './indicators.types';

type IndicatorsContext = Context<IndicatorsLoaders & SourcesLoaders>;

@Resolver(() => Ward)
export class WardIndicatorsResolver {
  @FieldResolver(() => [IndicatorResult], {
    description:
      "JSNA indicators for the ward (OHID Fingertips): latest value, trend, and comparisons with the ward's locality, " +
      'the borough and England, with its rank among the wards.',
    complexity: listCost(25, WORK.indicators),
  })
  async indicators(@Root() ward: WardRow, @Args() args: IndicatorArgs, @Ctx() { loaders }: IndicatorsContext): Promise<IndicatorResult[]> {
    const normalised = { ids: args.ids ? [...new Set(args.ids)].sort((a, b) => a - b) : null, aim: args.aim ?? null };
    return (await loaders.indicators.wardIndicators.load({ key: ward.code, args: normalised })) ?? [];
  }
}

@Resolver(() => IndicatorFigure)
export class IndicatorFigureResolver {
  @FieldResolver(() => DataSource, { nullable: true, description: 'The import the value came from; null when the hub worked it out.' })
  async source(@Root() figure: IndicatorFigure, @Ctx() { loaders }: IndicatorsContext): Promise<DataSource | null> {
    return figure.sourceId == null ? null : loadRequired(loaders.sources.source, figure.sourceId);
  }

  @FieldResolver(() => [DataSource], {
    description:
      "Every source the figure rests on: the import it came from, or for a figure the hub worked out (a locality's) " +
      'the imports of the wards it was summed from and the source of the grouping of wards into localities.',
    complexity: listCost(5),
  })
  sources(@Root() figure: IndicatorFigure, @Ctx() { loaders }: IndicatorsContext): Promise<DataSource[]> {
    return loadSources(loaders, figure.sourceIds);
  }
}

/** The indicator catalogue, and what the hub holds of each indicator. */
@Resolver(() => Indicator)
export class IndicatorCatalogueResolver {
  @Allow('AUTHENTICATED')
  @Query(() => [Indicator], {
    description: 'Every JSNA indicator the hub holds, by aim then name: what each measures and how much of it is loaded.',
    complexity: listCost(25),
  })
  indicators(
    @Arg('aim', () => HealthAndWellbeingAim, { nullable: true, description: 'Only indicators serving this Health and Wellbeing aim.' })
    aim: HealthAndWellbeingAim | undefined,
    @Ctx() { em }: IndicatorsContext,
  ): Promise<Indicator[]> {
    return findIndicators(em, { aim: aim ?? null });
  }

  @FieldResolver(() => [HealthAndWellbeingAim], { description: 'The Health and Wellbeing aims the indicator serves.' })
  aims(@Root() indicator: Indicator): HealthAndWellbeingAim[] {
    return indicator.aim ? [indicator.aim] : [];
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The latest period any value of the indicator was loaded for, as published (e.g. "2022/23"); null when none is.',
  })
  async latestPeriod(@Root() indicator: Indicator, @Ctx() { loaders }: IndicatorsContext): Promise<string | null> {
    return (await coverage(loaders, indicator)).latestPeriod;
  }

  @FieldResolver(() => Int, { description: "How many of the hub's wards have a value in the latest period." })
  async wardsCovered(@Root() indicator: Indicator, @Ctx() { loaders }: IndicatorsContext): Promise<number> {
    return (await coverage(loaders, indicator)).wardsCovered;
  }

  @FieldResolver(() => DataSource, {
    nullable: true,
    description: 'The import the latest period came from (the newest, if several); null when no value is loaded.',
  })
  async source(@Root() indicator: Indicator, @Ctx() { loaders }: IndicatorsContext): Promise<DataSource | null> {
    const { sourceId } = await coverage(loaders, indicator);
    return sourceId == null ? null : loadRequired(loaders.sources.source, sourceId);
  }
}

async function coverage(loaders: IndicatorsContext['loaders'], indicator: Indicator): Promise<IndicatorCoverage> {
  return (await loaders.indicators.coverage.load(indicator.id)) ?? { latestPeriod: null, wardsCovered: 0, sourceId: null };
}
