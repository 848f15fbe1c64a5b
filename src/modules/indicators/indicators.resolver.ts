import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
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
