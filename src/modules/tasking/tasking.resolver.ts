import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Allow } from '../../auth';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import { GroupRole, SystemRole } from '../access/access.enums';
import { HubUser } from '../access/hub-user.entity';
import { signedIn } from '../access/access.rules';
import { hasRole, membershipOf } from '../access/viewer';
import type { AccessLoaders } from '../access/access.loaders';
import { Partner } from '../partners/partner.entity';
import type { PartnersLoaders } from '../partners/partners.loaders';
import { encodeCursor } from '../live/live.cursor';
import { Locality } from '../places/locality.entity';
import type { LocalityRow } from '../places/places.service';
import type { PlacesLoaders } from '../places/places.loaders';
import { GroupMember } from './group-member.entity';
import { TaskingGroup } from './tasking-group.entity';
import type { TaskingLoaders } from './tasking.loaders';
import { grantMembership, listGroups, revokeMembership } from './tasking.service';
import { taskingEventType } from './tasking.events';
import { TaskingGroupEvent } from './tasking.types';
import { currentUpdatesCursor, openUpdates, type UpdateItem } from './tasking.updates';

type TaskingContext = Context<TaskingLoaders & AccessLoaders & PartnersLoaders & PlacesLoaders>;

@Resolver(() => TaskingGroup)
export class TaskingGroupResolver {
  @Allow('AUTHENTICATED')
  @Query(() => [TaskingGroup], {
    description: 'The tasking groups, by locality. Anyone signed in may see which groups exist; only members see their cases.',
  })
  taskingGroups(
    @Arg('locality', () => String, { nullable: true, description: 'Only groups of this locality (North, Central or South).' })
    locality: string | null,
    @Ctx() { em }: Context,
  ): Promise<TaskingGroup[]> {
    return listGroups(em, locality);
  }

  @FieldResolver(() => Locality, { description: 'The locality the group works in.' })
  locality(@Root() g: TaskingGroup, @Ctx() { loaders }: TaskingContext): Promise<LocalityRow> {
    return loadRequired(loaders.places.locality, g.locality.id);
  }

  @FieldResolver(() => [GroupMember], {
    description: "The group's current members, chairs first: visible to its members and to admins.",
  })
  members(@Root() g: TaskingGroup, @Ctx() { viewer, loaders }: TaskingContext): Promise<GroupMember[]> {
    if (!viewer || (!membershipOf(viewer, g.id) && !hasRole(viewer, SystemRole.ADMIN))) {
      throw new ForbiddenError(`The members of ${g.name} are visible to its members and admins only.`);
    }
    return loaders.tasking.membersByGroup.load(g.id);
  }

  @FieldResolver(() => [Partner], {
    description: "The agencies the group's current members come from, A to Z: visible to everyone signed in.",
  })
  async agencies(@Root() g: TaskingGroup, @Ctx() { loaders }: TaskingContext): Promise<Partner[]> {
    const members = await loaders.tasking.membersByGroup.load(g.id);
    const ids = [...new Set(members.map((m) => m.user.partner.id))];
    const partners = await Promise.all(ids.map((id) => loadRequired(loaders.partners.partner, id)));
    return partners.sort((a, b) => a.name.localeCompare(b.name));
  }

  @FieldResolver(() => GroupRole, { nullable: true, description: 'Your role in the group, or null if you are not a member.' })
  myRole(@Root() g: TaskingGroup, @Ctx() { viewer }: Context): GroupRole | null {
    return (viewer && membershipOf(viewer, g.id)?.role) ?? null;
  }

  @Allow(SystemRole.ADMIN)
  @Mutation(() => GroupMember, { description: 'Adds an account to a tasking group (admins).' })
  grantMembership(
    @Arg('userId', () => ID, { description: 'The account.' }) userId: string,
    @Arg('groupId', () => ID, { description: 'The group.' }) groupId: string,
    @Arg('role', () => GroupRole, { description: 'Chair or member.' }) role: GroupRole,
    @Ctx() { em, bus }: Context,
  ): Promise<GroupMember> {
    return grantMembership(em, bus, { userId, groupId, role });
  }

