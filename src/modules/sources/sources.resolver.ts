import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow } from '../../auth';
import type { Context } from '../../context';
import { loadSourcesStillHeld, type SourcesLoaders } from './sources.loaders';
import { pageCost } from '../../limits';
import { Connection, PageArgs, type Page } from '../../pagination';
import type { DataRefreshedPayload } from '../imports/import.events';
import { encodeCursor } from '../live/live.cursor';
import type { StreamItem } from '../live/live.stream';
import { DataRefreshed, SkipCount } from './data-refreshed.types';
import { DataSource } from './data-source.entity';
import { listSources } from './sources.service';
import { currentDataCursor, openDataRefreshed } from './sources.updates';

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
    return Object.entries(source.rowsSkipped).map(([reason, count]) => ({ reason, count }));
  }
}

@Resolver(() => DataRefreshed)
export class DataRefreshedResolver {
  @Allow('AUTHENTICATED')
  @Query(() => String, {
    description:
      'Where data loads stand now: read it together with the figures you show, then subscribe to `dataRefreshed` with it as `since`, and no load that commits in between is missed.',
  })
  dataRefreshedCursor(@Ctx() { em }: Context): Promise<string> {
    return currentDataCursor(em);
  }

  @Allow('AUTHENTICATED')
  @Subscription(() => DataRefreshed, {
    description:
      'Tells you each time new data is loaded (seed data now; imports as they arrive), once it has committed. With `since`, first replays the loads you missed, then goes live, with no gap and no duplicate.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return openDataRefreshed(args as { kinds?: string[] | null; since?: string | null }, {
        feed: ctx.live.feed,
        fork: () => ctx.fork(),
      });
    },
  })
  dataRefreshed(
    @Root() item: StreamItem,
    @Arg('kinds', () => [String], { nullable: true, description: 'Only announce loads of these kinds.' })
    _kinds: string[] | undefined,
    @Arg('since', () => String, {
      nullable: true,
      description:
        'The cursor of the last load you were told of; omit to start from now. A load replayed from it lists the sources it loaded that the hub still holds.',
    })
    _since: string | null,
    @Ctx() context: Context,
  ): DataRefreshed {
    if ('end' in item) throw item.end;
    context.renew();
    const { event } = item;
    const payload = event.payload as unknown as DataRefreshedPayload;
    return { cursor: encodeCursor(event.cursor), kinds: payload.kinds, sourceIds: payload.sourceIds };
  }

  @FieldResolver(() => [DataSource], { description: 'The sources that were loaded.' })
  sources(@Root() event: DataRefreshed, @Ctx() { loaders }: SourcesContext): Promise<DataSource[]> {
    return loadSourcesStillHeld(loaders, event.sourceIds);
  }
}
