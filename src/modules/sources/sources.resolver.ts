import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { loadSources, type SourcesLoaders } from './sources.loaders';
import { pageCost } from '../../limits';
import { Connection, PageArgs, type Page } from '../../pagination';
import { TOPICS, type DataRefreshedMessage } from '../../pubsub';
import { DataRefreshed, SkipCount } from './data-refreshed.types';
import { DataSource } from './data-source.entity';
import { listSources } from './sources.service';

export const DataSourceConnection = Connection(DataSource, 'DataSource', 'data sources');

type SourcesContext = Context<SourcesLoaders>;

@Resolver(() => DataSource)
export class DataSourceResolver {
  @Allow('AUTHENTICATED')
  @Query(() => DataSourceConnection, {
    description: 'Every data source loaded into the hub, newest first, so any figure can be traced and cited.',
    complexity: pageCost,
  })
  dataSources(
    @Args() page: PageArgs,
    @Arg('kind', () => String, { nullable: true, description: 'Only sources of this kind, e.g. population.' })
    kind: string | undefined,
    @Ctx() { em, limits }: Context,
  ): Promise<Page<DataSource>> {
    return listSources(em, kind, page, limits.maxPageSize);
  }

  @FieldResolver(() => [SkipCount], { description: 'Rows read but not loaded, by reason (imports only).' })
  skipped(@Root() source: DataSource): SkipCount[] {
    return Object.entries(source.rowsSkipped ?? {}).map(([reason, count]) => ({ reason, count }));
  }
}

@Resolver(() => DataRefreshed)
export class DataRefreshedResolver {
  @Allow('AUTHENTICATED')
  @Subscription(() => DataRefreshed, {
    topics: TOPICS.DATA_REFRESHED,
    filter: ({ payload, args }: { payload: DataRefreshedMessage; args: { kinds?: string[] | null } }) =>
      !args.kinds || payload.kinds.some((k) => args.kinds!.includes(k)),
    description: 'Tells you each time new data is loaded (seed data now; imports as they arrive), once it has committed.',
  })
  dataRefreshed(
    @Root() message: DataRefreshedMessage,
    @Arg('kinds', () => [String], { nullable: true, description: 'Only announce loads of these kinds.' })
    _kinds: string[] | undefined,
    @Ctx() context: Context,
  ): DataRefreshed {
    context.renew();
    return { kinds: message.kinds, sourceIds: message.sourceIds };
  }

  @FieldResolver(() => [DataSource], { description: 'The sources that were loaded.' })
  sources(@Root() event: DataRefreshed, @Ctx() { loaders }: SourcesContext): Promise<DataSource[]> {
    return loadSources(loaders, event.sourceIds);
  }
}