  @Allow(SystemRole.ADMIN)
  @Mutation(() => GroupMember, {
    description: "Ends a membership (admins). The account's live subscriptions to the group end within moments.",
  })
  revokeMembership(@Arg('id', () => ID, { description: 'The membership.' }) id: string, @Ctx() { em, bus }: Context): Promise<GroupMember> {
    return revokeMembership(em, bus, id);
  }
}

@Resolver(() => GroupMember)
export class GroupMemberResolver {
  @FieldResolver(() => HubUser, { description: 'The member.' })
  user(@Root() m: GroupMember, @Ctx() { loaders }: TaskingContext): Promise<HubUser> {
    return loadRequired(loaders.access.user, m.user.id);
  }

  @FieldResolver(() => TaskingGroup, { description: 'The group.' })
  group(@Root() m: GroupMember, @Ctx() { loaders }: TaskingContext): Promise<TaskingGroup> {
    return loadRequired(loaders.tasking.taskingGroup, m.group.id);
  }
}

/** The fields tasking adds to User. */
@Resolver(() => HubUser)
export class UserResolver {
  @FieldResolver(() => Partner, { description: 'The organisation the account belongs to.' })
  organisation(@Root() u: HubUser, @Ctx() { loaders }: TaskingContext): Promise<Partner> {
    return loadRequired(loaders.partners.partner, u.partner.id);
  }

  @FieldResolver(() => [GroupMember], { description: "The account's current group memberships: visible to the account itself and admins." })
  memberships(@Root() user: HubUser, @Ctx() { viewer, loaders }: TaskingContext): Promise<GroupMember[]> {
    const who = signedIn(viewer);
    if (who.userId !== user.id && !hasRole(who, SystemRole.ADMIN)) {
      throw new ForbiddenError("Only the account itself and admins may see an account's memberships.");
    }
    return loaders.tasking.membershipsByUser.load(user.id);
  }
}

@Resolver(() => TaskingGroupEvent)
export class TaskingUpdatesResolver {
  @Allow('PERSON')
  @Query(() => String, {
    description:
      "Where your live updates in a locality stand now: read it together with the cases you show, then subscribe to `taskingGroupUpdates` with it as `since`, and nothing that changes in between is missed. Members of the locality's groups only.",
  })
  taskingGroupUpdatesCursor(
    @Arg('locality', { description: 'The locality: North, Central or South.' }) locality: string,
    @Ctx() { em, viewer }: Context,
  ): Promise<string> {
    return currentUpdatesCursor(em, viewer, locality);
  }

  @Allow('PERSON')
  @Subscription(() => TaskingGroupEvent, {
    description:
      'Live changes in your tasking groups of one locality: cases, actions, meetings, decisions and issues. With `since`, first replays what you missed, then goes live, with no gap and no duplicate. Ends with an error when your membership is revoked or your token expires.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      return openUpdates(ctx.em, ctx.viewer, args as { locality: string; since?: string | null }, {
        recheckMs: ctx.live.recheckMs,
        feed: ctx.live.feed,
        fork: () => ctx.fork(),
        onViewer: (viewer) => {
          ctx.viewer = viewer;
        },
      });
    },
  })
  taskingGroupUpdates(
    @Root() item: UpdateItem,
    @Arg('locality', { description: 'The locality: North, Central or South.' }) _locality: string,
    @Arg('since', () => String, { nullable: true, description: 'The cursor of the last event you received; omit to start from now.' })
    _since: string | null,
    @Ctx() context: Context,
  ): TaskingGroupEvent {
    if ('end' in item) throw item.end;
    context.renew();
    const { event } = item;
    return {
      cursor: encodeCursor(event.cursor),
      type: taskingEventType(event.type),
      occurredAt: event.createdAt,
      payload: event.payload as unknown as TaskingGroupEvent['payload'],
    };
  }

  @FieldResolver(() => TaskingGroup, { description: 'The group it happened in.' })
  group(@Root() e: TaskingGroupEvent, @Ctx() { loaders }: TaskingContext): Promise<TaskingGroup> {
    return loadRequired(loaders.tasking.taskingGroup, e.payload.groupId);
  }
}
